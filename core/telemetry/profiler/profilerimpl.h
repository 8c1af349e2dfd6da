#pragma once
// Profiler's state behind its pimpl: name tables, per-section histograms, the event ring and the
// open cross-thread spans, all guarded by one mutex. Spans are ms-sized, so contention is rare.
// Private to core/telemetry/profiler.

#include "core/telemetry/profiler/histogram.h"
#include "core/telemetry/profiler/profiler.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dragoman::telemetry {

struct Profiler::Impl {
  static constexpr std::uint32_t kNone = 0xffffffffu;
  static constexpr std::uint32_t kTrackBit = 0x80000000u; // a lane: thread index, or track index | kTrackBit

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V> using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  struct Share {
    std::uint64_t count = 0;
    double totalMs = 0.0;
  };
  struct Section {
    std::string name;
    LatencyHistogram histogram;
    std::vector<std::pair<std::uint32_t, std::uint64_t>> parents; // parent section (kNone: top level), count
    std::unordered_map<std::uint32_t, Share> lanes;
  };
  struct Lane {
    std::string name;
    std::uint64_t count = 0;
    double busyMs = 0.0;
  };
  struct Event {
    std::int64_t startNs;
    std::int64_t durationNs;
    std::uint32_t section;
    std::uint32_t lane;
    std::int32_t depth;
  };
  struct Open {
    std::uint32_t section;
    std::uint32_t lane;
    Clock::time_point start;
  };

  explicit Impl(const Options &options);

  // All below with `mutex` held.
  std::uint32_t sectionFor(std::string_view name);
  std::uint32_t sectionForLiteral(const char *name);
  std::uint32_t trackFor(std::string_view name);
  std::uint32_t threadFor(std::string name, std::thread::id id);
  void add(std::uint32_t section, std::uint32_t parent, std::uint32_t lane, int depth, Clock::time_point start,
           Clock::time_point end);
  void clear();
  ProfileSnapshot snapshot() const;

  mutable std::mutex mutex;
  const Options options;
  Clock::time_point start;
  std::chrono::system_clock::time_point startSystem;

  std::vector<std::unique_ptr<Section>> sections; // kept across reset(): spans in flight hold indices
  StringMap<std::uint32_t> sectionsByName;
  std::unordered_map<const char *, std::uint32_t> sectionsByLiteral;

  std::vector<Lane> threads; // kept across reset(): ThreadScopes hold indices
  std::map<std::pair<std::string, std::thread::id>, std::uint32_t> threadsByKey;
  std::vector<Lane> tracks; // cleared by reset()
  StringMap<std::uint32_t> tracksByName;

  std::vector<Event> ring; // grows to options.maxEvents, then overwrites from ringHead
  std::size_t ringHead = 0;
  std::uint64_t dropped = 0;

  std::unordered_map<SpanId, Open> open;
  SpanId nextId = 0;
};

} // namespace dragoman::telemetry
