#include "core/inference/torch/vits/conv.h"
#include "core/inference/torch/vits/weightsource.h"

#include <ATen/ATen.h>
#include <ATen/Context.h>

#include <string>
#include <vector>

namespace dragoman::torchrt::vits {

at::Tensor convWeight(Source &loader, const std::string &name, const std::vector<long long> &shape) {
  if (loader.has(name + ".weight") || !loader.has(name + ".weight_v"))
    return loader.get(name + ".weight", shape);
  std::vector<long long> gShape(shape.size(), 1);
  gShape[0] = shape[0];
  const at::Tensor g = loader.get(name + ".weight_g", gShape);
  const at::Tensor v = loader.get(name + ".weight_v", shape);
  at::Tensor norm = v.reshape({shape[0], -1}).norm(2, {1}, true);
  for (std::size_t i = 2; i < shape.size(); ++i)
    norm = norm.unsqueeze(-1);
  return v * (g / norm);
}

Conv conv(Source &loader, const std::string &name, int64_t in, int64_t out, int64_t kernel, int64_t dilation,
          int64_t groups, bool bias) {
  Conv cv;
  cv.weight = convWeight(loader, name, {out, in / groups, kernel});
  if (bias)
    cv.bias = loader.get(name + ".bias", {out});
  cv.dilation = dilation;
  cv.groups = groups;
  cv.padding = (kernel * dilation - dilation) / 2;
  return cv;
}

void Conv::prepare() {
  if (m_packed.defined() || !weight.defined() || !weight.device().is_cpu() || weight.scalar_type() != at::kFloat ||
      !at::hasMKLDNN())
    return;
  at::Tensor w = weight.contiguous(); // [out, in / groups, k]
  at::Tensor b = bias;
  if (transposed) {
    if (groups != 1 || dilation != 1 || stride < 1)
      return;
    // y[o, n] = b[o] + Σ_c Σ_i x[c, i] · W[c, o, n + padding - i r]. With n + padding = q r + ph
    // (0 ≤ ph < r) and j = q - i, phase ph is Σ_c Σ_j x[c, q - j] · W[c, o, j r + ph]: an ordinary
    // convolution over x padded by taps - 1 on both sides, its taps reversed.
    const int64_t in = w.size(0), out = w.size(1), k = w.size(2), r = stride;
    m_taps = (k + r - 1) / r;
    const at::Tensor phases = at::constant_pad_nd(w, {0, m_taps * r - k}).reshape({in, out, m_taps, r});
    w = phases.flip({2}).permute({1, 3, 0, 2}).reshape({out * r, in, m_taps}).contiguous();
    if (b.defined())
      b = b.unsqueeze(1).expand({out, r}).reshape({out * r});
    m_outChannels = out;
    m_kernel = k;
  } else {
    m_taps = w.size(2);
    m_outChannels = w.size(0);
  }
  const int64_t pad = transposed ? m_taps - 1 : padding;
  const int64_t step = transposed ? 1 : stride, dil = transposed ? 1 : dilation, g = transposed ? 1 : groups;
  m_packed = at::mkldnn_reorder_conv2d_weight(w.unsqueeze(2).to_mkldnn(), {0, pad}, {1, step}, {1, dil}, g);
  m_packedBias = b.defined() ? b.contiguous() : at::zeros({w.size(0)}, w.options());
  weight = at::Tensor();
  bias = at::Tensor();
}

at::Tensor Conv::operator()(const at::Tensor &x) const {
  if (!m_packed.defined()) {
    if (transposed)
      return at::conv_transpose1d(x, weight, bias, {stride}, {padding}, {0}, groups, {dilation});
    return at::conv1d(x, weight, bias, {stride}, {padding}, {dilation}, groups);
  }
  const at::Tensor in = x.unsqueeze(2).contiguous();
  if (!transposed)
    return at::mkldnn_convolution(in, m_packed, m_packedBias, {0, padding}, {1, stride}, {1, dilation}, groups).squeeze(2);
  // [1, out · r, 1, T + taps - 1] -> [1, out, (T + taps - 1) · r], phases interleaved, then the
  // transposed convolution's (T - 1) · r - 2 · padding + kernel values from `padding` on.
  const int64_t length = x.size(2), r = stride, q = length + m_taps - 1;
  const int64_t outLength = (length - 1) * r - 2 * padding + m_kernel;
  const at::Tensor z = at::mkldnn_convolution(in, m_packed, m_packedBias, {0, m_taps - 1}, {1, 1}, {1, 1}, 1);
  return z.view({m_outChannels, r, q}).transpose(1, 2).reshape({1, m_outChannels, q * r}).slice(2, padding, padding + outLength);
}

} // namespace dragoman::torchrt::vits
