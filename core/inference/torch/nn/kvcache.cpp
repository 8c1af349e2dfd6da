#include "core/inference/torch/nn/kvcache.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace dragoman::torchrt::nn {

long long growCache(std::vector<at::Tensor> &k, std::vector<at::Tensor> &v, std::size_t layers, long long rows, long long heads,
                    long long headSize, long long filled, long long capacity, long long needed, long long limit,
                    const at::TensorOptions &options) {
  if (needed <= capacity)
    return capacity;
  long long cap = std::max<long long>(needed, std::max<long long>(32, 2 * capacity));
  if (limit > 0)
    cap = std::min(cap, std::max(limit, needed));
  k.resize(layers);
  v.resize(layers);
  for (std::size_t i = 0; i < layers; ++i) {
    at::Tensor nk = at::empty({rows, heads, cap, headSize}, options);
    at::Tensor nv = at::empty_like(nk);
    if (filled > 0) {
      nk.narrow(2, 0, filled).copy_(k[i].narrow(2, 0, filled));
      nv.narrow(2, 0, filled).copy_(v[i].narrow(2, 0, filled));
    }
    k[i] = nk;
    v[i] = nv;
  }
  return cap;
}

void selectCacheRows(std::vector<at::Tensor> &k, std::vector<at::Tensor> &v, const at::Tensor &index, long long filled) {
  auto select = [&](const at::Tensor &cache) {
    at::Tensor out = at::empty({index.size(0), cache.size(1), cache.size(2), cache.size(3)}, cache.options());
    if (filled > 0)
      out.narrow(2, 0, filled).copy_(cache.narrow(2, 0, filled).index_select(0, index));
    return out;
  };
  for (std::size_t i = 0; i < k.size(); ++i) {
    k[i] = select(k[i]);
    v[i] = select(v[i]);
  }
}

} // namespace dragoman::torchrt::nn
