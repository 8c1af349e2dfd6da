#include "core/inference/torch/whisper/recognizer.h"

#include "core/inference/torch/runtime/memory.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/guarded.h"
#include "core/inference/torch/whisper/bench.h"
#include "core/inference/torch/whisper/decoding/transcriber.h"
#include "core/inference/torch/whisper/loader.h"
#include "core/inference/torch/whisper/mel.h"
#include "core/inference/torch/tokenizers/whispervocab.h"
#include "core/telemetry/profiler/profiler.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <chrono>

namespace dragoman::torchrt::whisper {

struct Recognizer::Impl {
  LoadReport report;
  std::unique_ptr<WhisperModel> model;
  WhisperVocab vocab;
};

Recognizer::Recognizer() : d(std::make_unique<Impl>()) {}
Recognizer::~Recognizer() = default;

std::unique_ptr<Recognizer> Recognizer::load(const std::string &folder, const RuntimeOptions &runtime) {
  c10::InferenceMode guard;
  applyThreads(runtime.threads);
  const ResolvedRuntime resolved = resolveRuntime(runtime);
  const auto start = std::chrono::steady_clock::now();
  const long long rssBefore = currentRssBytes();
  std::unique_ptr<Recognizer> r(new Recognizer);
  const WhisperConfig config = loadConfig(folder); // config errors before the big read
  r->d->vocab = WhisperVocab::load(folder, config.vocabSize);
  r->d->model = guarded("loading the model", [&] { return loadWhisperModel(folder, resolved); });
  LoadReport &rep = r->d->report;
  rep.folder = folder;
  rep.device = resolved.device;
  rep.dtype = resolved.dtype;
  rep.loadMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  rep.weightBytes = r->d->model->parameterBytes();
  rep.rssGrowthBytes = currentRssBytes() - rssBefore;
  rep.dModel = config.dModel;
  rep.encoderLayers = config.encoderLayers;
  rep.decoderLayers = config.decoderLayers;
  rep.melBins = config.numMelBins;
  rep.vocabSize = config.vocabSize;
  rep.multilingual = r->d->vocab.multilingual;
  return r;
}

const LoadReport &Recognizer::report() const { return d->report; }

bool Recognizer::knowsLanguage(const std::string &code) const { return d->vocab.languageToken(code).has_value(); }

std::vector<std::string> Recognizer::languages() const {
  std::vector<std::string> out;
  for (const auto &entry : d->vocab.languages)
    out.push_back(entry.first);
  return out;
}

Transcript Recognizer::transcribe(const float *samples, std::size_t count, const DecodeOptions &options,
                                  const std::atomic_bool &abort, const std::function<void(const Segment &)> &onSegment) {
  DRAGOMAN_PROFILE_SCOPE("whisper.transcribe");
  c10::InferenceMode guard;
  if (!options.language.empty() && !knowsLanguage(options.language))
    throw ModelError(ErrorCode::Input, "whisper does not know the language '" + options.language + "'");
  return guarded("transcribing", [&] {
    return whisper::transcribe(*d->model, d->vocab, samples, count, options, abort, onSegment);
  });
}

WindowDump Recognizer::dumpFirstWindow(const float *samples, std::size_t count) {
  c10::InferenceMode guard;
  return guarded("encoding", [&] {
    WindowDump dump;
    const int mels = d->model->config().numMelBins;
    const at::Tensor mel = melWindow(logMelSpectrogram(samples, count, mels), 0).contiguous();
    const at::Tensor enc = d->model->encode(mel.unsqueeze(0))[0].to(at::kCPU, at::kFloat).contiguous();
    dump.melBins = mels;
    dump.mel.assign(mel.data_ptr<float>(), mel.data_ptr<float>() + mel.numel());
    dump.dModel = d->model->config().dModel;
    dump.encoder.assign(enc.data_ptr<float>(), enc.data_ptr<float>() + enc.numel());
    return dump;
  });
}

} // namespace dragoman::torchrt::whisper
