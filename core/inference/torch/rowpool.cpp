#include "core/inference/torch/rowpool.h"

#include <algorithm>
#include <chrono>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace dragoman::torchrt {

namespace {

// How long a helper keeps polling for the next section before it sleeps.
constexpr auto kSpin = std::chrono::microseconds(2000);

// A pause while the wait is short; past that, the core goes to whichever thread the scheduler has
// waiting (more threads than cores, or another process): spinning would only delay the thread
// this one waits for.
inline void relax(unsigned &spins) {
#if defined(__x86_64__)
  if (++spins < 512) {
    _mm_pause();
    return;
  }
#endif
  std::this_thread::yield();
}

} // namespace

int RowPool::defaultThreads() {
  const unsigned n = std::thread::hardware_concurrency();
  return std::clamp(static_cast<int>(n == 0 ? 1 : n), 1, kMaxThreads);
}

RowPool::RowPool(int threads) {
  for (int part = 1; part < std::max(1, threads); ++part)
    m_helpers.emplace_back([this, part] { helper(part); });
}

RowPool::~RowPool() {
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_stop.store(true);
  }
  m_wake.notify_all();
  for (std::thread &t : m_helpers)
    t.join();
}

void RowPool::run(const std::function<void(int, int)> &job) {
  const int n = parts();
  if (n == 1) {
    job(0, 1);
    return;
  }
  m_job = &job;
  m_pending.store(n - 1);
  m_generation.fetch_add(1); // publishes m_job and m_pending to the helpers
  if (m_sleeping.load() > 0) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_wake.notify_all();
  }
  job(0, n);
  unsigned spins = 0;
  while (m_pending.load() > 0)
    relax(spins);
}

void RowPool::helper(int part) {
  unsigned long long seen = 0;
  for (;;) {
    auto idleSince = std::chrono::steady_clock::now();
    unsigned spins = 0;
    while (m_generation.load() == seen && !m_stop.load()) {
      relax(spins);
      if (spins % 256 == 0 && std::chrono::steady_clock::now() - idleSince > kSpin) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_sleeping.fetch_add(1);
        m_wake.wait(lock, [&] { return m_generation.load() != seen || m_stop.load(); });
        m_sleeping.fetch_sub(1);
      }
    }
    if (m_stop.load())
      return;
    seen = m_generation.load();
    (*m_job)(part, parts());
    m_pending.fetch_sub(1);
  }
}

} // namespace dragoman::torchrt
