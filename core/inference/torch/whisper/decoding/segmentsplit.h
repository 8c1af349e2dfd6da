#pragma once
// Turns one window's tokens into timed segments and says where the next window starts, as the
// long-form loop of openai/whisper's transcribe.py. No torch.

#include "core/inference/torch/whisper/decoding/decoderesult.h"

#include <vector>

namespace dragoman::torchrt::whisper {

struct WhisperVocab;

constexpr double kSecondsPerFrame = 0.01;    // mel hop 160 at 16 kHz
constexpr long long kFramesPerTimestamp = 2; // encoder stride: one timestamp step is 2 mel frames

struct WindowSplit {
  // Every segment openai would make, in order; an instantaneous or blank one has empty text and tokens.
  std::vector<Segment> segments;
  long long nextSeek = 0;             // absolute mel frame where the next window starts
  bool singleTimestampEnding = false; // ended "text <|t|>": nothing was said after t
  bool hasCompletePairs = false;      // some segment was closed by a <|t|><|t|> pair
};

// tokens: what the window produced (result.tokens, or a cut-down copy); seek: the window's first
// mel frame; segmentFrames: content frames in this window (<= 3000). Segments carry the result's
// scores. With consecutive timestamps the output is cut into segments at each pair; an unfinished
// last segment is dropped and the next window starts at its last timestamp. Without pairs the
// window becomes one segment and the next window starts after it.
WindowSplit splitWindow(const std::vector<int> &tokens, const DecodeResult &result, const WhisperVocab &vocab,
                        long long seek, long long segmentFrames);

} // namespace dragoman::torchrt::whisper
