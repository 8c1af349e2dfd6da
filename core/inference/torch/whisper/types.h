#pragma once
// Whisper options and results as the rest of Dragoman sees them: no torch, no Qt.

#include <string>
#include <vector>

namespace dragoman::torchrt::whisper {

enum class Task { Transcribe, Translate };

struct DecodeOptions {
  Task task = Task::Transcribe;
  std::string language;             // ISO code ("en"); empty: detect from the first window
  bool timestamps = true;           // false: <|notimestamps|>, one segment per window
  int beamSize = 5;                 // 1: greedy (at temperature 0)
  int bestOf = 5;                   // samples drawn at temperature > 0
  double lengthPenalty = -1;        // < 0: rank by sum log-prob / length (openai's default)
  double patience = 1.0;            // beam search: stop after beamSize * patience finished candidates
  std::vector<double> temperatures = {0.0, 0.2, 0.4, 0.6, 0.8, 1.0}; // fallback ladder
  double compressionRatioThreshold = 2.4; // gzip ratio above this: too repetitive, retry hotter
  double logprobThreshold = -1.0;   // average log-prob below this: retry hotter
  double noSpeechThreshold = 0.6;   // no-speech probability above this (and logprob low): silence
  bool conditionOnPreviousText = true;
  std::string initialPrompt;        // context / hotwords before the first window
  bool suppressBlank = true;
  bool suppressNonSpeech = true;    // openai's suppress_tokens "-1"
  std::vector<int> suppressTokens;  // extra ids never produced
  int maxNewTokens = 0;             // 0: up to half the text context (224)
  double maxInitialTimestamp = 1.0; // seconds
  // Probe mode (dragoman asr --no-suppress --greedy --max-new-tokens N): plain argmax for exactly
  // maxNewTokens steps, no logit filters, no early stop at end-of-text.
  bool plainArgmax = false;
  // The repetition-loop guard (a token loop inside a window, the same segment again and again):
  // off only to compare the long-form loop with openai/whisper's transcribe(), which has none.
  bool loopGuard = true;
  unsigned long long seed = 0;      // sampling at temperature > 0
};

struct Segment {
  double start = 0; // seconds from the start of the audio
  double end = 0;
  std::string text; // UTF-8
  std::vector<int> tokens;
  double avgLogprob = 0;
  double noSpeechProb = 0;
  double compressionRatio = 0;
  double temperature = 0;
};

struct Transcript {
  std::string language;            // detected or given
  double languageProbability = 0;  // when detected
  std::vector<Segment> segments;
  std::string text;                // segments joined
  bool repetitionStopped = false;  // a repetition loop was detected and cut
  std::string warning;             // what was cut and where, for the log
  std::vector<long long> firstWindowTokens; // prompt + generated ids of the first window (probe --dump)
  int windows = 0;                 // 30-second windows decoded
  int fallbacks = 0;               // windows decoded again at a higher temperature
  int decodedTokens = 0;           // tokens generated, all windows and retries
};

} // namespace dragoman::torchrt::whisper
