#include "app/headless/captions.h"

#include "core/common/logcategories.h"

#include <QJsonDocument>

#include <cmath>
#include <cstdio>

namespace dragoman::headless {

QStringList engineOverrides(const cli::Invocation &inv) {
  QStringList out;
  const auto map = [&](const char *option, const char *key) {
    if (inv.values.contains(QLatin1String(option)))
      out << QLatin1String(key) + QLatin1Char('=') + inv.value(QLatin1String(option));
  };
  map("from", "translation.source_language");
  map("from", "asr.language");
  map("to", "translation.target_language");
  map("asr-engine", "asr.engine");
  map("mt-engine", "translation.engine");
  map("tts-engine", "tts.engine");
  map("voice", "tts.voice");
  map("profile", "profiling.export_on_exit");
  return out;
}

Result<double> durationOption(const cli::Invocation &inv) {
  if (!inv.values.contains(QStringLiteral("duration")))
    return 0.0;
  bool ok = false;
  const double seconds = inv.value(QStringLiteral("duration")).toDouble(&ok);
  if (!ok || seconds <= 0.0 || seconds > 7 * 24 * 3600.0)
    return makeError(ErrorKind::Usage, QStringLiteral("--duration needs a number of seconds above 0, got '%1'")
                                           .arg(inv.value(QStringLiteral("duration"))));
  return seconds;
}

QString clockText(double seconds) {
  const int tenths = int(seconds * 10.0 + 0.5);
  return QStringLiteral("%1:%2.%3")
      .arg(tenths / 600, 2, 10, QLatin1Char('0'))
      .arg((tenths / 10) % 60, 2, 10, QLatin1Char('0'))
      .arg(tenths % 10);
}

void printCaption(const SegmentResult &r, const QString &direction) {
  QString head = QStringLiteral("[%1 → %2] ").arg(clockText(r.startSeconds), clockText(r.endSeconds));
  if (!direction.isEmpty())
    head = QStringLiteral("%1 ").arg(direction, -4) + head;
  const QString indent(head.size(), QLatin1Char(' '));
  std::printf("%s%s: %s\n%s%s: %s\n", qUtf8Printable(head), qUtf8Printable(r.sourceLanguage),
              qUtf8Printable(r.sourceText.isEmpty() ? QStringLiteral("(nothing recognised)") : r.sourceText),
              qUtf8Printable(indent), qUtf8Printable(r.targetLanguage), qUtf8Printable(r.translation));
  std::fflush(stdout);
}

QJsonObject captionJson(const SegmentResult &r, TimePoint origin) {
  QJsonObject times;
  const auto put = [&](const char *key, TimePoint t) {
    const double ms = millisBetween(origin, t);
    if (t != TimePoint{})
      times.insert(QLatin1String(key), std::round(ms * 10.0) / 10.0);
  };
  put("capture_start", r.times.captureStart);
  put("capture_end", r.times.captureEnd);
  put("asr_start", r.times.asrStart);
  put("asr_done", r.times.asrDone);
  put("mt_done", r.times.mtDone);
  put("tts_start", r.times.ttsStart);
  put("tts_first_audio", r.times.ttsFirstAudio);
  put("tts_done", r.times.ttsDone);
  put("playback_start", r.times.playbackStart);
  QJsonObject o{{QStringLiteral("id"), qint64(r.segmentId)},
                {QStringLiteral("start"), std::round(r.startSeconds * 1000.0) / 1000.0},
                {QStringLiteral("end"), std::round(r.endSeconds * 1000.0) / 1000.0},
                {QStringLiteral("source_language"), r.sourceLanguage},
                {QStringLiteral("source"), r.sourceText},
                {QStringLiteral("target_language"), r.targetLanguage},
                {QStringLiteral("translation"), r.translation},
                {QStringLiteral("times_ms"), times}};
  if (r.confidence)
    o.insert(QStringLiteral("confidence"), std::round(*r.confidence * 1000.0) / 1000.0);
  if (r.echoGated)
    o.insert(QStringLiteral("echo_gated"), true);
  if (r.loopCut)
    o.insert(QStringLiteral("loop_cut"), true);
  if (!r.error.isEmpty())
    o.insert(QStringLiteral("error"), r.error);
  return o;
}

Status CaptionLog::open(const QString &path) {
  if (path.isEmpty())
    return Status::success();
  m_file.setFileName(path);
  if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
    return makeError(ErrorKind::Output, QStringLiteral("cannot write captions to %1: %2").arg(path, m_file.errorString()));
  return Status::success();
}

void CaptionLog::write(const SegmentResult &r, TimePoint origin, const QString &direction) {
  if (!m_file.isOpen())
    return;
  QJsonObject o = captionJson(r, origin);
  if (!direction.isEmpty())
    o.insert(QStringLiteral("direction"), direction);
  const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
  if (m_file.write(line) != line.size() || !m_file.flush())
    qCWarning(lcApp, "cannot write captions to %s: %s", qUtf8Printable(m_file.fileName()),
              qUtf8Printable(m_file.errorString()));
}

QVariantMap counterFields(const SessionRunner::Counters &c) {
  return {{QStringLiteral("segments"), c.segments},
          {QStringLiteral("overruns"), c.overruns},
          {QStringLiteral("gated_frames"), c.gatedFrames},
          {QStringLiteral("echo_cancelling"), c.echoCancelling},
          {QStringLiteral("echo_frames"), c.echoFrames},
          {QStringLiteral("erle_db"), double(c.erleDb)},
          {QStringLiteral("reopened"), c.reopened},
          {QStringLiteral("streaming"), c.streaming},
          {QStringLiteral("partial_retractions"), c.retractions},
          {QStringLiteral("translation_replacements"), c.translationReplacements},
          {QStringLiteral("underruns"), c.underruns},
          {QStringLiteral("speech_cut_short"), c.speechCut}};
}

} // namespace dragoman::headless
