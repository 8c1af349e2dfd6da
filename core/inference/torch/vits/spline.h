#pragma once
// Internal to core/inference/torch/vits (ATen types): the rational-quadratic spline of the
// stochastic duration predictor's flows, run in reverse.

#include <ATen/core/Tensor.h>

namespace dragoman::torchrt::vits {

// The rational-quadratic spline of the duration flows, inverted, for x [n] and its parameters
// [n, bins], [n, bins], [n, bins - 1]; identity outside [-tail, tail].
at::Tensor splineInverse(const at::Tensor &x, const at::Tensor &uWidths, const at::Tensor &uHeights,
                         const at::Tensor &uDerivatives, double tail);

} // namespace dragoman::torchrt::vits
