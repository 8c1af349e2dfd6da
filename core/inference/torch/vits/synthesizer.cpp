#include "core/inference/torch/vits/synthesizer.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/guarded.h"
#include "core/inference/torch/runtime/safetensors.h"
#include "core/inference/torch/vits/model.h"
#include "core/inference/torch/vits/piper.h"
#include "core/inference/torch/vits/tokenizer.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <chrono>
#include <cmath>
#include <filesystem>

namespace dragoman::torchrt::vits {

struct Synthesizer::Impl {
  VoiceReport report;
  std::unique_ptr<VitsTokenizer> tokenizer; // null for a Piper voice
  std::unique_ptr<VitsModel> model;
};

Synthesizer::Synthesizer() : d(std::make_unique<Impl>()) {}
Synthesizer::~Synthesizer() = default;

std::unique_ptr<Synthesizer> Synthesizer::load(const std::string &path, const RuntimeOptions &runtime) {
  const auto start = std::chrono::steady_clock::now();
  const std::filesystem::path p(path);
  if (p.extension() == ".onnx") {
    std::unique_ptr<Synthesizer> s(new Synthesizer());
    guarded("loading the Piper voice", [&] {
      c10::InferenceMode mode;
      const ResolvedRuntime resolved = resolveRuntime(runtime);
      const PiperVoice voice = loadPiperVoice(path);
      s->d->model = std::make_unique<VitsModel>(voice.tensors, voice.origins, path, voice.config, resolved);
      VoiceReport &r = s->d->report;
      r.path = path;
      r.format = "piper";
      r.language = voice.voice.espeakVoice;
      r.phonemeIdMap = voice.voice.phonemeIdMap;
      r.speakers = voice.config.numSpeakers;
      r.speakerNames = voice.voice.speakerIdMap;
      r.sampleRate = voice.config.samplingRate;
      r.device = resolved.device;
      r.dtype = resolved.dtype;
    });
    s->d->report.loadMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return s;
  }
  if (!std::filesystem::is_directory(p))
    throw ModelError(ErrorCode::NotFound, path + ": not a VITS folder (config.json, model.safetensors, vocab.json)");
  std::unique_ptr<Synthesizer> s(new Synthesizer());
  guarded("loading the VITS voice", [&] {
    c10::InferenceMode mode;
    const ResolvedRuntime resolved = resolveRuntime(runtime);
    const VitsConfig config = loadVitsConfig(path);
    s->d->tokenizer = std::make_unique<VitsTokenizer>(VitsTokenizer::load(path));
    s->d->model = std::make_unique<VitsModel>(path, config, resolved);
    VoiceReport &r = s->d->report;
    r.path = path;
    r.format = "vits";
    r.language = s->d->tokenizer->language();
    r.sampleRate = config.samplingRate;
    r.speakers = config.numSpeakers;
    r.device = resolved.device;
    r.dtype = resolved.dtype;
  });
  s->d->report.loadMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return s;
}

const VoiceReport &Synthesizer::report() const { return d->report; }

double Synthesizer::defaultLengthScale() const { return d->model->defaultOptions().lengthScale; }

int Synthesizer::maxIds() { return VitsModel::kMaxIds; }

std::vector<long long> Synthesizer::encode(const std::string &text) const {
  return d->tokenizer ? d->tokenizer->encode(text) : std::vector<long long>{};
}

Utterance Synthesizer::speak(const std::string &text, const SpeechOptions &options, int index, const SamplesPiece &piece) const {
  if (!d->tokenizer)
    throw ModelError(ErrorCode::Unsupported, d->report.path + ": the phonemisation of a Piper voice is done outside "
                                                              "(eSpeak NG); speak its phoneme ids with speakIds()");
  Utterance u;
  u.text = d->tokenizer->normalize(text);
  if (u.text.empty())
    return u; // nothing the voice can say: no ids, no samples
  u.ids = d->tokenizer->encode(text);
  return run(std::move(u), options, index, piece);
}

Utterance Synthesizer::speakIds(const std::vector<long long> &ids, const SpeechOptions &options, int index,
                                const SamplesPiece &piece) const {
  if (ids.empty())
    throw ModelError(ErrorCode::Input, d->report.path + ": no input ids");
  Utterance u;
  u.ids = ids;
  return run(std::move(u), options, index, piece);
}

Utterance Synthesizer::run(Utterance u, const SpeechOptions &options, int index, const SamplesPiece &piece) const {
  return guarded("VITS synthesis", [&] {
    c10::InferenceMode mode;
    SynthesisOptions o = d->model->defaultOptions();
    if (options.noiseScale)
      o.noiseScale = *options.noiseScale;
    if (options.noiseScaleDuration)
      o.noiseScaleDuration = *options.noiseScaleDuration;
    if (options.lengthScale)
      o.lengthScale = *options.lengthScale;
    o.seed = options.seed + static_cast<std::uint64_t>(index);
    o.speakerId = options.speaker;
    if (!options.noiseFile.empty()) {
      const std::shared_ptr<const SafetensorsFile> noise = SafetensorsFile::open(options.noiseFile);
      auto tensor = [&](const std::string &name) {
        const TensorView *v = noise->find(std::to_string(index) + "." + name);
        if (v == nullptr)
          throw ModelError(ErrorCode::Input, options.noiseFile + ": no tensor " + std::to_string(index) + "." + name);
        if (v->dtype != DType::F32)
          throw ModelError(ErrorCode::Input, options.noiseFile + ": " + std::to_string(index) + "." + name + " is not float32");
        return at::from_blob(const_cast<std::byte *>(v->data), at::IntArrayRef(v->shape), at::kFloat).clone();
      };
      o.noiseDuration = tensor("noise_duration");
      o.noisePrior = tensor("noise_prior");
    }
    if (piece && options.firstPieceSeconds > 0)
      o.firstPieceFrames = d->model->framesOf(options.firstPieceSeconds);
    WaveformPiece handOn;
    if (piece)
      handOn = [&](const at::Tensor &samples) {
        const at::Tensor flat = samples.contiguous();
        piece(flat.data_ptr<float>(), static_cast<std::size_t>(flat.numel()));
      };
    const Synthesis s = d->model->synthesize(u.ids, o, handOn);
    const at::Tensor frames = s.durations.contiguous();
    u.frames.assign(frames.data_ptr<int64_t>(), frames.data_ptr<int64_t>() + frames.numel());
    const at::Tensor wave = s.waveform.contiguous();
    u.waveform.assign(wave.data_ptr<float>(), wave.data_ptr<float>() + wave.numel());
    return u;
  });
}

} // namespace dragoman::torchrt::vits
