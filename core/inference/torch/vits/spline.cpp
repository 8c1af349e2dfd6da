#include "core/inference/torch/vits/spline.h"

#include <ATen/ATen.h>

#include <cmath>

namespace dragoman::torchrt::vits {

at::Tensor splineInverse(const at::Tensor &x, const at::Tensor &uWidths, const at::Tensor &uHeights,
                         const at::Tensor &uDerivatives, double tail) {
  const double minWidth = 1e-3, minHeight = 1e-3, minDerivative = 1e-3;
  const int64_t n = x.size(0), bins = uWidths.size(1);
  const double constant = std::log(std::exp(1 - minDerivative) - 1);
  const at::TensorOptions opts = x.options();
  const at::Tensor inside = at::logical_and(x >= -tail, x <= tail);
  const at::Tensor xc = x.clamp(-tail, tail);

  const at::Tensor edge = at::full({n, 1}, constant, opts);
  const at::Tensor derivatives = at::softplus(at::cat({edge, uDerivatives, edge}, 1), 1, 20) + minDerivative;

  auto knots = [&](const at::Tensor &unnormalized, double minimum) {
    const at::Tensor sizes = at::softmax(unnormalized, -1) * (1 - minimum * static_cast<double>(bins)) + minimum;
    const at::Tensor cum = at::cumsum(sizes, -1) * (2 * tail) + (-tail);
    // First and last knots exactly at the bounds.
    return at::cat({at::full({n, 1}, -tail, opts), cum.slice(1, 0, bins - 1), at::full({n, 1}, tail, opts)}, 1);
  };
  const at::Tensor cumWidths = knots(uWidths, minWidth);
  const at::Tensor cumHeights = knots(uHeights, minHeight);
  const at::Tensor widths = cumWidths.slice(1, 1) - cumWidths.slice(1, 0, bins);
  const at::Tensor heights = cumHeights.slice(1, 1) - cumHeights.slice(1, 0, bins);

  const at::Tensor locations = at::cat({cumHeights.slice(1, 0, bins), cumHeights.slice(1, bins) + 1e-6}, 1);
  const at::Tensor bin =
      ((xc.unsqueeze(-1) >= locations).sum(-1, false, at::kLong) - 1).clamp(0, bins - 1).unsqueeze(-1);
  auto pick = [&](const at::Tensor &t) { return t.gather(-1, bin).squeeze(-1); };
  const at::Tensor inCumWidths = pick(cumWidths), inWidths = pick(widths), inCumHeights = pick(cumHeights);
  const at::Tensor inDelta = pick(heights / widths);
  const at::Tensor inDerivative = pick(derivatives), inDerivativeNext = pick(derivatives.slice(1, 1));
  const at::Tensor inHeights = pick(heights);

  const at::Tensor i1 = inDerivative + inDerivativeNext - 2 * inDelta;
  const at::Tensor i2 = xc - inCumHeights;
  const at::Tensor i3 = i2 * i1;
  const at::Tensor a = inHeights * (inDelta - inDerivative) + i3;
  const at::Tensor b = inHeights * inDerivative - i3;
  const at::Tensor cc = -inDelta * i2;
  const at::Tensor discriminant = b.pow(2) - 4 * a * cc;
  const at::Tensor root = (2 * cc) / (-b - at::sqrt(discriminant));
  const at::Tensor out = root * inWidths + inCumWidths;
  return at::where(inside, out, x);
}

} // namespace dragoman::torchrt::vits
