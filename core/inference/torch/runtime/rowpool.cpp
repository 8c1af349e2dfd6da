#include "core/inference/torch/runtime/rowpool.h"
#include "core/common/threadnames.h"

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

RowPool::RowPool(int threads) { resize(threads); }

RowPool::~RowPool() { resize(1); }

void RowPool::resize(int threads) {
  unsigned spins = 0;
  while (m_busy.exchange(true, std::memory_order_acquire))
    relax(spins);
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_stop.store(true);
  }
  m_wake.notify_all();
  for (std::thread &t : m_helpers)
    t.join();
  m_helpers.clear();
  m_stop.store(false);
  m_parts.store(std::max(1, threads));
  for (int helper = 1; helper < std::max(1, threads); ++helper)
    m_helpers.emplace_back([this, seen = m_generation.load()] { this->helper(seen); });
  m_busy.store(false, std::memory_order_release);
}

namespace {
std::mutex sharedMutex;
int sharedThreads = 0; // 0: defaultThreads()
} // namespace

RowPool &RowPool::shared() {
  static RowPool pool([] {
    const std::lock_guard<std::mutex> lock(sharedMutex);
    return sharedThreads > 0 ? sharedThreads : defaultThreads();
  }());
  return pool;
}

void RowPool::setSharedThreads(int threads) {
  if (threads <= 0)
    return;
  threads = std::min(threads, defaultThreads());
  {
    const std::lock_guard<std::mutex> lock(sharedMutex);
    sharedThreads = threads;
  }
  RowPool &pool = shared();
  if (pool.parts() != threads)
    pool.resize(threads);
}

namespace {
// m_claim packs the section's generation (high bits) and the next unclaimed part (low bits).
constexpr int kPartBits = 16;
constexpr unsigned long long kPartMask = (1ULL << kPartBits) - 1;
} // namespace

void RowPool::run(const std::function<void(int, int)> &job) {
  if (m_busy.exchange(true, std::memory_order_acquire)) {
    job(0, 1);
    return;
  }
  const int n = parts();
  if (n == 1) {
    job(0, 1);
    m_busy.store(false, std::memory_order_release);
    return;
  }
  const unsigned long long generation = m_generation.load() + 1;
  m_job = &job;
  m_done.store(0);
  m_claim.store(generation << kPartBits); // publishes m_job: parts are claimed through m_claim
  m_generation.store(generation);         // what idle helpers poll
  if (m_sleeping.load() > 0) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_wake.notify_all();
  }
  runParts(generation, n);
  unsigned spins = 0;
  while (m_done.load() < n)
    relax(spins);
  m_busy.store(false, std::memory_order_release);
}

// Claims and runs parts of this generation until none is left. A helper that wakes late finds
// the generation moved on, or every part taken, and does nothing.
void RowPool::runParts(unsigned long long generation, int n) {
  for (;;) {
    unsigned long long claim = m_claim.load();
    do {
      if ((claim >> kPartBits) != generation || static_cast<int>(claim & kPartMask) >= n)
        return;
    } while (!m_claim.compare_exchange_weak(claim, claim + 1));
    (*m_job)(static_cast<int>(claim & kPartMask), n);
    m_done.fetch_add(1);
  }
}

void RowPool::helper(unsigned long long seen) {
  threadnames::nameThisThread(threadnames::kRows);
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
    runParts(seen, parts());
  }
}

} // namespace dragoman::torchrt
