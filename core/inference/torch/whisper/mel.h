#pragma once
// Internal: Whisper's log-mel front end (openai/whisper audio.py). Names ATen types.

#include <ATen/core/Tensor.h>

#include <cstddef>

namespace dragoman::torchrt::whisper {

constexpr int kSampleRate = 16000;
constexpr int kFftSize = 400;
constexpr int kHop = 160;
constexpr int kWindowFrames = 3000;                   // one 30-second window
constexpr std::size_t kWindowSamples = 30 * kSampleRate;

// Slaney-style mel filterbank [nMels, 201] as librosa.filters.mel(sr=16000, n_fft=400, n_mels).
at::Tensor melFilters(int nMels);

// log-mel of samples followed by 30 s of zeros (openai's padding=N_SAMPLES): [nMels, frames] float32
// on the CPU, frames = (n + 480000) / 160; the clamp to max - 8 uses the maximum over all frames.
at::Tensor logMelSpectrogram(const float *samples, std::size_t n, int nMels);

// Frames [start, start + 3000) of a log-mel, zero-padded on the right when it is shorter: [nMels, 3000].
at::Tensor melWindow(const at::Tensor &mel, long long start);

} // namespace dragoman::torchrt::whisper
