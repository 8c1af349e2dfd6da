#pragma once
// Internal to core/inference/torch/vits (ATen types): the one-dimensional convolutions VITS is
// made of, run by oneDNN with weights laid out for it once at load.
//
// Why not at::conv1d as it is: LibTorch 1.13's CPU convolution sends a [1, C, T] input with fewer
// than 20,480 values, and every transposed convolution, to its own im2col path on one BLAS thread,
// and re-lays oneDNN's weights out on every call. On a Piper medium voice and a 31-id sentence
// (47 frames) that made the flow 14 ms and the decoder's upsampling 13.6 ms of the 41 ms.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dragoman::torchrt::vits {

class Source;

struct Conv {
  at::Tensor weight, bias; // weight [out, in / groups, k] ([in, out, k] transposed); bias may be undefined
  int64_t stride = 1, padding = 0, dilation = 1, groups = 1;
  bool transposed = false;

  // For a CPU float32 weight where LibTorch has oneDNN: lays the weight out as oneDNN reads it and
  // drops the plain one. A transposed convolution (stride r, kernel K) becomes its r phases, one
  // ordinary convolution with out × r channels over ⌈K / r⌉ taps whose outputs interleave into the
  // same values. Elsewhere nothing changes and at::conv1d / conv_transpose1d run.
  void prepare();
  // x [1, in, T] -> [1, out, T'].
  at::Tensor operator()(const at::Tensor &x) const;

private:
  at::Tensor m_packed;     // oneDNN's layout of [out (× phases), in / groups, 1, taps]
  at::Tensor m_packedBias; // the bias, repeated per phase
  int64_t m_taps = 0;      // taps of the packed weight
  int64_t m_outChannels = 0;
  int64_t m_kernel = 0; // a transposed convolution's kernel
};

// A convolution's weight, plain or weight-normed (weight_g · weight_v / ‖weight_v‖, the norm over
// every dimension but the first).
at::Tensor convWeight(Source &loader, const std::string &name, const std::vector<long long> &shape);

// name.weight [out, in / groups, kernel] (or its weight norm) and name.bias [out]; padding keeps the
// length ((kernel - 1) · dilation / 2).
Conv conv(Source &loader, const std::string &name, int64_t in, int64_t out, int64_t kernel, int64_t dilation = 1,
          int64_t groups = 1, bool bias = true);

} // namespace dragoman::torchrt::vits
