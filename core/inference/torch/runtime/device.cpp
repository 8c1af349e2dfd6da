#include "core/inference/torch/runtime/device.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/rowpool.h"
#include "core/inference/torch/runtime/runtime.h"

#include <ATen/Parallel.h>

#include <dlfcn.h>
#include <malloc.h>

#include <algorithm>
#include <mutex>

namespace dragoman::torchrt {

ResolvedRuntime resolveRuntime(const RuntimeOptions &options) {
  const RuntimeInfo info = runtimeInfo();
  ResolvedRuntime r;
  const std::string &d = options.device;
  if (d == "auto" || d.empty()) {
    r.cuda = info.cudaAvailable;
    r.device = r.cuda ? "cuda:0" : "cpu";
  } else if (d == "cpu") {
    r.device = "cpu";
  } else if (d.rfind("cuda", 0) == 0) {
    if (!info.cudaAvailable)
      throw ModelError(ErrorCode::Device, "inference.device is " + d +
                                              " but this LibTorch has no CUDA or no GPU is present; use cpu or auto");
    int index = 0;
    if (d.size() > 5 && d[4] == ':')
      index = std::stoi(d.substr(5));
    if (index < 0 || index >= info.cudaDeviceCount)
      throw ModelError(ErrorCode::Device, "inference.device " + d + ": there are " +
                                              std::to_string(info.cudaDeviceCount) + " CUDA devices");
    r.cuda = true;
    r.device = "cuda:" + std::to_string(index);
  } else {
    throw ModelError(ErrorCode::Input, "inference.device '" + d + "' is not auto, cpu or cuda[:N]");
  }
  // More parts than cores only makes the parts wait for each other.
  r.rowThreads = options.threads > 0 ? std::min(options.threads, RowPool::defaultThreads()) : RowPool::defaultThreads();
  const std::string &t = options.dtype;
  if (t == "auto" || t.empty())
    r.dtype = r.cuda ? "float16" : "float32";
  else if (t == "float32" || t == "bfloat16")
    r.dtype = t;
  else if (t == "float16") {
    if (!r.cuda)
      throw ModelError(ErrorCode::Unsupported, "inference.dtype float16 needs a GPU; on the CPU use float32 or bfloat16");
    r.dtype = t;
  } else {
    throw ModelError(ErrorCode::Input, "inference.dtype '" + t + "' is not auto, float32, float16 or bfloat16");
  }
  return r;
}

namespace {

// OpenBLAS's thread controls, when the BLAS LibTorch was linked with is OpenBLAS (looked up, not
// linked: the CUDA LibTorch brings MKL instead).
using SetThreads = void (*)(int);
using GetThreads = int (*)();
SetThreads openblasSet() { return reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")); }
GetThreads openblasGet() { return reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads")); }

using OmpSet = void (*)(int);
using OmpGet = int (*)();

std::mutex g_convolutionMutex;
int g_convolutionScopes = 0;
int g_blasBefore = 0;

} // namespace

namespace {

// The thread controls a convolution scope uses, looked up once (null where a library is absent).
struct ThreadControls {
  SetThreads blasSet = openblasSet();
  GetThreads blasGet = openblasGet();
  OmpSet ompSet = reinterpret_cast<OmpSet>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
  OmpGet ompGet = reinterpret_cast<OmpGet>(dlsym(RTLD_DEFAULT, "omp_get_max_threads"));
  bool complete() const { return blasSet && blasGet && ompSet && ompGet; }
};

const ThreadControls &threadControls() {
  static const ThreadControls controls;
  return controls;
}

} // namespace

ScopedConvolutionThreads::ScopedConvolutionThreads() {
  const ThreadControls &c = threadControls();
  if (!c.complete())
    return;
  const int budget = RowPool::shared().parts();
  (void)at::get_num_threads(); // ATen sets this thread's OpenMP threads on first use: before ours
  m_previousOmp = c.ompGet();
  {
    const std::lock_guard<std::mutex> lock(g_convolutionMutex);
    if (g_convolutionScopes++ == 0) {
      g_blasBefore = c.blasGet();
      c.blasSet(1);
    }
  }
  c.ompSet(budget); // this thread's only (OpenMP's nthreads-var is per thread)
}

ScopedConvolutionThreads::~ScopedConvolutionThreads() {
  if (m_previousOmp == 0)
    return;
  const ThreadControls &c = threadControls();
  c.ompSet(m_previousOmp);
  const std::lock_guard<std::mutex> lock(g_convolutionMutex);
  if (--g_convolutionScopes == 0)
    c.blasSet(g_blasBefore);
}

void applyThreads(int threads) {
  if (threads <= 0)
    return;
  threads = std::min(threads, RowPool::defaultThreads());
  RowPool::setSharedThreads(threads);
  if (const SetThreads set = openblasSet()) {
    set(threads);
    if (at::get_num_threads() != 1)
      at::set_num_threads(1);
  } else if (at::get_num_threads() != threads) {
    at::set_num_threads(threads);
  }
}

ThreadBudget threadBudget() {
  ThreadBudget b;
  b.rowPool = RowPool::shared().parts();
  b.intraOp = at::get_num_threads();
  if (const GetThreads get = openblasGet())
    b.blas = get();
  return b;
}

void tuneAllocator() {
  static std::once_flag once;
  std::call_once(once, [] {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
  });
}

} // namespace dragoman::torchrt
