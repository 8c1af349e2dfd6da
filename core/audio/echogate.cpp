#include "core/audio/echogate.h"

#include <algorithm>

namespace dragoman::audio {

bool EchoGate::process(float *samples, std::size_t n, bool playing, TimePoint now) {
  if (!m_enabled)
    return false;
  if (playing)
    m_lastPlaying = now;
  const bool gate = playing || (m_lastPlaying != TimePoint{} && now - m_lastPlaying <= m_tail);
  if (gate) {
    std::fill(samples, samples + n, 0.0f);
    m_gatedFrames.fetch_add(n, std::memory_order_relaxed);
  }
  return gate;
}

namespace {

quint64 sampleAt(double seconds) { return quint64(std::max(0.0, seconds) * GatedSpans::kRate); }

} // namespace

void GatedSpans::add(quint64 firstSample, quint64 endSample) {
  if (endSample <= firstSample)
    return;
  if (!m_spans.empty() && m_spans.back().second >= firstSample)
    m_spans.back().second = std::max(m_spans.back().second, endSample);
  else
    m_spans.emplace_back(firstSample, endSample);
}

bool GatedSpans::overlaps(double startSeconds, double endSeconds) const {
  const quint64 first = sampleAt(startSeconds);
  const quint64 end = sampleAt(endSeconds);
  return std::any_of(m_spans.begin(), m_spans.end(), [&](const auto &s) { return s.first < end && s.second > first; });
}

void GatedSpans::forgetBefore(double seconds) {
  const quint64 sample = sampleAt(seconds);
  while (!m_spans.empty() && m_spans.front().second <= sample)
    m_spans.pop_front();
}

} // namespace dragoman::audio
