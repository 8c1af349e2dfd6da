#include "core/inference/torch/nn/project.h"

#include "core/inference/torch/nn/rowkernels.h"
#include "core/inference/torch/runtime/rowpool.h"

#include <ATen/ATen.h>

#include <vector>

namespace dragoman::torchrt::nn {

namespace {

constexpr long long kVectorRows = 32;
// Below this many weights a product runs on the calling thread: waking the pool costs more.
constexpr long long kParallelWeights = 1LL << 15;
// Parts of the output split at multiples of the kernel's block of weight rows.
constexpr long long kAlign = 32;

bool plainFloat(const at::Tensor &t) {
  return !t.defined() || (t.device().is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous());
}

} // namespace

void projectRows(const float *w, long long outs, long long cols, const float *x, long long rows, const float *b, float *y) {
  const auto job = [&](int part, int parts) {
    const auto edge = [&](int p) { return p == parts ? outs : (outs * p / parts) / kAlign * kAlign; };
    matRows(w, cols, x, rows, b, y, outs, edge(part), edge(part + 1));
  };
  if (outs * cols >= kParallelWeights)
    RowPool::shared().run(job);
  else
    job(0, 1);
}

at::Tensor project(const at::Tensor &x, const at::Tensor &w, const at::Tensor &b) {
  const long long cols = x.size(-1);
  const long long rows = cols > 0 ? x.numel() / cols : 0;
  if (rows == 0 || rows > kVectorRows || w.dim() != 2 || !x.device().is_cpu() || x.scalar_type() != at::kFloat ||
      !plainFloat(w) || !plainFloat(b))
    return at::linear(x, w, b);
  std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
  const long long outs = w.size(0);
  shape.back() = outs;
  const at::Tensor in = x.reshape({rows, cols}).contiguous();
  at::Tensor y = at::empty({rows, outs}, x.options());
  projectRows(w.data_ptr<float>(), outs, cols, in.data_ptr<float>(), rows, b.defined() ? b.data_ptr<float>() : nullptr,
              y.data_ptr<float>());
  return y.view(shape);
}

} // namespace dragoman::torchrt::nn
