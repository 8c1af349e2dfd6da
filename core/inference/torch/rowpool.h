#pragma once
// A small pool that splits one decoding row's work over CPU threads (no torch types).
//
// A decoder step is ~30 short parallel sections of 5–500 µs each. Waking a sleeping thread costs
// about as much as the shorter ones, so helpers spin for a while after each section (kSpin) before
// they sleep; a step's sections follow each other closely enough that they rarely sleep mid-step.
// Parts go to whichever thread claims them first, the caller included: on a busy machine, where a
// helper may wait milliseconds for a core, the caller runs the parts itself instead of waiting
// (measured with a build on both cores: 32 ms per tiny decoder step with fixed parts per thread).

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

  int parts() const { return static_cast<int>(m_helpers.size()) + 1; }
  // Runs job(part, parts()) once for every part, on the caller and the helpers, whichever claims a
  // part first; returns when all have finished. One section at a time (the pool belongs to one
  // decoding session).
  void run(const std::function<void(int part, int parts)> &job);

  // Threads for a pool when the configuration leaves it open: the CPU's, at most kMaxThreads
  // (matrix-vector products stop gaining from more cores once memory bandwidth is saturated).
  static int defaultThreads();
  static constexpr int kMaxThreads = 8;

private:
  void helper();
  void runParts(unsigned long long generation, int n);

  std::vector<std::thread> m_helpers;
  const std::function<void(int, int)> *m_job = nullptr;
  std::atomic<unsigned long long> m_generation{0};
  std::atomic<unsigned long long> m_claim{0};
  std::atomic<int> m_done{0};
  std::atomic<int> m_sleeping{0};
  std::atomic<bool> m_stop{false};
  std::mutex m_mutex;
  std::condition_variable m_wake;
};

} // namespace dragoman::torchrt
