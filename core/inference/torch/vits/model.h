#pragma once
// Internal to core/inference/torch/vits: Hugging Face VITS (MMS-TTS) for inference: the text
// encoder with relative-position attention, the stochastic (or deterministic) duration predictor
// run in reverse, the alignment of the prior to frames, the residual-coupling flow in reverse and
// the HiFi-GAN decoder. Names ATen types, so only .cpp files of this folder and its tests include it.

#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/vits/config.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dragoman::torchrt::vits {

struct SynthesisOptions {
  double noiseScale = 0.667;       // the prior's noise (config noise_scale)
  double noiseScaleDuration = 0.8; // the duration predictor's noise (config noise_scale_duration)
  double lengthScale = 1.0;        // 1 / speaking_rate: larger is slower
  std::uint64_t seed = 0;          // for the noise drawn when none is injected
  int speakerId = 0;               // multi-speaker models only
  // Injected standard-normal draws replacing the random ones (tests): [1, 2, L] for the duration
  // predictor and [1, flow_size, frames] for the prior; undefined: drawn from `seed`.
  at::Tensor noiseDuration;
  at::Tensor noisePrior;
  // With a WaveformPiece: the decoder's first piece covers this many spectrogram frames, each
  // next one twice the one before (a rest shorter than a piece goes with it); 0, or a spectrogram
  // shorter than two first pieces: one piece, the whole.
  int firstPieceFrames = 0;
};

// The waveform's samples [n] (CPU float32) in order, as the decoder makes them.
using WaveformPiece = std::function<void(const at::Tensor &samples)>;

// Every stage's output for one sentence (CPU, float32 unless stated).
struct Synthesis {
  at::Tensor textEncoderOut;    // [1, L, hidden]
  at::Tensor priorMeans;        // [1, L, flow]
  at::Tensor priorLogVariances; // [1, L, flow]
  at::Tensor logDuration;       // [1, 1, L]
  at::Tensor durations;         // int64 [L], frames per input id
  at::Tensor spectrogram;       // [1, flow, frames]: the latents after the flow
  at::Tensor waveform;          // [samples] = frames × hop length, in [-1, 1]
};

class VitsModel {
public:
  // Throws ModelError naming the weights file and tensor at fault. The posterior encoder (only
  // used in training) is not loaded; weight-normed convolutions (weight_g / weight_v) are folded.
  VitsModel(const std::string &folder, const VitsConfig &config, const ResolvedRuntime &runtime);
  // The same network from tensors already named as the Hugging Face checkpoint names them (a Piper
  // voice, translated); `origins` maps such a name to the tensor's name in the voice for messages,
  // `source` names the file. Throws ModelError(Corrupt) naming a missing or misshapen tensor.
  VitsModel(const std::map<std::string, at::Tensor> &tensors, const std::map<std::string, std::string> &origins,
            const std::string &source, const VitsConfig &config, const ResolvedRuntime &runtime);
  ~VitsModel();
  VitsModel(const VitsModel &) = delete;
  VitsModel &operator=(const VitsModel &) = delete;

  const VitsConfig &config() const { return c; }
  const std::string &source() const { return m_source; }

  // The most ids one call reads: the text encoder's attention holds ids² scores per head.
  static constexpr int kMaxIds = 4096;
  // ids: from VitsTokenizer (non-empty; ids ≥ vocab_size read as 0, as the reference does).
  // Throws ModelError(Input) for empty ids, more than kMaxIds, a bad speaker or injected noise of
  // the wrong shape.
  // With `piece`, the waveform is also handed on in pieces as the decoder makes them, each decoded
  // with decoderContextFrames() of the spectrogram on each side, so that the pieces join into the
  // waveform the whole decoder makes (to float rounding).
  Synthesis synthesize(const std::vector<long long> &ids, const SynthesisOptions &options,
                       const WaveformPiece &piece = {}) const;
  // The spectrogram frames on each side that one frame's samples depend on in the decoder.
  int decoderContextFrames() const;
  // The spectrogram frames that make `seconds` of speech (at least one, rounded up).
  int framesOf(double seconds) const;
  // Config defaults: noise_scale, noise_scale_duration, 1 / speaking_rate.
  SynthesisOptions defaultOptions() const;

  // Random weights for every tensor this network reads, named as Hugging Face names them (for
  // benchmarks at real sizes: speed does not depend on the values). The duration predictor is set
  // so that, without noise, every id lasts `framesPerId` frames, as speech roughly does.
  static std::map<std::string, at::Tensor> randomWeights(const VitsConfig &config, std::uint64_t seed, int framesPerId = 3);

  struct Weights;

private:
  VitsConfig c;
  std::unique_ptr<Weights> w;
  std::string m_source;
};

} // namespace dragoman::torchrt::vits
