#include "app/headless/transcriptwriters.h"

#include "core/audio/resampler.h"
#include "core/storage/exports.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace dragoman {
namespace {

void putMillis(QJsonObject &o, const char *key, TimePoint from, TimePoint to) {
  const double ms = millisBetween(from, to);
  if (ms >= 0.0)
    o.insert(QLatin1String(key), std::round(ms * 10.0) / 10.0);
}

} // namespace

QJsonObject segmentTimings(const SegmentResult &s) {
  const StageTimes &t = s.times;
  QJsonObject o;
  putMillis(o, "asr_wait_ms", t.captureEnd, t.asrStart);
  putMillis(o, "asr_ms", t.asrStart, t.asrDone);
  putMillis(o, "mt_wait_ms", t.asrDone, t.mtStart);
  putMillis(o, "mt_ms", t.mtStart, t.mtDone);
  putMillis(o, "tts_wait_ms", t.mtDone, t.ttsStart);
  putMillis(o, "tts_ms", t.ttsStart, t.ttsDone);
  const TimePoint last = t.ttsDone != TimePoint{} ? t.ttsDone : t.mtDone;
  putMillis(o, "total_ms", t.captureEnd, last);
  return o;
}

QJsonObject jobToJson(const TranslationJob &job) {
  QJsonArray segments;
  for (const SegmentResult &s : job.segments) {
    QJsonObject o;
    o.insert(QStringLiteral("id"), qint64(s.segmentId));
    o.insert(QStringLiteral("start"), std::round(s.startSeconds * 1000.0) / 1000.0);
    o.insert(QStringLiteral("end"), std::round(s.endSeconds * 1000.0) / 1000.0);
    o.insert(QStringLiteral("source"), s.sourceText);
    o.insert(QStringLiteral("translation"), s.translation);
    if (!s.speech.isEmpty())
      o.insert(QStringLiteral("speech_seconds"), std::round(s.speech.durationSeconds() * 1000.0) / 1000.0);
    if (!s.error.isEmpty())
      o.insert(QStringLiteral("error"), s.error);
    o.insert(QStringLiteral("timings"), segmentTimings(s));
    segments.append(o);
  }
  QJsonObject engines{{QStringLiteral("asr"), job.asrEngine}, {QStringLiteral("translation"), job.translationEngine}};
  if (!job.ttsEngine.isEmpty())
    engines.insert(QStringLiteral("tts"), job.ttsEngine);
  return QJsonObject{
      {QStringLiteral("input"), job.input},
      {QStringLiteral("duration"), std::round(job.inputSeconds * 1000.0) / 1000.0},
      {QStringLiteral("source_language"), job.sourceLanguage},
      {QStringLiteral("target_language"), job.targetLanguage},
      {QStringLiteral("engines"), engines},
      {QStringLiteral("segments"), segments},
  };
}

QString srtTimestamp(double seconds) { return storage::captionTimestamp(seconds, QLatin1Char(',')); }

QString jobToSrt(const TranslationJob &job) {
  QString out;
  int index = 1;
  for (const SegmentResult &s : job.segments) {
    if (s.translation.isEmpty())
      continue;
    out += QString::number(index++) + QLatin1Char('\n') + srtTimestamp(s.startSeconds) + QStringLiteral(" --> ") +
           srtTimestamp(s.endSeconds) + QLatin1Char('\n') + s.translation + QStringLiteral("\n\n");
  }
  return out;
}

Result<AudioBuffer> assembleSpeechTrack(const QList<SegmentResult> &segments) {
  int rate = 0;
  for (const SegmentResult &s : segments)
    if (!s.speech.isEmpty()) {
      rate = s.speech.sampleRate();
      break;
    }
  if (rate == 0)
    return AudioBuffer(std::vector<float>(), 16000);
  std::vector<float> track;
  for (const SegmentResult &s : segments) {
    if (s.speech.isEmpty())
      continue;
    Result<AudioBuffer> speech = audio::resample(s.speech, rate);
    if (!speech)
      return speech.error();
    const std::size_t at = std::max(track.size(), std::size_t(std::llround(s.startSeconds * rate)));
    track.resize(at, 0.0f);
    track.insert(track.end(), speech->samples().begin(), speech->samples().end());
  }
  return AudioBuffer(std::move(track), rate);
}

Status writeTextFileAtomically(const QString &path, const QByteArray &content) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
  if (file.write(content) != content.size()) {
    const QString why = file.errorString();
    file.cancelWriting();
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2 (disk full?)").arg(path, why));
  }
  if (!file.commit())
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
  return Status::success();
}

} // namespace dragoman
