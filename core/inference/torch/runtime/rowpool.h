#pragma once
// A small pool that splits one decoding row's work over CPU threads (no torch types).
//
// A decoder step is ~30 short parallel sections of 5–500 µs each. Waking a sleeping thread costs
// about as much as the shorter ones, so helpers spin for a while after each section (kSpin) before
// they sleep; a step's sections follow each other closely enough that they rarely sleep mid-step.
// Parts go to whichever thread claims them first, the caller included: on a busy machine, where a
// helper may wait milliseconds for a core, the caller runs the parts itself instead of waiting
// (measured with a build on both cores: 32 ms per tiny decoder step with fixed parts per thread).
//
// One pool serves the whole process (shared(), sized by inference.threads): engines that decode
// at the same time (ASR and MT in a live session) take turns by section, and a caller that finds
// the pool busy runs its section alone instead of waiting, so two engines never have more threads
// spinning than the pool plus themselves.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dragoman::torchrt {

class RowPool {
public:
  // threads: parts per section, the calling thread included (1 = no helper threads).
  explicit RowPool(int threads);
  ~RowPool();
  RowPool(const RowPool &) = delete;
  RowPool &operator=(const RowPool &) = delete;

  int parts() const { return m_parts.load(std::memory_order_relaxed); }
  // Runs job(part, parts) once for every part, on the caller and the helpers, whichever claims a
  // part first; returns when all have finished. While another thread's section holds the pool,
  // runs job(0, 1) on the caller instead. The job must not throw.
  void run(const std::function<void(int part, int parts)> &job);
  // Restarts the helpers so that sections have `threads` parts; waits for a running section.
  void resize(int threads);

  // The process's pool, created on first use with defaultThreads() parts unless
  // setSharedThreads() asked for another number first.
  static RowPool &shared();
  // Sizes the shared pool (clamped to [1, defaultThreads()]); 0 leaves it as it is.
  static void setSharedThreads(int threads);

  // Threads for a pool when the configuration leaves it open: the CPU's, at most kMaxThreads
  // (matrix-vector products stop gaining from more cores once memory bandwidth is saturated).
  static int defaultThreads();
  static constexpr int kMaxThreads = 8;

private:
  void helper(unsigned long long seen);
  void runParts(unsigned long long generation, int n);

  std::vector<std::thread> m_helpers;
  const std::function<void(int, int)> *m_job = nullptr;
  std::atomic<unsigned long long> m_generation{0};
  std::atomic<unsigned long long> m_claim{0};
  std::atomic<int> m_done{0};
  std::atomic<int> m_sleeping{0};
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_busy{false}; // a section is running, or resize()
  std::atomic<int> m_parts{1};
  std::mutex m_mutex;
  std::condition_variable m_wake;
};

} // namespace dragoman::torchrt
