#include "core/inference/torch/nn/rowkernels.h"

#include "core/inference/torch/nn/vectorclones.h"

#include <cstdint>
#include <cstring>

namespace dragoman::torchrt {

// Measured on an AVX-512 machine, eight-wide vectors with two partial sums, one row at a time,
// beat sixteen-wide vectors (slow under AVX2) for one input row.
using simd::v8;

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

// One tile of matRows: NW rows of W from row r against NX input rows (xs), NW·NX eight-wide sums
// in flight (eight hide the FMA latency), each W load used NX times and each x load NW times.
// Each output is one sum over the columns in order, reduced in a fixed tree, then the tail: the
// same arithmetic in every tile shape, so with two or more input rows a row's result does not
// depend on how many share the call. Inlined into each clone of matRows (no vector arguments).
template <int NW, int NX>
__attribute__((always_inline)) inline void tile(const float *w, long long cols, long long vecCols, const float *const *xs,
                                                long long n, const float *bias, float *y, long long ldy, long long g,
                                                long long r) {
  v8 acc[NW][NX] = {};
  // NW interleaved streams are more than the hardware prefetcher follows: the tile after next is
  // fetched ahead, in step with the loop (NW·32 bytes per chunk of eight columns).
  const char *ahead = reinterpret_cast<const char *>(w + (r + 2 * NW) * cols);
  for (long long j = 0; j < vecCols; j += 8) {
#pragma GCC unroll 8
    for (int line = 0; line < (NW + 1) / 2; ++line)
      __builtin_prefetch(ahead + j * NW * 4 + line * 64, 0, 0);
    v8 xv[NX];
#pragma GCC unroll 8
    for (int i = 0; i < NX; ++i)
      xv[i] = *reinterpret_cast<const v8 *>(xs[i] + j);
#pragma GCC unroll 8
    for (int a = 0; a < NW; ++a) {
      const v8 wv = *reinterpret_cast<const v8 *>(w + (r + a) * cols + j);
#pragma GCC unroll 8
      for (int i = 0; i < NX; ++i)
        acc[a][i] += wv * xv[i];
    }
  }
  for (int a = 0; a < NW; ++a) {
    const float *wr = w + (r + a) * cols;
    for (long long i = 0; i < n; ++i) {
      const v8 t = acc[a][i];
      float s = ((t[0] + t[1]) + (t[2] + t[3])) + ((t[4] + t[5]) + (t[6] + t[7]));
      for (long long j = vecCols; j < cols; ++j)
        s += wr[j] * xs[i][j];
      y[(g + i) * ldy + r + a] = bias ? s + bias[r + a] : s;
    }
  }
}

// Up to eight rows of the block at a time: NW4 rows of W against four input rows, NW4·4 sums in
// flight. With AVX-512's 32 vector registers, sixteen sums (NW4 = 4) fit beside the inputs and
// the kernel is 1.7× faster than with eight (measured, docs/BENCHMARKS.md); AVX2's 16 registers
// hold eight (NW4 = 2) without spilling.
template <int NW4>
__attribute__((always_inline)) inline void rowTiles(const float *w, long long cols, const float *x, long long nx,
                                                    const float *bias, float *y, long long ldy, long long begin,
                                                    long long end) {
  // Rows of W in blocks small enough to stay in L2 while every group of up to four input rows
  // passes over them.
  constexpr long long kBlock = 32;
  const long long vecCols = cols - cols % 8;
  for (long long block = begin; block < end; block += kBlock) {
    const long long blockEnd = block + kBlock < end ? block + kBlock : end;
    for (long long g = 0; g < nx; g += 4) {
      // Three rows are computed as four, the last repeated and not stored.
      const long long n = nx - g < 4 ? nx - g : 4;
      const float *xs[4];
      for (long long i = 0; i < 4; ++i)
        xs[i] = x + (g + (i < n ? i : n - 1)) * cols;
      long long r = block;
      if (n == 1) {
        for (; r < blockEnd; ++r)
          tile<1, 1>(w, cols, vecCols, xs, n, bias, y, ldy, g, r);
      } else if (n == 2) {
        for (; r + 4 <= blockEnd; r += 4)
          tile<4, 2>(w, cols, vecCols, xs, n, bias, y, ldy, g, r);
        for (; r < blockEnd; ++r)
          tile<1, 2>(w, cols, vecCols, xs, n, bias, y, ldy, g, r);
      } else {
        for (; r + NW4 <= blockEnd; r += NW4)
          tile<NW4, 4>(w, cols, vecCols, xs, n, bias, y, ldy, g, r);
        for (; r < blockEnd; ++r)
          tile<1, 4>(w, cols, vecCols, xs, n, bias, y, ldy, g, r);
      }
    }
  }
}

DRAGOMAN_CLONES
void rowTilesAvx2(const float *w, long long cols, const float *x, long long nx, const float *bias, float *y,
                  long long ldy, long long begin, long long end) {
  rowTiles<2>(w, cols, x, nx, bias, y, ldy, begin, end);
}

#if defined(DRAGOMAN_HAVE_CLONES)
__attribute__((target("arch=x86-64-v4"))) void rowTilesAvx512(const float *w, long long cols, const float *x,
                                                               long long nx, const float *bias, float *y,
                                                               long long ldy, long long begin, long long end) {
  rowTiles<4>(w, cols, x, nx, bias, y, ldy, begin, end);
}

bool hasAvx512() {
  static const bool yes = __builtin_cpu_supports("x86-64-v4");
  return yes;
}
#endif

// One input row is matVecRows (one W stream; measured 10–20 % faster than eight-row tiles). More
// go through the tiles. Every tile shape sums an output the same way, so with two or more input
// rows a row's result does not depend on its neighbours, nor on the kernel chosen for this CPU's
// registers (both use FMA).
void matRows(const float *w, long long cols, const float *x, long long nx, const float *bias, float *y, long long ldy,
             long long begin, long long end) {
  if (nx == 1) {
    matVecRows(w, cols, x, bias, y, begin, end);
    return;
  }
#if defined(DRAGOMAN_HAVE_CLONES)
  if (hasAvx512()) {
    rowTilesAvx512(w, cols, x, nx, bias, y, ldy, begin, end);
    return;
  }
#endif
  rowTilesAvx2(w, cols, x, nx, bias, y, ldy, begin, end);
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

DRAGOMAN_CLONES
bool allFinite(const float *p, long long n) {
  constexpr long long kBlock = 4096;
  for (long long start = 0; start < n; start += kBlock) {
    const long long stop = start + kBlock < n ? start + kBlock : n;
    std::uint32_t bad = 0;
    for (long long i = start; i < stop; ++i) {
      std::uint32_t bits;
      std::memcpy(&bits, p + i, sizeof bits);
      bad |= static_cast<std::uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
    }
    if (bad)
      return false;
  }
  return true;
}

} // namespace dragoman::torchrt
