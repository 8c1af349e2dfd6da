#include "core/inference/torch/rowkernels.h"

#include <cstring>

// An AVX2+FMA clone and a plain x86-64 one; the loader's ifunc picks by the CPU.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DRAGOMAN_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define DRAGOMAN_CLONES
#endif

namespace dragoman::torchrt {

namespace {

// Eight floats; aligned(4) lets it load from any float address. Measured on an AVX-512 machine,
// eight-wide vectors with two partial sums, one row at a time, beat sixteen-wide vectors (slow
// under AVX2) and four rows sharing each load of x (more streams than the prefetcher follows well).
// (Written inline below: a function taking or returning v8 would change ABI between the clones.)
typedef float v8 __attribute__((vector_size(32), aligned(4)));

} // namespace

DRAGOMAN_CLONES
void matVecRows(const float *w, long long cols, const float *x, const float *bias, float *y, long long begin, long long end) {
  const long long vecCols = cols - cols % 16;
  for (long long r = begin; r < end; ++r) {
    const float *wr = w + r * cols;
    v8 a = {}, b = {};
    for (long long j = 0; j < vecCols; j += 16) {
      a += *reinterpret_cast<const v8 *>(wr + j) * *reinterpret_cast<const v8 *>(x + j);
      b += *reinterpret_cast<const v8 *>(wr + j + 8) * *reinterpret_cast<const v8 *>(x + j + 8);
    }
    const v8 t = a + b;
    float s = ((t[0] + t[1]) + (t[2] + t[3])) + ((t[4] + t[5]) + (t[6] + t[7]));
    for (long long j = vecCols; j < cols; ++j)
      s += wr[j] * x[j];
    y[r] = bias ? s + bias[r] : s;
  }
}

DRAGOMAN_CLONES
void vecMat(const float *__restrict p, const float *__restrict v, long long rows, long long cols, float *__restrict y) {
  std::memset(y, 0, static_cast<std::size_t>(cols) * sizeof(float));
  for (long long s = 0; s < rows; ++s) {
    const float ps = p[s];
    const float *vs = v + s * cols;
    for (long long j = 0; j < cols; ++j)
      y[j] += ps * vs[j];
  }
}

} // namespace dragoman::torchrt
