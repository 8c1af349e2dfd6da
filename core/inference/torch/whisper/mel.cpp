#include "core/inference/torch/whisper/mel.h"

#include <ATen/ATen.h>

#include <cmath>
#include <mutex>
#include <vector>

namespace dragoman::torchrt::whisper {

namespace {

// Slaney's mel scale: linear below 1 kHz, logarithmic above (librosa htk=False).
constexpr double kFSp = 200.0 / 3.0;
constexpr double kMinLogHz = 1000.0;
constexpr double kMinLogMel = kMinLogHz / kFSp;
const double kLogStep = std::log(6.4) / 27.0;

double hzToMel(double hz) { return hz < kMinLogHz ? hz / kFSp : kMinLogMel + std::log(hz / kMinLogHz) / kLogStep; }
double melToHz(double mel) { return mel < kMinLogMel ? mel * kFSp : kMinLogHz * std::exp(kLogStep * (mel - kMinLogMel)); }

} // namespace

at::Tensor melFilters(int nMels) {
  static std::mutex mutex;
  static at::Tensor cache80, cache128;
  std::lock_guard lock(mutex);
  at::Tensor &cached = nMels == 128 ? cache128 : cache80;
  if (cached.defined() && cached.size(0) == nMels)
    return cached;
  const int bins = kFftSize / 2 + 1;
  std::vector<double> fft(bins);
  for (int k = 0; k < bins; ++k)
    fft[static_cast<size_t>(k)] = k * double(kSampleRate) / kFftSize;
  const double melMax = hzToMel(kSampleRate / 2.0);
  std::vector<double> edges(static_cast<size_t>(nMels + 2));
  for (int i = 0; i < nMels + 2; ++i)
    edges[static_cast<size_t>(i)] = melToHz(melMax * i / (nMels + 1));
  at::Tensor w = at::zeros({nMels, bins}, at::kFloat);
  auto acc = w.accessor<float, 2>();
  for (int m = 0; m < nMels; ++m) {
    const double lo = edges[static_cast<size_t>(m)], mid = edges[static_cast<size_t>(m + 1)],
                 hi = edges[static_cast<size_t>(m + 2)];
    const double norm = 2.0 / (hi - lo);
    for (int k = 0; k < bins; ++k) {
      const double f = fft[static_cast<size_t>(k)];
      const double rise = (f - lo) / (mid - lo);
      const double fall = (hi - f) / (hi - mid);
      acc[m][k] = static_cast<float>(std::max(0.0, std::min(rise, fall)) * norm);
    }
  }
  cached = w;
  return w;
}

at::Tensor logMelSpectrogram(const float *samples, std::size_t n, int nMels) {
  at::Tensor audio = at::zeros({static_cast<long long>(n + kWindowSamples)}, at::kFloat);
  if (n > 0)
    std::copy(samples, samples + n, audio.data_ptr<float>());
  const at::Tensor window = at::hann_window(kFftSize, /*periodic=*/true, at::kFloat);
  // Centred STFT with reflect padding, as torch.stft(center=True, pad_mode="reflect").
  const at::Tensor padded = at::reflection_pad1d(audio.view({1, 1, -1}), {kFftSize / 2, kFftSize / 2}).view({-1});
  const at::Tensor spec = at::stft(padded, kFftSize, kHop, kFftSize, window, /*normalized=*/false,
                                   /*onesided=*/true, /*return_complex=*/true);
  const long long frames = spec.size(1) - 1; // drop the last frame
  const at::Tensor power = at::abs(spec.narrow(1, 0, frames)).pow(2);
  const at::Tensor mel = at::matmul(melFilters(nMels), power);
  at::Tensor logSpec = at::clamp_min(mel, 1e-10).log10();
  logSpec = at::maximum(logSpec, logSpec.max() - 8.0);
  return ((logSpec + 4.0) / 4.0).contiguous();
}

at::Tensor melWindow(const at::Tensor &mel, long long start) {
  const long long frames = mel.size(1);
  const long long take = std::max(0LL, std::min<long long>(kWindowFrames, frames - start));
  if (take == kWindowFrames)
    return mel.narrow(1, start, kWindowFrames).contiguous();
  at::Tensor out = at::zeros({mel.size(0), kWindowFrames}, mel.options());
  if (take > 0)
    out.narrow(1, 0, take).copy_(mel.narrow(1, start, take));
  return out;
}

} // namespace dragoman::torchrt::whisper
