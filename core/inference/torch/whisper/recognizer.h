#pragma once
// Whisper as the rest of Dragoman uses it: load a Hugging Face folder, transcribe 16 kHz audio.
// No torch and no Qt in this header (pimpl); errors are ModelError (core/inference/torch/errors.h).
// One Recognizer is used by one thread at a time; c10::InferenceMode is entered inside each call,
// on the calling (worker) thread.

#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/whisper/types.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dragoman::torchrt::whisper {

struct LoadReport {
  std::string folder;
  std::string weights;    // file(s) read
  std::string device;     // "cpu", "cuda:0"
  std::string dtype;      // "float32", ...
  double loadMs = 0;      // config + tokenizer + weights
  long long weightBytes = 0;
  long long rssGrowthBytes = 0; // resident memory the load added (CPU)
  int dModel = 0, encoderLayers = 0, decoderLayers = 0, melBins = 0, vocabSize = 0;
  bool multilingual = true;
};

// The first 30-second window, for `dragoman asr --dump`.
struct WindowDump {
  int melBins = 0;
  std::vector<float> mel;     // [melBins, 3000]
  int dModel = 0;
  std::vector<float> encoder; // [1500, dModel]
};

class Recognizer {
public:
  // Throws ModelError: NotFound / Corrupt / Unsupported for the folder's files, Device for the runtime.
  static std::unique_ptr<Recognizer> load(const std::string &folder, const RuntimeOptions &runtime);
  ~Recognizer();

  const LoadReport &report() const;
  bool knowsLanguage(const std::string &code) const;
  std::vector<std::string> languages() const;

  // Transcribes (or translates to English) 16 kHz mono audio of any length. onSegment is called as
  // each segment is decoded. Throws ModelError: Cancelled when abort is set, Input for bad options.
  Transcript transcribe(const float *samples, std::size_t count, const DecodeOptions &options,
                        const std::atomic_bool &abort, const std::function<void(const Segment &)> &onSegment = {});

  WindowDump dumpFirstWindow(const float *samples, std::size_t count);

private:
  Recognizer();
  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::torchrt::whisper
