#pragma once
// Internal to core/inference/torch: the self-attention cache of a decoder, one K and one V tensor
// [rows, heads, capacity, head size] per layer, shared by the model families. Names ATen types.

#include <ATen/core/Tensor.h>

#include <vector>

namespace dragoman::torchrt::nn {

// Makes room for `needed` positions: capacity doubles (at least 32, at most `limit` when > 0);
// the first `filled` positions are kept. Returns the new capacity. An empty cache is created with
// `layers` entries.
long long growCache(std::vector<at::Tensor> &k, std::vector<at::Tensor> &v, std::size_t layers, long long rows, long long heads,
                    long long headSize, long long filled, long long capacity, long long needed, long long limit,
                    const at::TensorOptions &options);

// Row i of every cache tensor becomes old row index[i] (index on the cache's device); only the
// first `filled` positions are copied.
void selectCacheRows(std::vector<at::Tensor> &k, std::vector<at::Tensor> &v, const at::Tensor &index, long long filled);

} // namespace dragoman::torchrt::nn
