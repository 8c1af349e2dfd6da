#pragma once
// Internal to core/inference/torch: the projection every model family's layers use. Names ATen
// types, so only .cpp files of the runtime include it.

#include <ATen/core/Tensor.h>

namespace dragoman::torchrt::nn {

// x · wᵀ + b. A decoding step has one row per beam or sentence. BLAS's matrix-matrix path packs
// the weight matrix on every call, which costs more than the product for one row, and for a few
// rows against a large matrix (a vocabulary projection); matrix-vector products read it as it is
// (measured on whisper-tiny: one row of logits 4.3 → 1.3 ms, five rows 10 → 6 ms). Up to 32
// rows of float32 on the CPU (a step of beams or batched sentences, a sentence through the
// translation encoder) go to rowkernels.h's matRows on the shared RowPool, which reads the weights
// once for all rows from L2-sized blocks, and gives each row the same result whatever the number
// of rows (20 rows of OPUS-MT's encoder: 0.59 → 0.39 ms per feed-forward matrix; the encoder
// 13 → 6.5 ms). Other shapes, devices and dtypes go to at::linear.
at::Tensor project(const at::Tensor &x, const at::Tensor &w, const at::Tensor &b = {});

// The same on raw float32 buffers, rows ≤ 32: y[rows, outs] = x[rows, cols] · W[outs, cols]ᵀ (+ b),
// split over RowPool::shared() when W is large enough to be worth it.
void projectRows(const float *w, long long outs, long long cols, const float *x, long long rows, const float *b, float *y);

} // namespace dragoman::torchrt::nn
