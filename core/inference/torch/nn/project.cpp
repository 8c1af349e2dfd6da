#include "core/inference/torch/nn/project.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <vector>

namespace dragoman::torchrt::nn {

namespace {
constexpr long long kVectorRows = 8;
constexpr long long kLargeWeight = 4LL << 20; // elements
} // namespace

at::Tensor project(const at::Tensor &x, const at::Tensor &w, const at::Tensor &b) {
  const long long rows = x.numel() / std::max<long long>(1, x.size(-1));
  const bool vectors = rows == 1 || (rows <= kVectorRows && w.numel() >= kLargeWeight);
  if (!vectors || !x.device().is_cpu() || x.scalar_type() != at::kFloat)
    return at::linear(x, w, b);
  std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
  shape.back() = w.size(0);
  if (rows == 1) {
    const at::Tensor v = x.reshape({x.size(-1)});
    return (b.defined() ? at::addmv(b, w, v) : at::mv(w, v)).view(shape);
  }
  const at::Tensor flat = x.reshape({rows, x.size(-1)});
  std::vector<at::Tensor> out;
  out.reserve(static_cast<std::size_t>(rows));
  for (long long r = 0; r < rows; ++r)
    out.push_back(b.defined() ? at::addmv(b, w, flat[r]) : at::mv(w, flat[r]));
  return at::stack(out).view(shape);
}

} // namespace dragoman::torchrt::nn
