#include "core/audio/filesegmenter.h"

#include <algorithm>
#include <cmath>

namespace dragoman::audio {
namespace {

std::vector<double> frameLevelsDb(const std::vector<float> &samples, std::size_t frameLen) {
  std::vector<double> levels;
  levels.reserve(samples.size() / frameLen + 1);
  for (std::size_t start = 0; start < samples.size(); start += frameLen) {
    const std::size_t end = std::min(samples.size(), start + frameLen);
    double energy = 0.0;
    for (std::size_t i = start; i < end; ++i)
      energy += double(samples[i]) * samples[i];
    const double rms = std::sqrt(energy / double(end - start));
    levels.push_back(20.0 * std::log10(std::max(rms, 1e-9)));
  }
  return levels;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty())
    return -180.0;
  const auto k = static_cast<std::size_t>(p * double(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

// Splits [first, last) frame runs longer than maxFrames at the quietest frame of their second half.
void splitLong(std::vector<std::pair<std::size_t, std::size_t>> &runs, const std::vector<double> &levels,
               std::size_t maxFrames) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (auto [first, last] : runs) {
    while (last - first > maxFrames) {
      const std::size_t lo = first + maxFrames / 2;
      const std::size_t hi = first + maxFrames;
      const auto quietest = std::min_element(levels.begin() + static_cast<std::ptrdiff_t>(lo),
                                             levels.begin() + static_cast<std::ptrdiff_t>(hi));
      const std::size_t cut = static_cast<std::size_t>(quietest - levels.begin());
      out.emplace_back(first, cut);
      first = cut;
    }
    out.emplace_back(first, last);
  }
  runs = std::move(out);
}

} // namespace

std::vector<SampleRange> findSpeech(const AudioBuffer &audio, const SegmenterParams &params) {
  const int rate = audio.sampleRate();
  if (audio.isEmpty() || rate <= 0)
    return {};
  const std::size_t frameLen = std::max<std::size_t>(1, std::size_t(rate) * std::size_t(params.frameMs) / 1000);
  const std::vector<double> levels = frameLevelsDb(audio.samples(), frameLen);
  // Speech must stand above the quiet end of the file; a file that is speech throughout has no
  // quiet end, so the bar never rises above the loud end minus the same margin.
  const double floorDb = percentile(levels, 0.10);
  const double loudDb = percentile(levels, 0.90);
  const double threshold =
      std::max(params.silenceThresholdDb, std::min(floorDb + params.floorMarginDb, loudDb - params.floorMarginDb));

  const std::size_t minSilence = std::max(1, params.minSilenceMs / params.frameMs);
  const std::size_t minSpeech = std::max(1, params.minSpeechMs / params.frameMs);
  std::vector<std::pair<std::size_t, std::size_t>> runs; // frame ranges [first, last)
  std::size_t quiet = 0;
  bool inSpeech = false;
  std::size_t first = 0;
  std::size_t lastSpeech = 0;
  for (std::size_t f = 0; f < levels.size(); ++f) {
    if (levels[f] > threshold) {
      if (!inSpeech) {
        inSpeech = true;
        first = f;
      }
      lastSpeech = f;
      quiet = 0;
    } else if (inSpeech && ++quiet >= minSilence) {
      runs.emplace_back(first, lastSpeech + 1);
      inSpeech = false;
    }
  }
  if (inSpeech)
    runs.emplace_back(first, lastSpeech + 1);
  std::erase_if(runs, [&](const auto &r) { return r.second - r.first < minSpeech; });

  const double framesPerSecond = 1000.0 / params.frameMs;
  splitLong(runs, levels, std::max<std::size_t>(2, std::size_t(params.maxSegmentSeconds * framesPerSecond)));

  const std::size_t pad = std::size_t(rate) * std::size_t(params.paddingMs) / 1000;
  const std::size_t total = audio.size();
  std::vector<SampleRange> ranges;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    std::size_t begin = runs[i].first * frameLen;
    std::size_t end = std::min(total, runs[i].second * frameLen);
    // Pad, but never into the neighbouring segment's speech.
    const std::size_t prevEnd = i > 0 ? std::min(total, runs[i - 1].second * frameLen) : 0;
    const std::size_t nextBegin = i + 1 < runs.size() ? runs[i + 1].first * frameLen : total;
    begin = begin > pad ? std::max(begin - pad, prevEnd) : prevEnd;
    end = std::min({end + pad, nextBegin, total});
    ranges.push_back({begin, end});
  }
  return ranges;
}

std::vector<AudioSegment> cutSegments(const AudioBuffer &audio, const std::vector<SampleRange> &ranges,
                                      quint64 firstId) {
  std::vector<AudioSegment> segments;
  const auto &samples = audio.samples();
  const double rate = audio.sampleRate();
  quint64 id = firstId;
  for (const SampleRange &r : ranges) {
    AudioSegment s;
    s.id = id++;
    s.startSeconds = double(r.begin) / rate;
    s.endSeconds = double(r.end) / rate;
    s.audio = AudioBuffer(std::vector<float>(samples.begin() + static_cast<std::ptrdiff_t>(r.begin),
                                             samples.begin() + static_cast<std::ptrdiff_t>(r.end)),
                          audio.sampleRate());
    segments.push_back(std::move(s));
  }
  return segments;
}

} // namespace dragoman::audio
