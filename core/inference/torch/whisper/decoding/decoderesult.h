#pragma once
// What decoding one 30-second window produced (openai's DecodingResult), and the rules that judge
// it: temperature fallback and the no-speech skip. No torch.

#include "core/inference/torch/whisper/types.h"

#include <string>
#include <vector>

namespace dragoman::torchrt::whisper {

struct DecodeResult {
  std::vector<int> tokens;   // sampled ids after the prompt, without the final end-of-text
                             // (plainArgmax: every generated id, end-of-text included)
  bool endedWithEot = false; // the chosen hypothesis finished with end-of-text
  std::string text;          // tokens as text, trimmed
  double sumLogprob = 0;
  double avgLogprob = 0;   // sumLogprob / (tokens + 1), the end-of-text counted
  double noSpeechProb = 0; // P(<|nospeech|>) at the start-of-transcript position
  double temperature = 0;
  double compressionRatio = 0;
  int steps = 0; // tokens chosen per row; the decoder ran as many forwards (the prompt's included)
};

// openai's decode_with_fallback test: too repetitive or too unlikely, unless it is silence (then a
// hotter decode would only invent words).
bool needsFallback(const DecodeResult &result, const DecodeOptions &options);

// openai's no-speech skip: likely silence and not confidently decoded.
bool isSilentWindow(const DecodeResult &result, const DecodeOptions &options);

// ASCII and common Unicode spaces trimmed from both ends (Python's str.strip for our purposes).
std::string trimText(const std::string &text);

} // namespace dragoman::torchrt::whisper
