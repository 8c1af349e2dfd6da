#include "core/inference/torch/whisper/layers.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <vector>

namespace dragoman::torchrt::whisper {

at::Tensor Norm::operator()(const at::Tensor &x) const { return at::layer_norm(x, {w.size(0)}, w, b, 1e-5); }

at::Tensor Mlp::operator()(const at::Tensor &x) const { return project(at::gelu(project(x, w1, b1)), w2, b2); }

} // namespace dragoman::torchrt::whisper
