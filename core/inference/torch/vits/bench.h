#pragma once
// `dragoman bench tts`: VITS speed and memory on a real voice (a Piper .onnx or a Hugging Face
// folder) or a random-weight network of a known size (speed does not depend on the weights'
// values): load time, time and real-time factor per sentence length, the first sentence of a
// text (time to first audio, as streaming plays it), peak memory. No torch, no Qt in this header.

#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/runtime/timing.h"
#include "core/inference/torch/vits/config.h"

#include <string>
#include <vector>

namespace dragoman::torchrt::vits {

// The sizes people run: piper-x-low, piper-low, piper-medium, piper-high, mms.
std::vector<std::string> knownVoiceSizes();
// The configuration of a voice of one of those sizes (Piper's training presets: x-low; low and
// medium share one; high; and MMS-TTS). Throws ModelError(Input) for another name.
VitsConfig voiceShape(const std::string &size);

struct TtsBenchOptions {
  std::string voice;  // a Piper .onnx or a VITS folder; empty: a random network of `size`
  std::string size;   // knownVoiceSizes()
  RuntimeOptions runtime;
  int runs = 5;
  int framesPerId = 3; // random networks: the length each id is given
  // The sentences as model ids (Piper voices: as espeakphonemizer gives them; others: tokenizer ids).
  std::vector<std::vector<long long>> sentences;
  std::vector<long long> firstSentence; // a text's first sentence: time to first audio
};

struct TtsSentenceTiming {
  int ids = 0;
  long long samples = 0;
  double audioSeconds = 0;
  Timing ms;
  double realTimeFactor = 0; // median time over audio length
  Timing firstPieceMs;       // streamed in pieces (the first kFirstPieceSeconds long): until the first is made
};

struct TtsBenchResult {
  std::string voice, format, device, dtype;
  int threads = 0;     // LibTorch intra-op threads
  int blasThreads = 0; // OpenBLAS's (0: not OpenBLAS)
  int sampleRate = 0;
  double loadMs = 0;     // reading the voice (0 for a random network)
  double weightMib = 0;
  std::vector<TtsSentenceTiming> sentences;
  Timing firstAudioMs;   // the first sentence alone
  long long peakRssBytes = 0;
};

// Noise scales 0 (lengths fixed run to run). Throws ModelError.
TtsBenchResult benchVits(const TtsBenchOptions &options);

// Writes a Hugging Face VITS folder (config.json, model.safetensors, vocab.json,
// tokenizer_config.json) of a known size with random weights, so that live sessions and calls can
// time a voice of that size (`dragoman bench make-model --kind tts`). Its vocabulary is the
// characters of Latin-script languages (lower case, digits, punctuation), blanks between them; each
// id lasts framesPerId frames. Piper's sizes use its resblock "2" generator, which Hugging Face's
// config has no field for: their config.json says "resblock_type": 2, a field only Dragoman reads.
// The folder is created; existing files are replaced. Throws ModelError.
void writeRandomVoice(const std::string &folder, const std::string &size, unsigned long long seed, int framesPerId);

} // namespace dragoman::torchrt::vits
