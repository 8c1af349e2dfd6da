#pragma once
// Internal to core/inference/torch: the projection every model family's layers use. Names ATen
// types, so only .cpp files of the runtime include it.

#include <ATen/core/Tensor.h>

namespace dragoman::torchrt::nn {

// x · wᵀ + b. A decoding step has one row per beam or sentence. BLAS's matrix-matrix path packs
// the weight matrix on every call, which costs more than the product for one row, and for a few
// rows against a large matrix (a vocabulary projection); matrix-vector products read it as it is
// (measured on whisper-tiny: one row of logits 4.3 → 1.3 ms, five rows 10 → 6 ms). Up to eight
// rows of float32 on the CPU go to rowkernels.h's matRows on the shared RowPool, which reads the
// weights once for all rows, and gives each row the same result whatever the number of rows.
// Other shapes, devices and dtypes go to at::linear.
at::Tensor project(const at::Tensor &x, const at::Tensor &w, const at::Tensor &b = {});

} // namespace dragoman::torchrt::nn
