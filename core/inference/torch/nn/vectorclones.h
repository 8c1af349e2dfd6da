#pragma once
// Internal to core/inference/torch (plain C++, no torch): what the hand-vectorised kernels share.
//
// DRAGOMAN_CLONES builds a function twice, for AVX2+FMA (x86-64-v3) and for plain x86-64; the
// loader's ifunc picks by the CPU. v8 is eight floats; aligned(4) lets it load from any float
// address. A function taking or returning v8 would change ABI between the clones: keep vectors
// inside the cloned function (or in always-inline helpers that take pointers).

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DRAGOMAN_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#define DRAGOMAN_HAVE_CLONES 1
#else
#define DRAGOMAN_CLONES
#endif

namespace dragoman::torchrt::simd {

typedef float v8 __attribute__((vector_size(32), aligned(4)));
typedef int i8 __attribute__((vector_size(32)));

} // namespace dragoman::torchrt::simd
