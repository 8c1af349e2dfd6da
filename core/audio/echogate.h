#pragma once
// Keeps Dragoman from hearing itself: while its own speech plays (and for a tail afterwards, for
// room echo and device latency) the captured audio is replaced by silence, so the recogniser never
// transcribes the translation it just spoke. Gated frames are counted.

#include "core/common/types.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <utility>

namespace dragoman::audio {

class EchoGate {
public:
  EchoGate(bool enabled, std::chrono::milliseconds tail) : m_enabled(enabled), m_tail(tail) {}

  // Called by the capture worker for every block: `playing` says whether our own audio is audible
  // at `now`. Silences the block when gated and returns whether it did.
  bool process(float *samples, std::size_t n, bool playing, TimePoint now);

  bool enabled() const { return m_enabled; }
  void setEnabled(bool enabled) { m_enabled = enabled; } // before the capture thread starts
  quint64 gatedFrames() const { return m_gatedFrames.load(std::memory_order_relaxed); }

private:
  bool m_enabled;
  std::chrono::milliseconds m_tail;
  TimePoint m_lastPlaying{};
  std::atomic<quint64> m_gatedFrames{0};
};

// The stretches of the 16 kHz stream the gate silenced, so that a segment can say it lost audio to
// it (AudioSegment::echoGated). Samples are counted from the start of the stream; adjacent
// stretches merge. Not thread-safe: the capture worker's thread owns it.
class GatedSpans {
public:
  static constexpr int kRate = 16000;
  void add(quint64 firstSample, quint64 endSample); // [first, end)
  bool overlaps(double startSeconds, double endSeconds) const;
  void forgetBefore(double seconds); // segments come in stream order: older stretches are done with
  std::size_t size() const { return m_spans.size(); }

private:
  std::deque<std::pair<quint64, quint64>> m_spans;
};

} // namespace dragoman::audio
