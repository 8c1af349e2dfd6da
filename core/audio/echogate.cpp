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

} // namespace dragoman::audio
