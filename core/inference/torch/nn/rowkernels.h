#pragma once
// Matrix-vector kernels for one decoding row on the CPU, float32 (no torch types).
//
// Products of one row are bound by the rate the weights stream from memory: whisper-tiny's
// vocabulary projection alone is 80 MB per token. OpenBLAS 0.3.21's sgemv reads a row-major matrix
// at ~27 GB/s per core on this project's machines; these kernels at ~45 GB/s (docs/BENCHMARKS.md).
// Built for AVX2+FMA and for plain x86-64, chosen at load time by the CPU; matRows's tiles also
// for AVX-512, whose 32 registers hold twice the sums in flight.

namespace dragoman::torchrt {

// y[r] = W[r, :] · x (+ bias[r] when bias is not null) for r in [begin, end). W is row-major with
// `cols` columns.
void matVecRows(const float *w, long long cols, const float *x, const float *bias, float *y, long long begin, long long end);

// The same for a few input rows at once, reading each row of W once for all of them (a decoding
// step of beams or batched sentences): y[i·ldy + r] = W[r, :] · x[i·cols, +cols) (+ bias[r]) for
// i in [0, nx), r in [begin, end). One input row is summed as matVecRows sums it; from two on, a
// row's result does not depend on how many rows share the call, nor where it sits (it may differ
// from the one-row sum in the last bits).
void matRows(const float *w, long long cols, const float *x, long long nx, const float *bias, float *y, long long ldy,
             long long begin, long long end);

// True when none of the n floats is NaN or infinite (the exponent bits are not all set); reads them
// once, allocates nothing (a weight check at load, where at::isfinite made a byte per weight).
bool allFinite(const float *p, long long n);

// y[0, cols) = Σ_s p[s] · V[s, :] over rows s in [0, rows) of the row-major V [rows, cols].
void vecMat(const float *p, const float *v, long long rows, long long cols, float *y);

} // namespace dragoman::torchrt
