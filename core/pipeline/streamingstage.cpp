#include "core/pipeline/streamingstage.h"

#include "core/common/logcategories.h"

namespace dragoman::pipelinestage {

StreamingAsrStage::StreamingAsrStage(const PipelineOptions &options, Publish publish)
    : m_options(options), m_publish(std::move(publish)) {}

void StreamingAsrStage::startUtterance(const Job &job) {
  if (m_recognizer) // the previous utterance ended without its final version (cancelled capture)
    m_recognizer->flush();
  m_recognizer = std::make_unique<streaming::StreamingRecognizer>(m_options.streamingOptions, job.result.startSeconds);
  m_sentences.emplace(m_options.sentenceOptions);
  m_utterance = job.result.segmentId;
  m_pushed = 0;
  m_lastPartial.clear();
  m_lastProvisional.clear();
  m_lastProvisionalAt = TimePoint{};
}

void StreamingAsrStage::publishPartial(const Job &job, const streaming::StreamUpdate &update, TimePoint started) {
  // The open sentence's committed words, then the words no two passes agreed on yet.
  const std::optional<streaming::Sentence> open = job.partial ? m_sentences->pending() : std::nullopt;
  const QString tentative = job.partial ? update.partialText.trimmed() : QString();
  QString text = open ? open->text : QString();
  if (!tentative.isEmpty()) {
    const bool joins = !update.partialWords.isEmpty() && update.partialWords.front().joinsPrevious;
    text += (text.isEmpty() || joins ? QString() : QStringLiteral(" ")) + tentative;
  }
  if (text == m_lastPartial)
    return;
  m_lastPartial = text;
  StageTimes t = job.result.times;
  t.asrStart = started;
  t.asrDone = SteadyClock::now();
  const double start = open ? open->startSeconds : update.partialStartSeconds;
  const double end = tentative.isEmpty() && open ? open->endSeconds : update.partialEndSeconds;
  m_publish(Transcript{m_nextId, start, end, text, m_options.sourceLanguage, false, t});
}

Job StreamingAsrStage::sentenceJob(const Job &job, const streaming::Sentence &sentence, TimePoint started, bool loopCut) {
  Job next;
  SegmentResult &r = next.result;
  r = job.result;
  r.segmentId = m_nextId++;
  r.startSeconds = sentence.startSeconds;
  r.endSeconds = sentence.endSeconds;
  r.times.asrStart = started;
  r.times.asrDone = SteadyClock::now();
  r.sourceText = sentence.text;
  r.sourceLanguage = m_options.sourceLanguage;
  r.loopCut = loopCut;
  m_publish(Transcript{r.segmentId, r.startSeconds, r.endSeconds, r.sourceText, r.sourceLanguage, true, r.times});
  return next;
}

std::optional<Job> StreamingAsrStage::provisionalJob(const Job &job, const streaming::StreamUpdate &update) {
  // During speech: the open sentence, at most every provisionalInterval. As the speech pauses: the
  // first unit the final segment will close if the silence lasts (the open sentence and the words
  // this pass heard after it), at once; its translation is then ready when the unit closes.
  std::optional<streaming::Sentence> open;
  if (job.pause) {
    streaming::SentenceBuffer guess = *m_sentences;
    QList<streaming::Sentence> units = guess.add(update.partialWords);
    if (std::optional<streaming::Sentence> rest = guess.flush())
      units.append(*rest);
    if (!units.isEmpty())
      open = units.front();
  } else {
    open = m_sentences->pending();
  }
  const QString text = open ? open->text : QString();
  const TimePoint now = SteadyClock::now();
  const bool due = job.pause || m_lastProvisionalAt == TimePoint{} ||
                   now - m_lastProvisionalAt >= m_options.provisionalInterval;
  if (text.isEmpty() || text == m_lastProvisional || !due)
    return std::nullopt;
  m_lastProvisionalAt = now;
  m_lastProvisional = text;
  Job provisional;
  provisional.provisional = true;
  provisional.result = job.result;
  provisional.result.segmentId = m_nextId;
  provisional.result.startSeconds = open->startSeconds;
  provisional.result.endSeconds = open->endSeconds;
  // Its own copy: the MT thread drops the job while this thread still holds the text (a string
  // shared across threads is freed inside Qt, which ThreadSanitizer cannot follow).
  provisional.result.sourceText = QString(text.constData(), text.size());
  provisional.result.sourceLanguage = m_options.sourceLanguage;
  provisional.pause = job.pause; // its speech is made ahead too
  return provisional;
}

std::vector<Job> StreamingAsrStage::process(IAsrEngine &engine, Job &job, const AbortFlag &abort) {
  const TimePoint started = SteadyClock::now();
  job.drop = true;
  if (!m_recognizer || m_utterance != job.result.segmentId)
    startUtterance(job);
  const std::vector<float> &samples = job.audio.samples();
  if (samples.size() > m_pushed) {
    m_recognizer->appendAudio(samples.data() + m_pushed, samples.size() - m_pushed);
    m_pushed = samples.size();
  }
  job.audio = AudioBuffer();
  // A pause gets its pass at once: if the silence lasts, the final segment ends where it does, and
  // finish() then only commits what this pass heard (it runs a pass only over audio none has seen).
  const bool passNow = m_recognizer->passDue() || (job.pause && m_recognizer->pendingSeconds() > 0.0);
  Result<streaming::StreamUpdate> update =
      job.partial ? (passNow ? m_recognizer->process(engine, abort)
                             : Result<streaming::StreamUpdate>(streaming::StreamUpdate{}))
                  : m_recognizer->finish(engine, abort);
  qCDebug(lcPipeline, "streaming %s, utterance %llu: %s, %.0f ms after its audio ended, %s in %.0f ms",
          qUtf8Printable(m_options.sourceLanguage), static_cast<unsigned long long>(job.result.segmentId),
          job.pause ? "pause" : job.partial ? "partial" : "final", millisBetween(job.result.times.captureEnd, started),
          update && update->ranPass ? "pass" : "no pass", millisBetween(started, SteadyClock::now()));
  if (!update && !job.partial && !abort.load()) {
    // The last pass failed: commit what the previous passes heard rather than lose it.
    qCWarning(lcPipeline, "last recognition pass of utterance %llu failed (%s); committing the last hypothesis",
              static_cast<unsigned long long>(job.result.segmentId), qUtf8Printable(update.error().message));
    update = m_recognizer->flush();
  }
  if (!update) { // a failed pass is retried on the next partial; a failed last one ends the utterance
    if (!job.partial)
      m_recognizer.reset();
    return {};
  }
  if (job.partial && !update->ranPass)
    return {}; // not enough new audio for a pass yet
  m_retractions = quint64(update->counters.retractions) + m_retractionsBefore;
  QList<streaming::Sentence> closed = m_sentences->add(update->committedWords);
  if (!job.partial) {
    if (std::optional<streaming::Sentence> rest = m_sentences->flush())
      closed.append(*rest);
    m_retractionsBefore = m_retractions;
    m_recognizer.reset();
  }
  std::vector<Job> out;
  for (qsizetype i = 0; i < closed.size(); ++i)
    out.push_back(sentenceJob(job, closed[i], started, update->loopCut && i + 1 == closed.size()));
  publishPartial(job, *update, started);
  if (m_options.provisionalTranslation && job.partial) {
    if (std::optional<Job> provisional = provisionalJob(job, *update))
      out.push_back(std::move(*provisional));
  } else {
    m_lastProvisional.clear();
    m_lastProvisionalAt = TimePoint{};
  }
  return out;
}

} // namespace dragoman::pipelinestage
