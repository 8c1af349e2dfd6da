#include "core/telemetry/profiler/profilerimpl.h"

#include <algorithm>

namespace dragoman::telemetry {

namespace {

constexpr const char *kOtherSections = "(other sections)";
constexpr const char *kOtherTracks = "(other tracks)";

double toMs(Profiler::Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

} // namespace

Profiler::Impl::Impl(const Options &o)
    : options(o), start(Clock::now()), startSystem(std::chrono::system_clock::now()) {
  ring.reserve(std::min<std::size_t>(options.maxEvents, 4096));
}

std::uint32_t Profiler::Impl::sectionFor(std::string_view name) {
  if (const auto it = sectionsByName.find(name); it != sectionsByName.end())
    return it->second;
  if (sections.size() >= kMaxSections - 1 && name != kOtherSections)
    return sectionFor(kOtherSections);
  const auto index = static_cast<std::uint32_t>(sections.size());
  sections.push_back(std::make_unique<Section>());
  sections.back()->name = std::string(name);
  sectionsByName.emplace(std::string(name), index);
  return index;
}

std::uint32_t Profiler::Impl::sectionForLiteral(const char *name) {
  if (const auto it = sectionsByLiteral.find(name); it != sectionsByLiteral.end())
    return it->second;
  const std::uint32_t index = sectionFor(name);
  sectionsByLiteral.emplace(name, index);
  return index;
}

std::uint32_t Profiler::Impl::trackFor(std::string_view name) {
  if (const auto it = tracksByName.find(name); it != tracksByName.end())
    return it->second | kTrackBit;
  if (tracks.size() >= std::max<std::size_t>(options.maxTracks, 1) && name != kOtherTracks)
    return trackFor(kOtherTracks);
  const auto index = static_cast<std::uint32_t>(tracks.size());
  tracks.push_back(Lane{std::string(name), 0, 0.0});
  tracksByName.emplace(std::string(name), index);
  return index | kTrackBit;
}

std::uint32_t Profiler::Impl::threadFor(std::string name, std::thread::id id) {
  const auto [it, inserted] = threadsByKey.try_emplace({name, id}, static_cast<std::uint32_t>(threads.size()));
  if (inserted)
    threads.push_back(Lane{std::move(name), 0, 0.0});
  return it->second;
}

void Profiler::Impl::add(std::uint32_t section, std::uint32_t parent, std::uint32_t lane, int depth,
                         Clock::time_point from, Clock::time_point to) {
  const Clock::duration duration = std::max(to - from, Clock::duration::zero());
  const double ms = toMs(duration);
  Section &s = *sections[section];
  s.histogram.record(ms);
  auto p = std::find_if(s.parents.begin(), s.parents.end(), [parent](const auto &e) { return e.first == parent; });
  if (p == s.parents.end())
    s.parents.emplace_back(parent, 1);
  else
    ++p->second;
  Share &share = s.lanes[lane];
  ++share.count;
  share.totalMs += ms;
  Lane &l = (lane & kTrackBit) ? tracks[lane & ~kTrackBit] : threads[lane];
  ++l.count;
  if (depth == 0)
    l.busyMs += ms;

  const Event e{std::chrono::duration_cast<std::chrono::nanoseconds>(from - start).count(),
                std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count(), section, lane, depth};
  if (options.maxEvents == 0) {
    ++dropped;
  } else if (ring.size() < options.maxEvents) {
    ring.push_back(e);
  } else {
    ring[ringHead] = e;
    ringHead = (ringHead + 1) % ring.size();
    ++dropped;
  }
}

void Profiler::Impl::clear() {
  for (auto &s : sections) {
    s->histogram.reset();
    s->parents.clear();
    s->lanes.clear();
  }
  for (Lane &t : threads) {
    t.count = 0;
    t.busyMs = 0.0;
  }
  tracks.clear();
  tracksByName.clear();
  ring.clear();
  ringHead = 0;
  dropped = 0;
  open.clear();
  start = Clock::now();
  startSystem = std::chrono::system_clock::now();
}

ProfileSnapshot Profiler::Impl::snapshot() const {
  ProfileSnapshot out;
  out.started = startSystem;
  out.wallMs = toMs(Clock::now() - start);
  out.droppedEvents = dropped;

  // Snapshot ids: threads 1..T, then the tracks that recorded something.
  std::vector<std::uint64_t> trackIds(tracks.size(), 0);
  for (std::size_t i = 0; i < threads.size(); ++i)
    out.threads.push_back(ThreadInfo{i + 1, threads[i].name, false, threads[i].count, threads[i].busyMs});
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    if (tracks[i].count == 0)
      continue;
    trackIds[i] = out.threads.size() + 1;
    out.threads.push_back(ThreadInfo{trackIds[i], tracks[i].name, true, tracks[i].count, tracks[i].busyMs});
  }
  const auto laneName = [&](std::uint32_t lane) -> const std::string & {
    return (lane & kTrackBit) ? tracks[lane & ~kTrackBit].name : threads[lane].name;
  };
  const auto laneId = [&](std::uint32_t lane) -> std::uint64_t {
    return (lane & kTrackBit) ? trackIds[lane & ~kTrackBit] : lane + 1;
  };

  for (const auto &s : sections) {
    const LatencyHistogram &h = s->histogram;
    if (h.count() == 0)
      continue;
    SectionStats st;
    st.name = s->name;
    const auto parent = std::max_element(s->parents.begin(), s->parents.end(),
                                         [](const auto &a, const auto &b) { return a.second < b.second; });
    if (parent != s->parents.end() && parent->first != kNone)
      st.parent = sections[parent->first]->name;
    st.count = h.count();
    st.totalMs = h.total();
    st.meanMs = h.mean();
    st.minMs = h.min();
    st.maxMs = h.max();
    st.p50Ms = h.percentile(50);
    st.p95Ms = h.percentile(95);
    st.p99Ms = h.percentile(99);
    st.shareOfWall = out.wallMs > 0.0 ? st.totalMs / out.wallMs : 0.0;
    for (const auto &[lane, share] : s->lanes)
      st.threads.push_back(ThreadShare{laneName(lane), share.count, share.totalMs});
    std::sort(st.threads.begin(), st.threads.end(), [](const ThreadShare &a, const ThreadShare &b) {
      return a.totalMs != b.totalMs ? a.totalMs > b.totalMs : a.name < b.name;
    });
    out.sections.push_back(std::move(st));
  }
  std::stable_sort(out.sections.begin(), out.sections.end(),
                   [](const SectionStats &a, const SectionStats &b) { return a.totalMs > b.totalMs; });

  out.events.reserve(ring.size());
  const auto emit = [&](const Event &e) {
    const bool cross = (e.lane & kTrackBit) != 0;
    out.events.push_back(SpanEvent{sections[e.section]->name, laneName(e.lane), laneId(e.lane),
                                   static_cast<double>(e.startNs) / 1000.0, static_cast<double>(e.durationNs) / 1000.0,
                                   e.depth, cross});
  };
  for (std::size_t i = ringHead; i < ring.size(); ++i)
    emit(ring[i]);
  for (std::size_t i = 0; i < ringHead; ++i)
    emit(ring[i]);
  return out;
}

} // namespace dragoman::telemetry
