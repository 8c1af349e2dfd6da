#include "core/inference/torch/whisper/decoding/segmentsplit.h"

#include "core/inference/torch/tokenizers/whispervocab.h"

namespace dragoman::torchrt::whisper {

namespace {

Segment makeSegment(const std::vector<int> &tokens, double start, double end, const DecodeResult &result,
                    const WhisperVocab &vocab) {
  Segment s;
  s.start = start;
  s.end = end;
  s.tokens = tokens;
  s.text = vocab.decodeText(tokens);
  s.avgLogprob = result.avgLogprob;
  s.noSpeechProb = result.noSpeechProb;
  s.compressionRatio = result.compressionRatio;
  s.temperature = result.temperature;
  // openai clears segments that last no time or say nothing; they keep their place in the list.
  if (s.start == s.end || trimText(s.text).empty()) {
    s.text.clear();
    s.tokens.clear();
  }
  return s;
}

} // namespace

WindowSplit splitWindow(const std::vector<int> &tokens, const DecodeResult &result, const WhisperVocab &vocab,
                        long long seek, long long segmentFrames) {
  WindowSplit out;
  const double timeOffset = static_cast<double>(seek) * kSecondsPerFrame;
  const double precision = static_cast<double>(kFramesPerTimestamp) * kSecondsPerFrame;
  const int tb = vocab.timestampBegin;
  const std::size_t n = tokens.size();
  auto isTs = [&](std::size_t i) { return tokens[i] >= tb; };

  out.singleTimestampEnding = n >= 2 && !isTs(n - 2) && isTs(n - 1);

  // Slice ends: just after the first timestamp of every consecutive pair.
  std::vector<std::size_t> slices;
  for (std::size_t i = 0; i + 1 < n; ++i)
    if (isTs(i) && isTs(i + 1))
      slices.push_back(i + 1);

  if (!slices.empty()) {
    out.hasCompletePairs = true;
    if (out.singleTimestampEnding)
      slices.push_back(n);
    std::size_t last = 0;
    for (std::size_t cut : slices) {
      const std::vector<int> part(tokens.begin() + static_cast<std::ptrdiff_t>(last),
                                  tokens.begin() + static_cast<std::ptrdiff_t>(cut));
      const double start = timeOffset + (part.front() - tb) * precision;
      const double end = timeOffset + (part.back() - tb) * precision;
      out.segments.push_back(makeSegment(part, start, end, result, vocab));
      last = cut;
    }
    if (out.singleTimestampEnding) {
      out.nextSeek = seek + segmentFrames;
    } else {
      // The unfinished tail is decoded again by the next window, which starts at the last timestamp.
      out.nextSeek = seek + static_cast<long long>(tokens[last - 1] - tb) * kFramesPerTimestamp;
    }
  } else {
    double duration = static_cast<double>(segmentFrames) * kSecondsPerFrame;
    for (std::size_t i = n; i-- > 0;)
      if (isTs(i)) {
        if (tokens[i] != tb)
          duration = (tokens[i] - tb) * precision;
        break;
      }
    out.segments.push_back(makeSegment(tokens, timeOffset, timeOffset + duration, result, vocab));
    out.nextSeek = seek + segmentFrames;
  }
  return out;
}

} // namespace dragoman::torchrt::whisper
