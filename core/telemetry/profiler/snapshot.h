#pragma once
// ProfileSnapshot: a copy of what a Profiler measured, a plain value that travels between threads
// and feeds the reports (core/telemetry/reports), the bottleneck rules and the UI.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman::telemetry {

// How much of one section ran on one thread (or cross-thread track).
struct ThreadShare {
  std::string name;
  std::uint64_t count = 0;
  double totalMs = 0.0;
};

struct SectionStats {
  std::string name;   // "asr.decode"
  std::string parent; // the section it most often ran inside; "" at top level
  std::uint64_t count = 0;
  double totalMs = 0.0;
  double meanMs = 0.0;
  double minMs = 0.0;
  double maxMs = 0.0;
  double p50Ms = 0.0;
  double p95Ms = 0.0;
  double p99Ms = 0.0;
  double shareOfWall = 0.0;         // totalMs / wallMs; may pass 1 when several threads run it
  std::vector<ThreadShare> threads; // most time first
};

// A thread that reported through a Profiler::ThreadScope, or a track of cross-thread spans.
struct ThreadInfo {
  std::uint64_t id = 0; // the profiler's own small id, unique per thread and per track; SpanEvent::threadId
  std::string name;
  bool track = false;   // a cross-thread track ("segment 12"), not an OS thread
  std::uint64_t spanCount = 0;
  double busyMs = 0.0;  // time in top-level spans (nested ones are inside it)
};

// One finished span, kept in the profiler's bounded ring for trace export.
struct SpanEvent {
  std::string section;
  std::string thread;         // the thread's name, or the track of a cross-thread span
  std::uint64_t threadId = 0; // ThreadInfo::id
  double startUs = 0.0;       // since the profiler's start (or last reset)
  double durationUs = 0.0;
  int depth = 0;              // 0 for top level and for cross-thread spans
  bool crossThread = false;
};

struct ProfileSnapshot {
  std::chrono::system_clock::time_point started{}; // when the profiler started or was last reset
  double wallMs = 0.0;                             // time covered from then to the snapshot
  std::vector<SectionStats> sections;              // most total time first
  std::vector<ThreadInfo> threads;                 // by id
  std::vector<SpanEvent> events;                   // recent spans, oldest (by end) first
  std::uint64_t droppedEvents = 0;                 // finished spans the ring no longer holds

  const SectionStats *section(std::string_view name) const {
    for (const SectionStats &s : sections)
      if (s.name == name)
        return &s;
    return nullptr;
  }
};

} // namespace dragoman::telemetry
