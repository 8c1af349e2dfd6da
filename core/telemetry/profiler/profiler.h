#pragma once
// Profiler: timing spans from every stage (model forward, decoding steps, queue waits, I/O),
// aggregated per section into LatencyHistograms, with a bounded ring of recent spans for trace
// export. Plain C++ (no Qt): the inference runtime links it too.
//
// No singleton: app/context constructs one and injects it. A thread reports to it inside a
// Profiler::ThreadScope; from then on DRAGOMAN_PROFILE_SCOPE("asr.decode") on that thread records
// a span with its nesting depth and parent. A disabled profiler, or a thread with none, costs one
// thread-local read, one relaxed atomic load and a branch per span.
//
//   Profiler profiler;                                 // app/context
//   Profiler::ThreadScope scope(profiler, "asr");      // first thing in the ASR worker thread
//   { DRAGOMAN_PROFILE_SCOPE("asr.transcribe"); ... }  // anywhere below, no profiler argument
//
// A segment's journey crosses threads: begin() on one thread, end() on another, or record() a span
// measured elsewhere; such spans go to a named track ("segment 12") instead of a thread.
//
// Thread-safe. The profiler must outlive its ThreadScopes and spans.

#include "core/telemetry/profiler/snapshot.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace dragoman::telemetry {

using SpanId = std::uint64_t; // 0: no span (the profiler was disabled)

struct ProfilerOptions {
  bool enabled = true;
  std::size_t maxEvents = 100000; // finished spans kept for trace export; older ones are dropped and counted
  std::size_t maxTracks = 4096;   // cross-thread tracks until reset(); later ones share "(other tracks)"
};

class Profiler {
public:
  using Options = ProfilerOptions;
  using Clock = std::chrono::steady_clock;
  static constexpr int kMaxDepth = 64;              // deeper ScopedSpans are not recorded
  static constexpr std::size_t kMaxOpenSpans = 65536; // begin() returns 0 past this many unended spans
  static constexpr std::size_t kMaxSections = 1024;   // later names share "(other sections)"

  explicit Profiler(Options options = {});
  ~Profiler();
  Profiler(const Profiler &) = delete;
  Profiler &operator=(const Profiler &) = delete;

  void setEnabled(bool on) { m_enabled.store(on, std::memory_order_relaxed); }
  bool enabled() const { return m_enabled.load(std::memory_order_relaxed); }
  // Clears statistics, events and open cross-thread spans, and restarts the wall clock. Threads
  // stay registered.
  void reset();

  // Makes the calling thread report to a profiler under a name until destroyed; restores the
  // thread's previous profiler then. Create and destroy on the same thread.
  class ThreadScope {
  public:
    ThreadScope(Profiler &profiler, std::string threadName);
    ~ThreadScope();
    ThreadScope(const ThreadScope &) = delete;
    ThreadScope &operator=(const ThreadScope &) = delete;

  private:
    Profiler *m_previous;
    std::uint32_t m_previousThread;
    int m_previousBase;
  };
  // The calling thread's profiler, or nullptr.
  static Profiler *current();

  // Cross-thread spans. An empty track means the section's own name. end() may run on any thread;
  // ending 0, an unknown or an already ended span does nothing.
  SpanId begin(std::string_view section, std::string_view track = {});
  void end(SpanId id);
  void record(std::string_view section, Clock::time_point start, Clock::time_point end, std::string_view track = {});
  std::size_t openSpans() const; // begun, not yet ended

  ProfileSnapshot snapshot() const;

  // Self-measurement: mean cost in ns of one ScopedSpan (construction and destruction) on the
  // calling thread, against a private profiler enabled or not. For benchmarks and diagnostics.
  static double measureSpanOverheadNs(bool enabled, int iterations = 200000);

private:
  friend class ScopedSpan;
  struct Impl;
  std::atomic<bool> m_enabled;
  std::unique_ptr<Impl> m_impl;
};

namespace detail {
// Set by Profiler::ThreadScope; constinit so reading it needs no TLS initialisation call.
extern constinit thread_local Profiler *t_currentProfiler;
} // namespace detail

inline Profiler *Profiler::current() { return detail::t_currentProfiler; }

// Times its own lifetime into the calling thread's profiler. section: a string literal or other
// static storage (it is kept by pointer, nothing is allocated).
class ScopedSpan {
public:
  explicit ScopedSpan(const char *section) {
    Profiler *profiler = Profiler::current();
    if (profiler != nullptr && profiler->enabled())
      start(profiler, section);
  }
  ~ScopedSpan() {
    if (m_profiler != nullptr)
      finish();
  }
  ScopedSpan(const ScopedSpan &) = delete;
  ScopedSpan &operator=(const ScopedSpan &) = delete;

private:
  void start(Profiler *profiler, const char *section);
  void finish();

  Profiler *m_profiler = nullptr;
  const char *m_section = nullptr;
  Profiler::Clock::time_point m_start{};
};

} // namespace dragoman::telemetry

#define DRAGOMAN_PROFILE_CONCAT_INNER(a, b) a##b
#define DRAGOMAN_PROFILE_CONCAT(a, b) DRAGOMAN_PROFILE_CONCAT_INNER(a, b)
#ifdef __COUNTER__ // GCC, Clang and MSVC: several on one line work too
#define DRAGOMAN_PROFILE_UNIQUE DRAGOMAN_PROFILE_CONCAT(dragomanProfileSpan_, __COUNTER__)
#else
#define DRAGOMAN_PROFILE_UNIQUE DRAGOMAN_PROFILE_CONCAT(dragomanProfileSpan_, __LINE__)
#endif
// DRAGOMAN_PROFILE_SCOPE("mt.translate"); times the rest of the enclosing block.
#define DRAGOMAN_PROFILE_SCOPE(name) const ::dragoman::telemetry::ScopedSpan DRAGOMAN_PROFILE_UNIQUE(name)
