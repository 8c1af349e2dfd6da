#include "core/inference/torch/whisper/decoding/transcriber.h"

#include "core/inference/torch/whisper/mel.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/whisper/decoding/decoder.h"
#include "core/inference/torch/whisper/decoding/languagedetect.h"
#include "core/inference/torch/whisper/decoding/prompt.h"
#include "core/inference/torch/whisper/decoding/segmentsplit.h"
#include "core/inference/torch/tokenizers/whispervocab.h"

#include <ATen/ops/constant_pad_nd.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace dragoman::torchrt::whisper {

namespace {

constexpr long long kMinResumeFrames = 100; // a cut window must move on by at least 1 s

void checkAbort(const std::atomic_bool &abort) {
  if (abort.load(std::memory_order_relaxed))
    throw ModelError(ErrorCode::Cancelled, "transcription cancelled");
}

// Frames [seek, seek + frames) of the mel, zero-padded to one window: [1, n_mels, 3000].
at::Tensor windowMel(const at::Tensor &mel, long long seek, long long frames) {
  at::Tensor w = mel.narrow(1, seek, frames);
  if (frames < kWindowFrames)
    w = at::constant_pad_nd(w, {0, kWindowFrames - frames}, 0);
  return w.unsqueeze(0);
}

// At most `limit` bytes of UTF-8, never ending inside a character.
std::string shorten(const std::string &text, std::size_t limit) {
  if (text.size() <= limit)
    return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return text.substr(0, end) + "...";
}

struct LoopReport {
  std::string text;
  int repeats = 0;
  double at = 0;
};

std::string describe(const LoopReport &loop) {
  char where[48];
  std::snprintf(where, sizeof where, "%.1f", loop.at);
  return "repetition loop: '" + shorten(loop.text, 80) + "' \xC3\x97 " + std::to_string(loop.repeats) + " at " + where +
         " s, cut";
}

class LongFormLoop {
public:
  LongFormLoop(WhisperModel &model, const WhisperVocab &vocab, const at::Tensor &mel, const DecodeOptions &options,
               const std::atomic_bool &abort, SegmentCallback onSegment, const RepetitionLimits &limits)
      : m_model(model), m_vocab(vocab), m_mel(mel), m_options(options), m_abort(abort),
        m_onSegment(std::move(onSegment)), m_limits(limits), m_repeats(limits.maxIdenticalSegments) {}

  Transcript run();

private:
  std::optional<int> chooseLanguage(long long contentFrames);
  DecodeResult decodeWithFallback(const at::Tensor &encoded, const std::vector<int> &prompt, int window);
  void report(const LoopReport &loop);

  WhisperModel &m_model;
  const WhisperVocab &m_vocab;
  const at::Tensor &m_mel;
  const DecodeOptions &m_options;
  const std::atomic_bool &m_abort;
  SegmentCallback m_onSegment;
  RepetitionLimits m_limits;
  SegmentRepeatGuard m_repeats;
  Transcript m_out;
  at::Tensor m_firstEncoded; // the first window, when language detection already encoded it
};

std::optional<int> LongFormLoop::chooseLanguage(long long contentFrames) {
  if (!m_vocab.multilingual) {
    m_out.language = "en";
    return std::nullopt;
  }
  if (!m_options.language.empty()) {
    const std::optional<int> token = m_vocab.languageToken(m_options.language);
    if (!token)
      throw ModelError(ErrorCode::Input, "unknown language '" + m_options.language + "' for this Whisper model");
    m_out.language = m_options.language;
    return token;
  }
  if (contentFrames <= 0)
    return std::nullopt;
  // openai detects on the first 30 s of the padded mel (padding frames included when shorter).
  checkAbort(m_abort);
  const at::Tensor encoded = m_model.encode(m_mel.narrow(1, 0, kWindowFrames).unsqueeze(0));
  const LanguageGuess guess = detectLanguage(m_model, encoded, m_vocab);
  m_out.language = guess.code;
  m_out.languageProbability = guess.probability;
  if (contentFrames >= kWindowFrames)
    m_firstEncoded = encoded;
  return guess.token;
}

DecodeResult LongFormLoop::decodeWithFallback(const at::Tensor &encoded, const std::vector<int> &prompt, int window) {
  DecodeOptions options = m_options;
  options.seed = m_options.seed + static_cast<unsigned long long>(window); // each window its own draws
  std::vector<double> ladder = m_options.temperatures;
  if (ladder.empty() || m_options.plainArgmax)
    ladder = {ladder.empty() ? 0.0 : ladder.front()};
  DecodeResult result;
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    if (i > 0)
      ++m_out.fallbacks;
    result = decodeWindow(m_model, encoded, m_vocab, prompt, options, ladder[i], m_abort);
    m_out.decodedTokens += static_cast<int>(result.tokens.size());
    if (!needsFallback(result, m_options))
      break;
  }
  return result;
}

void LongFormLoop::report(const LoopReport &loop) {
  m_out.repetitionStopped = true;
  if (!m_out.warning.empty())
    m_out.warning += "; ";
  m_out.warning += describe(loop);
}

Transcript LongFormLoop::run() {
  const WhisperConfig &config = m_model.config();
  if (m_mel.dim() != 2 || m_mel.size(0) != config.numMelBins || m_mel.size(1) < kWindowFrames)
    throw ModelError(ErrorCode::Input, "transcription needs a log-mel of [" + std::to_string(config.numMelBins) +
                                           ", >= 3000] frames with 30 s of padding");
  const long long content = m_mel.size(1) - kWindowFrames;
  const std::optional<int> language = chooseLanguage(content);
  const std::vector<int> sot = sotSequence(m_vocab, language, m_options.task, m_options.timestamps);
  const auto maxContext = static_cast<std::size_t>(std::max(config.maxTargetPositions / 2 - 1, 0));

  // Context: every emitted token since the last reset, the initial prompt first.
  std::vector<int> context;
  const std::string initial = trimText(m_options.initialPrompt);
  if (!initial.empty())
    context = m_vocab.encodeText(" " + initial);
  std::size_t contextFrom = 0;
  bool previousCut = false;

  for (long long seek = 0; seek < content;) {
    checkAbort(m_abort);
    const long long frames = std::min<long long>(kWindowFrames, content - seek);
    // Probe mode reproduces the reference check (and `--dump`): the first window is the padded
    // mel's first 3000 frames, padding frames included, rather than content zero-padded.
    const bool referenceWindow = m_options.plainArgmax && seek == 0;
    const at::Tensor encoded =
        (seek == 0 && m_firstEncoded.defined()) ? m_firstEncoded
        : referenceWindow                       ? m_model.encode(m_mel.narrow(1, 0, kWindowFrames).unsqueeze(0))
                                                : m_model.encode(windowMel(m_mel, seek, frames));
    const std::vector<int> prompt = buildPrompt(
        m_vocab, std::vector<int>(context.begin() + static_cast<std::ptrdiff_t>(contextFrom), context.end()), sot,
        maxContext);
    const DecodeResult result = decodeWithFallback(encoded, prompt, m_out.windows);
    if (++m_out.windows == 1) {
      m_out.firstWindowTokens.assign(prompt.begin(), prompt.end());
      m_out.firstWindowTokens.insert(m_out.firstWindowTokens.end(), result.tokens.begin(), result.tokens.end());
      if (result.endedWithEot && !m_options.plainArgmax)
        m_out.firstWindowTokens.push_back(m_vocab.eot);
    }
    if (!m_options.plainArgmax && isSilentWindow(result, m_options)) {
      seek += frames; // nothing said here
      previousCut = false;
      continue;
    }

    const double offset = static_cast<double>(seek) * kSecondsPerFrame;
    std::vector<int> tokens = result.tokens;
    std::optional<LoopReport> loop;
    if (!m_options.plainArgmax && m_options.loopGuard) {
      if (const auto found = findTokenLoop(tokens, m_vocab.eot, m_limits)) {
        double at = offset;
        for (std::size_t i = found->firstIndex + 1; i-- > 0;)
          if (m_vocab.isTimestamp(tokens[i])) {
            at = offset + m_vocab.timestampSeconds(tokens[i]);
            break;
          }
        loop = LoopReport{trimText(m_vocab.decodeText(found->unit)), found->repeats, at};
        tokens.resize(found->cutIndex); // keep the first copy, drop the rest of the window's output
      }
    }

    const WindowSplit split = splitWindow(tokens, result, m_vocab, seek, frames);
    long long next = split.nextSeek;
    for (std::size_t i = 0; i < split.segments.size(); ++i) {
      const Segment &segment = split.segments[i];
      if (segment.text.empty())
        continue;
      if (m_options.loopGuard && m_repeats.wouldLoop(segment.text)) {
        // The same segment once too often: drop it and what follows, resume where it started.
        int repeats = m_repeats.run();
        for (std::size_t j = i; j < split.segments.size(); ++j)
          if (SegmentRepeatGuard::normalise(split.segments[j].text) == SegmentRepeatGuard::normalise(segment.text))
            ++repeats;
        if (!loop)
          loop = LoopReport{trimText(segment.text), repeats, segment.start};
        next = std::llround(segment.start / kSecondsPerFrame);
        break;
      }
      m_repeats.accept(segment.text);
      m_out.segments.push_back(segment);
      context.insert(context.end(), segment.tokens.begin(), segment.tokens.end());
      if (m_onSegment)
        m_onSegment(segment);
    }

    if (loop) {
      report(*loop);
      // Re-decode after the loop once; if that window loops again, give the region up.
      if (previousCut || next - seek < kMinResumeFrames)
        next = seek + frames;
      contextFrom = context.size(); // the loop must not prime the next window
    }
    previousCut = loop.has_value();
    if (!m_options.conditionOnPreviousText || result.temperature > 0.5)
      contextFrom = context.size();
    seek = next > seek ? next : seek + frames;
  }

  std::string joined;
  for (const Segment &s : m_out.segments)
    joined += s.text;
  m_out.text = trimText(joined);
  return m_out;
}

} // namespace

Transcript transcribeMel(WhisperModel &model, const WhisperVocab &vocab, const at::Tensor &mel,
                         const DecodeOptions &options, const std::atomic_bool &abort, SegmentCallback onSegment,
                         const RepetitionLimits &limits) {
  c10::InferenceMode inference;
  return LongFormLoop(model, vocab, mel, options, abort, std::move(onSegment), limits).run();
}

Transcript transcribe(WhisperModel &model, const WhisperVocab &vocab, const float *audio16k, std::size_t samples,
                      const DecodeOptions &options, const std::atomic_bool &abort, SegmentCallback onSegment) {
  return transcribeMel(model, vocab, logMelSpectrogram(audio16k, samples, model.config().numMelBins), options, abort,
                       std::move(onSegment));
}

} // namespace dragoman::torchrt::whisper
