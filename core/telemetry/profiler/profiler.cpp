#include "core/telemetry/profiler/profiler.h"

#include "core/telemetry/profiler/profilerimpl.h"

#include <algorithm>
#include <utility>

namespace dragoman::telemetry {

namespace detail {
constinit thread_local Profiler *t_currentProfiler = nullptr;
} // namespace detail

namespace {

// The calling thread's ScopedSpan stack. Spans of the current ThreadScope sit above `base`.
struct SpanStack {
  const char *sections[Profiler::kMaxDepth];
  int top;
  int base;
  std::uint32_t thread; // the current profiler's index for this thread
};
constinit thread_local SpanStack t_stack{{}, 0, 0, 0};

} // namespace

Profiler::Profiler(Options options) : m_enabled(options.enabled), m_impl(std::make_unique<Impl>(options)) {}

Profiler::~Profiler() = default;

void Profiler::reset() {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->clear();
}

Profiler::ThreadScope::ThreadScope(Profiler &profiler, std::string threadName)
    : m_previous(detail::t_currentProfiler), m_previousThread(t_stack.thread), m_previousBase(t_stack.base) {
  {
    const std::lock_guard lock(profiler.m_impl->mutex);
    t_stack.thread = profiler.m_impl->threadFor(std::move(threadName), std::this_thread::get_id());
  }
  t_stack.base = t_stack.top;
  detail::t_currentProfiler = &profiler;
}

Profiler::ThreadScope::~ThreadScope() {
  detail::t_currentProfiler = m_previous;
  t_stack.thread = m_previousThread;
  t_stack.base = m_previousBase;
}

SpanId Profiler::begin(std::string_view section, std::string_view track) {
  if (!enabled())
    return 0;
  const Clock::time_point now = Clock::now();
  const std::lock_guard lock(m_impl->mutex);
  if (m_impl->open.size() >= kMaxOpenSpans)
    return 0;
  const std::uint32_t s = m_impl->sectionFor(section);
  const std::uint32_t lane = m_impl->trackFor(track.empty() ? section : track);
  const SpanId id = ++m_impl->nextId;
  m_impl->open.emplace(id, Impl::Open{s, lane, now});
  return id;
}

void Profiler::end(SpanId id) {
  if (id == 0)
    return;
  const Clock::time_point now = Clock::now();
  const std::lock_guard lock(m_impl->mutex);
  const auto it = m_impl->open.find(id);
  if (it == m_impl->open.end())
    return;
  const Impl::Open o = it->second;
  m_impl->open.erase(it);
  if (enabled())
    m_impl->add(o.section, Impl::kNone, o.lane, 0, o.start, now);
}

void Profiler::record(std::string_view section, Clock::time_point start, Clock::time_point end,
                      std::string_view track) {
  if (!enabled())
    return;
  const std::lock_guard lock(m_impl->mutex);
  const std::uint32_t s = m_impl->sectionFor(section);
  m_impl->add(s, Impl::kNone, m_impl->trackFor(track.empty() ? section : track), 0, start, end);
}

std::size_t Profiler::openSpans() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->open.size();
}

ProfileSnapshot Profiler::snapshot() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->snapshot();
}

double Profiler::measureSpanOverheadNs(bool enabled, int iterations) {
  iterations = std::max(iterations, 1);
  Profiler profiler(Options{enabled, 1024, 1});
  const ThreadScope scope(profiler, "profiler overhead");
  const Clock::time_point from = Clock::now();
  for (int i = 0; i < iterations; ++i) {
    DRAGOMAN_PROFILE_SCOPE("profiler.overhead");
  }
  const Clock::duration elapsed = Clock::now() - from;
  return std::chrono::duration<double, std::nano>(elapsed).count() / iterations;
}

void ScopedSpan::start(Profiler *profiler, const char *section) {
  SpanStack &stack = t_stack;
  if (stack.top >= Profiler::kMaxDepth)
    return; // too deep: not recorded, and finish() is not called
  stack.sections[stack.top++] = section;
  m_profiler = profiler;
  m_section = section;
  m_start = Profiler::Clock::now();
}

void ScopedSpan::finish() {
  const Profiler::Clock::time_point now = Profiler::Clock::now();
  SpanStack &stack = t_stack;
  --stack.top;
  const int depth = std::max(stack.top - stack.base, 0);
  const char *parent = depth > 0 ? stack.sections[stack.top - 1] : nullptr;
  if (!m_profiler->enabled())
    return; // disabled while the span ran
  Profiler::Impl &impl = *m_profiler->m_impl;
  const std::lock_guard lock(impl.mutex);
  const std::uint32_t s = impl.sectionForLiteral(m_section);
  const std::uint32_t p = parent != nullptr ? impl.sectionForLiteral(parent) : Profiler::Impl::kNone;
  impl.add(s, p, stack.thread, depth, m_start, now);
}

} // namespace dragoman::telemetry
