#pragma once
// Where models run and in which precision, resolved from the inference.* settings. No torch here.

#include <string>

namespace dragoman::torchrt {

struct RuntimeOptions {
  std::string device = "auto"; // auto | cpu | cuda | cuda:N
  std::string dtype = "auto";  // auto | float32 | float16 | bfloat16
  // The process's CPU thread budget (applyThreads): the shared row pool, OpenBLAS, and LibTorch's
  // intra-op threads where OpenBLAS is not the BLAS. 0: one per core, at most RowPool::kMaxThreads.
  int threads = 0;
};

struct ResolvedRuntime {
  std::string device; // "cpu" or "cuda:N"
  std::string dtype;  // "float32" | "float16" | "bfloat16"
  bool cuda = false;
  int rowThreads = 1; // parts of a decoding step's products on the CPU (the shared row pool)
};

// auto picks CUDA when LibTorch has it and a GPU is present, else the CPU; dtype auto is float16 on
// a GPU and float32 on the CPU. Throws ModelError(Device) for "cuda" without CUDA and
// ModelError(Unsupported) for float16 on the CPU (LibTorch's CPU kernels lack half matmuls).
ResolvedRuntime resolveRuntime(const RuntimeOptions &options);

// The CPU thread budget of the process, one for every engine (inference.threads; 0 leaves each
// part at its default). Matrix products of many rows run in OpenBLAS's threads, decoding steps of
// few rows on RowPool::shared(): both get `threads`. LibTorch's intra-op threads stay at 1 beside
// OpenBLAS, whose threads each intra-op thread would start its own set of (measured: two intra-op
// threads made a transformer layer ~7× slower on two cores); with another BLAS (the
// CUDA LibTorch's MKL) they get `threads`. Idempotent; engines call it before loading.
void applyThreads(int threads);

// The threads each part of the budget has now.
struct ThreadBudget {
  int rowPool = 1;
  int intraOp = 1;
  int blas = 0; // OpenBLAS's threads; 0 when OpenBLAS is not loaded
};
ThreadBudget threadBudget();

// Convolution-heavy work (VITS voices) for the scope of one call: oneDNN's convolutions run on the
// calling thread's OpenMP threads, which applyThreads leaves at 1 beside OpenBLAS. Inside the scope
// this thread gets the whole budget (the row pool's threads) and OpenBLAS one thread, which would
// otherwise oversubscribe the cores from inside those threads; the first scope in sets OpenBLAS,
// the last one out restores it. Nothing changes where OpenBLAS is not the BLAS (intra-op threads
// already have the budget). Measured on a Piper medium voice, 2 cores: 231 → 167 ms for 219 ids.
class ScopedConvolutionThreads {
public:
  ScopedConvolutionThreads();
  ~ScopedConvolutionThreads();
  ScopedConvolutionThreads(const ScopedConvolutionThreads &) = delete;
  ScopedConvolutionThreads &operator=(const ScopedConvolutionThreads &) = delete;

private:
  int m_previousOmp = 0; // 0: nothing was changed
};

// Once per process, before a model runs: keeps freed tensor buffers of up to 32 MiB in the heap
// for reuse (glibc otherwise returns every buffer above its threshold to the kernel and maps fresh,
// zeroed pages for the next one: on a 30-second window that was most of the encoder's time here)
// and stops the heap being trimmed below 256 MiB of free space. Process-wide: glibc's mallopt.
void tuneAllocator();

} // namespace dragoman::torchrt
