#include "core/audio/timestretch.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dragoman::audio {

namespace {
constexpr double kHopSeconds = 0.012;    // half a frame
constexpr double kSearchSeconds = 0.006; // how far a frame may move to line up with the one before
constexpr double kMaxRate = 4.0;
constexpr double kCatchUpFrom = 0.5, kCatchUpFull = 2.5; // seconds the speech waiting would wait
} // namespace

double catchUpRate(double lagSeconds, double maxRate) {
  if (!(maxRate > 1.0) || !(lagSeconds > kCatchUpFrom))
    return 1.0;
  const double share = std::min(1.0, (lagSeconds - kCatchUpFrom) / (kCatchUpFull - kCatchUpFrom));
  return 1.0 + share * (std::min(maxRate, kMaxRate) - 1.0);
}

TimeStretcher::TimeStretcher(const std::vector<float> &input, int sampleRate)
    : m_in(input), m_hop(std::max<std::size_t>(16, std::size_t(std::lround(kHopSeconds * std::max(sampleRate, 1))))),
      m_search(std::max<std::size_t>(4, std::size_t(std::lround(kSearchSeconds * std::max(sampleRate, 1))))) {
  m_window.resize(m_hop);
  for (std::size_t i = 0; i < m_hop; ++i)
    m_window[i] = float(0.5 - 0.5 * std::cos(std::numbers::pi * (double(i) + 0.5) / double(m_hop)));
}

bool TimeStretcher::done() const {
  if (!m_stretching)
    return m_copied >= m_in.size();
  return m_finished && m_readyAt >= m_ready.size();
}

std::size_t TimeStretcher::remainingInput() const {
  if (!m_stretching)
    return m_in.size() - m_copied;
  if (m_finished)
    return 0;
  return m_in.size() - std::min(m_in.size(), m_prevStart + m_hop);
}

std::size_t TimeStretcher::bestStart(std::size_t nominal) const {
  // The frame start near `nominal` whose first half best matches the input that naturally follows
  // the last frame's first half (normalised cross-correlation).
  const float *target = m_in.data() + m_prevStart + m_hop;
  const std::size_t from = nominal > m_search ? nominal - m_search : 0;
  const std::size_t to = nominal + m_search; // the caller made sure to + 2 hops fits
  std::size_t best = nominal;
  double bestScore = -2.0;
  for (std::size_t s = from; s <= to; ++s) {
    const float *c = m_in.data() + s;
    double dot = 0, energy = 0;
    for (std::size_t i = 0; i < m_hop; ++i) {
      dot += double(c[i]) * target[i];
      energy += double(c[i]) * c[i];
    }
    const double score = energy > 0 ? dot / std::sqrt(energy) : 0.0;
    if (score > bestScore) {
      bestScore = score;
      best = s;
    }
  }
  return best;
}

void TimeStretcher::addFrame(double rate) {
  const std::size_t size = m_in.size();
  if (!m_stretching) {
    // The first frame starts where the copy stopped, its rising half unwindowed.
    m_stretching = true;
    m_prevStart = m_copied;
    m_ready.insert(m_ready.end(), m_in.begin() + std::ptrdiff_t(m_prevStart), m_in.begin() + std::ptrdiff_t(m_prevStart + m_hop));
    m_tail.assign(m_in.begin() + std::ptrdiff_t(m_prevStart + m_hop), m_in.begin() + std::ptrdiff_t(m_prevStart + 2 * m_hop));
    m_nominal = double(m_prevStart) + double(m_hop) * rate;
    return;
  }
  const auto nominal = std::size_t(std::lround(m_nominal));
  if (nominal + m_search + 2 * m_hop > size) {
    // The last frame: its falling half unwindowed, then the rest of the input as it is.
    m_ready.insert(m_ready.end(), m_tail.begin(), m_tail.end());
    m_ready.insert(m_ready.end(), m_in.begin() + std::ptrdiff_t(std::min(size, m_prevStart + 2 * m_hop)), m_in.end());
    m_tail.clear();
    m_finished = true;
    return;
  }
  const std::size_t start = bestStart(nominal);
  for (std::size_t i = 0; i < m_hop; ++i)
    m_ready.push_back(m_tail[i] * (1.0f - m_window[i]) + m_in[start + i] * m_window[i]);
  m_tail.assign(m_in.begin() + std::ptrdiff_t(start + m_hop), m_in.begin() + std::ptrdiff_t(start + 2 * m_hop));
  m_prevStart = start;
  m_nominal += double(m_hop) * rate;
}

std::size_t TimeStretcher::next(std::vector<float> &out, std::size_t frames, double rate) {
  rate = std::clamp(std::isfinite(rate) ? rate : 1.0, 1.0, kMaxRate);
  const std::size_t before = out.size();
  if (!m_stretching) {
    // Copied unchanged until a rate above 1 is asked for and enough input is left to stretch.
    const bool stretch = rate > 1.001 && m_in.size() - m_copied >= 2 * m_hop + 2 * m_search + m_hop;
    if (!stretch) {
      const std::size_t n = std::min(frames, m_in.size() - m_copied);
      out.insert(out.end(), m_in.begin() + std::ptrdiff_t(m_copied), m_in.begin() + std::ptrdiff_t(m_copied + n));
      m_copied += n;
      return n;
    }
  }
  while (out.size() - before < frames) {
    if (m_readyAt >= m_ready.size()) {
      if (m_finished)
        break;
      m_ready.erase(m_ready.begin(), m_ready.begin() + std::ptrdiff_t(m_readyAt));
      m_readyAt = 0;
      addFrame(rate);
      continue;
    }
    const std::size_t n = std::min(frames - (out.size() - before), m_ready.size() - m_readyAt);
    out.insert(out.end(), m_ready.begin() + std::ptrdiff_t(m_readyAt), m_ready.begin() + std::ptrdiff_t(m_readyAt + n));
    m_readyAt += n;
  }
  return out.size() - before;
}

} // namespace dragoman::audio
