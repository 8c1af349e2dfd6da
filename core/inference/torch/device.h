#pragma once
// Where models run and in which precision, resolved from the inference.* settings. No torch here.

#include <string>

namespace dragoman::torchrt {

struct RuntimeOptions {
  std::string device = "auto"; // auto | cpu | cuda | cuda:N
  std::string dtype = "auto";  // auto | float32 | float16 | bfloat16
  // CPU threads: LibTorch's intra-op threads and the one-row decoder's pool (whisper/rowstep.h).
  // 0: LibTorch as it is, the pool one thread per core. The pool never has more threads than cores
  // or RowPool::kMaxThreads.
  int threads = 0;
};

struct ResolvedRuntime {
  std::string device; // "cpu" or "cuda:N"
  std::string dtype;  // "float32" | "float16" | "bfloat16"
  bool cuda = false;
  int rowThreads = 1; // parts of the one-row decoder step on the CPU
};

// auto picks CUDA when LibTorch has it and a GPU is present, else the CPU; dtype auto is float16 on
// a GPU and float32 on the CPU. Throws ModelError(Device) for "cuda" without CUDA and
// ModelError(Unsupported) for float16 on the CPU (LibTorch's CPU kernels lack half matmuls).
ResolvedRuntime resolveRuntime(const RuntimeOptions &options);

// Applies options.threads (when > 0) to LibTorch once per process.
void applyThreads(int threads);

// Once per process, before a model runs: keeps freed tensor buffers of up to 32 MiB in the heap
// for reuse (glibc otherwise returns every buffer above its threshold to the kernel and maps fresh,
// zeroed pages for the next one: on a 30-second window that was most of the encoder's time here)
// and stops the heap being trimmed below 256 MiB of free space. Process-wide: glibc's mallopt.
void tuneAllocator();

} // namespace dragoman::torchrt
