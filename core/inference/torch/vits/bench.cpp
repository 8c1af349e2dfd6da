#include "core/inference/torch/vits/bench.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/guarded.h"
#include "core/inference/torch/runtime/memory.h"
#include "core/inference/torch/vits/model.h"
#include "core/inference/torch/vits/synthesizer.h"

#include "core/inference/torch/runtime/safetensors.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

namespace dragoman::torchrt::vits {

VitsConfig voiceShape(const std::string &name) {
  VitsConfig c;
  c.vocabSize = 256;
  c.hiddenSize = 192;
  c.numHiddenLayers = 6;
  c.numAttentionHeads = 2;
  c.ffnDim = 768;
  c.ffnKernelSize = 3;
  c.windowSize = 4;
  c.flowSize = 192;
  c.useStochasticDurationPrediction = true;
  c.durationPredictorKernelSize = 3;
  c.durationPredictorFilterChannels = 256;
  c.depthSeparableChannels = 2;
  c.depthSeparableNumLayers = 3;
  c.durationPredictorFlowBins = 10;
  c.durationPredictorNumFlows = 4;
  c.priorEncoderNumFlows = 4;
  c.priorEncoderNumWavenetLayers = 4;
  c.wavenetKernelSize = 5;
  c.samplingRate = 22050;
  // Piper's resblock "2" generator (x-low, low, medium).
  c.resblockType = 2;
  c.upsampleInitialChannel = 256;
  c.upsampleRates = {8, 8, 4};
  c.upsampleKernelSizes = {16, 16, 8};
  c.resblockKernelSizes = {3, 5, 7};
  c.resblockDilationSizes = {{1, 2}, {2, 6}, {3, 12}};
  if (name == "piper-x-low") {
    c.hiddenSize = c.flowSize = 96;
    c.ffnDim = 384;
    c.samplingRate = 16000;
  } else if (name == "piper-low") {
    c.samplingRate = 16000;
  } else if (name == "piper-medium") {
  } else if (name == "piper-high" || name == "mms") {
    c.resblockType = 1;
    c.upsampleInitialChannel = 512;
    c.upsampleRates = {8, 8, 2, 2};
    c.upsampleKernelSizes = {16, 16, 4, 4};
    c.resblockKernelSizes = {3, 7, 11};
    c.resblockDilationSizes = {{1, 3, 5}, {1, 3, 5}, {1, 3, 5}};
    if (name == "mms") {
      c.vocabSize = 38;
      c.samplingRate = 16000;
    }
  } else {
    std::string known;
    for (const std::string &k : knownVoiceSizes())
      known += (known.empty() ? "" : ", ") + k;
    throw ModelError(ErrorCode::Input, "unknown voice size '" + name + "'; known: " + known);
  }
  return c;
}

std::vector<std::string> knownVoiceSizes() { return {"piper-x-low", "piper-low", "piper-medium", "piper-high", "mms"}; }

TtsBenchResult benchVits(const TtsBenchOptions &o) {
  applyThreads(o.runtime.threads);
  tuneAllocator();
  TtsBenchResult r;
  SpeechOptions quiet;
  quiet.noiseScale = 0.0;
  quiet.noiseScaleDuration = 0.0;
  // Speaks the ids; with `firstPiece`, streamed in pieces (the first kFirstPieceSeconds long) and
  // `firstPiece` called when the first is made.
  std::function<std::vector<float>(const std::vector<long long> &, const std::function<void()> &)> speak;
  std::unique_ptr<Synthesizer> voice;
  std::unique_ptr<VitsModel> model;
  if (!o.voice.empty()) {
    voice = Synthesizer::load(o.voice, o.runtime);
    const VoiceReport &v = voice->report();
    r.voice = o.voice;
    r.format = v.format;
    r.device = v.device;
    r.dtype = v.dtype;
    r.sampleRate = v.sampleRate;
    r.loadMs = v.loadMs;
    speak = [&](const std::vector<long long> &ids, const std::function<void()> &firstPiece) {
      SpeechOptions options = quiet;
      SamplesPiece piece;
      if (firstPiece) {
        options.firstPieceSeconds = kFirstPieceSeconds;
        piece = [&, first = true](const float *, std::size_t) mutable {
          if (std::exchange(first, false))
            firstPiece();
        };
      }
      return voice->speakIds(ids, options, 0, piece).waveform;
    };
  } else {
    guarded("building a random VITS network", [&] {
      c10::InferenceMode mode;
      const VitsConfig config = voiceShape(o.size);
      const ResolvedRuntime runtime = resolveRuntime(o.runtime);
      const std::map<std::string, at::Tensor> weights = VitsModel::randomWeights(config, 1, o.framesPerId);
      double bytes = 0;
      for (const auto &[name, t] : weights)
        bytes += double(t.numel()) * 4;
      r.weightMib = bytes / 1048576.0;
      model = std::make_unique<VitsModel>(weights, std::map<std::string, std::string>{}, "random " + o.size, config, runtime);
      r.voice = "random-weight " + o.size;
      r.format = o.size.rfind("piper", 0) == 0 ? "piper" : "vits";
      r.device = runtime.device;
      r.dtype = runtime.dtype;
      r.sampleRate = config.samplingRate;
    });
    speak = [&](const std::vector<long long> &ids, const std::function<void()> &firstPiece) {
      return guarded("VITS synthesis", [&] {
        c10::InferenceMode mode;
        SynthesisOptions s = model->defaultOptions();
        s.noiseScale = 0;
        s.noiseScaleDuration = 0;
        WaveformPiece piece;
        if (firstPiece) {
          s.firstPieceFrames = model->framesOf(kFirstPieceSeconds);
          piece = [&, first = true](const at::Tensor &) mutable {
            if (std::exchange(first, false))
              firstPiece();
          };
        }
        const Synthesis out = model->synthesize(ids, s, piece);
        return std::vector<float>(out.waveform.data_ptr<float>(), out.waveform.data_ptr<float>() + out.waveform.numel());
      });
    };
  }
  const ThreadBudget budget = threadBudget();
  r.threads = budget.intraOp;
  r.blasThreads = budget.blas;
  for (const std::vector<long long> &ids : o.sentences) {
    TtsSentenceTiming t;
    t.ids = static_cast<int>(ids.size());
    t.samples = static_cast<long long>(speak(ids, {}).size());
    t.audioSeconds = double(t.samples) / r.sampleRate;
    t.ms = timed(o.runs, [&] { (void)speak(ids, {}); });
    t.firstPieceMs = timedUntilMark(o.runs, [&](const std::function<void()> &made) { (void)speak(ids, made); });
    t.realTimeFactor = t.audioSeconds > 0 ? t.ms.median / 1000.0 / t.audioSeconds : 0;
    r.sentences.push_back(t);
  }
  if (!o.firstSentence.empty())
    r.firstAudioMs = timed(o.runs, [&] { (void)speak(o.firstSentence, {}); });
  r.peakRssBytes = peakRssBytes();
  return r;
}

namespace {

nlohmann::json configJson(const VitsConfig &c) {
  return {{"model_type", "vits"},
          {"vocab_size", c.vocabSize},
          {"hidden_size", c.hiddenSize},
          {"num_hidden_layers", c.numHiddenLayers},
          {"num_attention_heads", c.numAttentionHeads},
          {"ffn_dim", c.ffnDim},
          {"ffn_kernel_size", c.ffnKernelSize},
          {"window_size", c.windowSize},
          {"layer_norm_eps", c.layerNormEps},
          {"hidden_act", c.hiddenAct == VitsActivation::Gelu ? "gelu" : "relu"},
          {"flow_size", c.flowSize},
          {"use_stochastic_duration_prediction", c.useStochasticDurationPrediction},
          {"duration_predictor_kernel_size", c.durationPredictorKernelSize},
          {"duration_predictor_filter_channels", c.durationPredictorFilterChannels},
          {"depth_separable_channels", c.depthSeparableChannels},
          {"depth_separable_num_layers", c.depthSeparableNumLayers},
          {"duration_predictor_flow_bins", c.durationPredictorFlowBins},
          {"duration_predictor_num_flows", c.durationPredictorNumFlows},
          {"duration_predictor_tail_bound", c.durationPredictorTailBound},
          {"prior_encoder_num_flows", c.priorEncoderNumFlows},
          {"prior_encoder_num_wavenet_layers", c.priorEncoderNumWavenetLayers},
          {"wavenet_kernel_size", c.wavenetKernelSize},
          {"wavenet_dilation_rate", c.wavenetDilationRate},
          {"upsample_initial_channel", c.upsampleInitialChannel},
          {"upsample_rates", c.upsampleRates},
          {"upsample_kernel_sizes", c.upsampleKernelSizes},
          {"resblock_kernel_sizes", c.resblockKernelSizes},
          {"resblock_dilation_sizes", c.resblockDilationSizes},
          {"resblock_type", c.resblockType},
          {"leaky_relu_slope", c.leakyReluSlope},
          {"num_speakers", c.numSpeakers},
          {"speaker_embedding_size", c.speakerEmbeddingSize},
          {"sampling_rate", c.samplingRate},
          {"noise_scale", c.noiseScale},
          {"noise_scale_duration", c.noiseScaleDuration},
          {"speaking_rate", c.speakingRate},
          {"pad_token_id", c.padTokenId}};
}

void writeJson(const std::filesystem::path &path, const nlohmann::json &j) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << j.dump(2) << "\n";
  if (!out.flush())
    throw ModelError(ErrorCode::Input, path.string() + ": cannot write");
}

} // namespace

void writeRandomVoice(const std::string &folder, const std::string &size, unsigned long long seed, int framesPerId) {
  namespace fs = std::filesystem;
  const VitsConfig config = voiceShape(size);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec)
    throw ModelError(ErrorCode::Input, folder + ": cannot create: " + ec.message());
  // The characters: blank (the pad id 0), space, then what Latin-script languages write.
  std::vector<std::string> characters{"_", " ", "'", "-", ".", ",", "!", "?", ":", ";"};
  for (char ch = 'a'; ch <= 'z'; ++ch)
    characters.emplace_back(1, ch);
  for (char ch = '0'; ch <= '9'; ++ch)
    characters.emplace_back(1, ch);
  for (const char *accented : {"à", "á", "â", "ä", "ç", "è", "é", "ê", "ë", "í", "ì", "î", "ï", "ñ", "ò", "ó", "ô", "ö",
                               "ù", "ú", "û", "ü", "ß", "ø", "å", "æ", "œ", "ã", "õ", "ł", "ś", "ź", "ż", "ą", "ę", "č",
                               "š", "ž", "ř", "ě", "ů", "ő", "ű", "ğ", "ş", "ı"})
    characters.emplace_back(accented);
  if (static_cast<int>(characters.size()) > config.vocabSize)
    characters.resize(static_cast<std::size_t>(config.vocabSize));
  nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
  for (std::size_t id = 0; id < characters.size(); ++id)
    vocab[characters[id]] = id;
  writeJson(fs::path(folder) / "vocab.json", vocab);
  writeJson(fs::path(folder) / "tokenizer_config.json",
            {{"add_blank", true}, {"normalize", true}, {"is_uroman", false}, {"pad_token", "_"}, {"unk_token", "_"}});
  writeJson(fs::path(folder) / "config.json", configJson(config));

  const std::map<std::string, at::Tensor> weights = guarded("drawing random VITS weights", [&] {
    c10::InferenceMode mode;
    return VitsModel::randomWeights(config, seed, framesPerId);
  });
  std::vector<SafetensorsWriter::Spec> specs;
  for (const auto &[name, t] : weights)
    specs.push_back({name, DType::F32, std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end())});
  SafetensorsWriter writer((fs::path(folder) / "model.safetensors").string(), specs,
                           {{"format", "pt"}, {"dragoman", "random weights, " + size + ", seed " + std::to_string(seed)}});
  for (const auto &[name, t] : weights) {
    const at::Tensor f = t.to(at::kFloat).contiguous();
    writer.append(f.data_ptr(), static_cast<std::size_t>(f.numel() * f.element_size()));
  }
  writer.finish();
}

} // namespace dragoman::torchrt::vits
