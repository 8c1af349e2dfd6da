#include "core/inference/streaming/streamingrecognizer.h"

#include "core/common/logcategories.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dragoman::streaming {

namespace {
// Times are compared with this slack: cuts are rounded to whole samples.
constexpr double kEpsilon = 1e-6;
} // namespace

Status validateStreamingOptions(const StreamingOptions &o) {
  auto bad = [](const QString &what) { return makeError(ErrorKind::Config, what); };
  if (!(o.minChunkSeconds > 0.0))
    return bad(QStringLiteral("streaming: the time between passes must be above 0 s"));
  if (!(o.maxBufferSeconds > o.minChunkSeconds))
    return bad(QStringLiteral("streaming: the maximum buffer (%1 s) must exceed the time between passes (%2 s)")
                   .arg(o.maxBufferSeconds)
                   .arg(o.minChunkSeconds));
  if (!(o.windowSeconds >= o.maxBufferSeconds + o.minChunkSeconds))
    return bad(QStringLiteral("streaming: the recogniser's window (%1 s) must hold the maximum buffer plus one "
                              "chunk (%2 s)")
                   .arg(o.windowSeconds)
                   .arg(o.maxBufferSeconds + o.minChunkSeconds));
  if (o.silenceKeepSeconds < 0.0 || o.silenceKeepSeconds >= o.maxBufferSeconds)
    return bad(QStringLiteral("streaming: the audio kept after silence must lie between 0 s and the maximum buffer"));
  if (o.promptCharacters < 0)
    return bad(QStringLiteral("streaming: the prompt length cannot be negative"));
  if (o.agreement.overlapToleranceSeconds < 0.0 || o.agreement.seamWindowSeconds < 0.0 || o.agreement.maxSeamWords < 0)
    return bad(QStringLiteral("streaming: the overlap settings cannot be negative"));
  return Status::success();
}

StreamingRecognizer::StreamingRecognizer(StreamingOptions options, double streamStartSeconds)
    : m_options(options), m_agreement(options.agreement), m_originSeconds(streamStartSeconds) {
  Q_ASSERT_X(validateStreamingOptions(options).ok(), "StreamingRecognizer", "invalid options");
}

double StreamingRecognizer::bufferStartSeconds() const {
  return m_originSeconds + double(m_bufferStartSample) / kSampleRate;
}

void StreamingRecognizer::appendAudio(const float *samples, std::size_t count) {
  m_buffer.insert(m_buffer.end(), samples, samples + count);
  m_pendingSamples += qint64(count);
}

void StreamingRecognizer::appendAudio(const AudioBuffer &audio) {
  Q_ASSERT(audio.isEmpty() || audio.sampleRate() == kSampleRate);
  appendAudio(audio.samples().data(), audio.size());
}

bool StreamingRecognizer::passDue() const {
  return m_pendingSamples > 0 && m_pendingSamples >= std::llround(m_options.minChunkSeconds * kSampleRate);
}

Result<StreamUpdate> StreamingRecognizer::pushAudio(const float *samples, std::size_t count, IAsrEngine &engine,
                                                    const AbortFlag &abort) {
  appendAudio(samples, count);
  if (!passDue())
    return makeUpdate({}, false);
  return process(engine, abort);
}

Result<StreamUpdate> StreamingRecognizer::process(IAsrEngine &engine, const AbortFlag &abort) {
  if (abort.load())
    return makeError(ErrorKind::Cancelled, QStringLiteral("speech recognition was cancelled"));
  if (m_buffer.empty())
    return makeUpdate({}, false);

  const double offset = bufferStartSeconds();
  Result<QList<TimedText>> pieces = engine.transcribeTimed(AudioBuffer(m_buffer, kSampleRate), prompt(), abort);
  if (!pieces)
    return pieces.error();
  m_pendingSamples = 0;

  const AgreementUpdate agreed = m_agreement.insert(wordsFromPieces(*pieces, offset));
  m_history.append(agreed.committed);
  QList<TimedWord> committed = agreed.committed;
  committed.append(trim()); // words the hard limit forced out
  StreamUpdate update = makeUpdate(committed, true);
  update.loopCut = std::any_of(pieces->cbegin(), pieces->cend(), [](const TimedText &p) { return p.loopCut; });
  return update;
}

Result<StreamUpdate> StreamingRecognizer::finish(IAsrEngine &engine, const AbortFlag &abort) {
  QList<TimedWord> committed;
  bool loopCut = false;
  if (m_pendingSamples > 0) {
    Result<StreamUpdate> last = process(engine, abort);
    if (!last)
      return last.error();
    committed = last->committedWords;
    loopCut = last->loopCut;
  }
  committed.append(flush().committedWords);
  StreamUpdate update = makeUpdate(committed, true);
  update.loopCut = loopCut;
  return update;
}

StreamUpdate StreamingRecognizer::flush() {
  const AgreementUpdate rest = m_agreement.flush();
  m_history.append(rest.committed);
  m_bufferStartSample += qint64(m_buffer.size());
  m_buffer.clear();
  m_agreement.discardCommittedBefore(std::numeric_limits<double>::infinity());
  m_pendingSamples = 0;
  pruneHistory();
  return makeUpdate(rest.committed, true);
}

void StreamingRecognizer::skipTo(double streamSeconds) {
  Q_ASSERT_X(m_buffer.empty(), "StreamingRecognizer::skipTo", "the buffer must be empty");
  if (!m_buffer.empty() || streamSeconds <= bufferStartSeconds())
    return;
  m_originSeconds = streamSeconds;
  m_bufferStartSample = 0;
}

QList<TimedWord> StreamingRecognizer::trim() {
  const double start = bufferStartSeconds();
  const double end = bufferEndSeconds();

  // Cut points are the ends of committed words that ended a segment: those times were measured;
  // the other word times are estimates, and a cut too late would lose the start of the next word.
  double lastMeasured = start; // the last committed segment end
  double lastSentence = start; // the last committed segment end that also ends a sentence
  for (qsizetype i = m_history.size() - 1; i >= 0 && m_history[i].endSeconds > start + kEpsilon; --i) {
    const TimedWord &w = m_history[i];
    if (!w.endsPiece)
      continue;
    lastMeasured = std::max(lastMeasured, w.endSeconds);
    if (endsSentence(w.text)) {
      lastSentence = w.endSeconds;
      break;
    }
  }
  double cut = m_options.trimMode == TrimMode::Sentence ? lastSentence : lastMeasured;

  // Too long: cut at the last committed segment end, and if need be at the last committed word.
  const double lastCommitted = m_agreement.hasCommitted() ? m_agreement.lastCommittedEnd() : start;
  if (end - cut > m_options.maxBufferSeconds)
    cut = std::max(cut, lastMeasured);
  if (end - cut > m_options.maxBufferSeconds)
    cut = std::max(cut, lastCommitted);
  if (end - cut > m_options.maxBufferSeconds && m_agreement.partial().isEmpty())
    cut = end - m_options.silenceKeepSeconds;

  QList<TimedWord> forced;
  if (end - cut + m_options.minChunkSeconds > m_options.windowSeconds) {
    forced = m_agreement.flush().committed;
    m_history.append(forced);
    if (m_agreement.hasCommitted())
      cut = std::max(cut, m_agreement.lastCommittedEnd());
    if (end - cut + m_options.minChunkSeconds > m_options.windowSeconds)
      cut = end - m_options.maxBufferSeconds;
    if (!forced.isEmpty())
      qCInfo(lcAsr) << "streaming: no agreement within the recogniser's window; committed" << forced.size()
                    << "words as they stand";
  }
  if (cut > start + kEpsilon)
    cutAt(cut);
  return forced;
}

void StreamingRecognizer::cutAt(double seconds) {
  const qint64 drop =
      std::clamp<qint64>(std::llround((seconds - bufferStartSeconds()) * kSampleRate), 0, qint64(m_buffer.size()));
  m_buffer.erase(m_buffer.begin(), m_buffer.begin() + std::ptrdiff_t(drop));
  m_bufferStartSample += drop;
  m_agreement.discardCommittedBefore(bufferStartSeconds());
  qCDebug(lcAsr) << "streaming: buffer cut at" << bufferStartSeconds() << "s, now" << bufferSeconds() << "s";
  pruneHistory();
}

StreamingRecognizer::HistoryRange StreamingRecognizer::promptRange() const {
  // Committed words that end inside the buffer are read again from the audio; the prompt is made of
  // those before them, as many whole words as fit in promptCharacters.
  const double start = bufferStartSeconds();
  HistoryRange r{m_history.size(), m_history.size()};
  while (r.end > 0 && m_history[r.end - 1].endSeconds > start + kEpsilon)
    --r.end;
  r.begin = r.end;
  qsizetype length = -1; // no space before the first word
  while (r.begin > 0 && length + 1 + m_history[r.begin - 1].text.size() <= m_options.promptCharacters) {
    length += 1 + m_history[r.begin - 1].text.size();
    --r.begin;
  }
  return r;
}

void StreamingRecognizer::pruneHistory() {
  m_history.remove(0, promptRange().begin);
}

QString StreamingRecognizer::prompt() const {
  const HistoryRange r = promptRange();
  QList<TimedWord> words = m_history.mid(r.begin, r.end - r.begin);
  if (!words.isEmpty())
    words.first().joinsPrevious = false;
  return joinWords(words);
}

StreamUpdate StreamingRecognizer::makeUpdate(const QList<TimedWord> &committed, bool ranPass) const {
  StreamUpdate u;
  u.ranPass = ranPass;
  u.committedWords = committed;
  u.committedText = joinWords(committed);
  if (!committed.isEmpty()) {
    u.committedStartSeconds = committed.first().startSeconds;
    u.committedEndSeconds = committed.last().endSeconds;
    u.committedJoinsPrevious = committed.first().joinsPrevious;
  }
  u.partialWords = m_agreement.partial();
  u.partialText = joinWords(u.partialWords);
  if (!u.partialWords.isEmpty()) {
    u.partialStartSeconds = u.partialWords.first().startSeconds;
    u.partialEndSeconds = u.partialWords.last().endSeconds;
  }
  u.bufferStartSeconds = bufferStartSeconds();
  u.bufferSeconds = bufferSeconds();
  u.counters = m_agreement.counters();
  return u;
}

} // namespace dragoman::streaming
