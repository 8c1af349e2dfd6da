#include "core/storage/exports.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace dragoman::storage {

namespace {

QString textOf(const StoredSegment &s, ExportSide side) {
  switch (side) {
  case ExportSide::Source: return s.sourceText;
  case ExportSide::Translation: return s.translation;
  case ExportSide::Both:
    if (s.translation.isEmpty() || s.sourceText.isEmpty())
      return s.sourceText.isEmpty() ? s.translation : s.sourceText;
    return s.sourceText + QLatin1Char('\n') + s.translation;
  }
  return QString();
}

QString csvField(const QString &v) {
  if (!v.contains(QLatin1Char(',')) && !v.contains(QLatin1Char('"')) && !v.contains(QLatin1Char('\n')) &&
      !v.contains(QLatin1Char('\r')))
    return v;
  QString q = v;
  q.replace(QLatin1Char('"'), QStringLiteral("\"\""));
  return QLatin1Char('"') + q + QLatin1Char('"');
}

QJsonValue optionalMs(const std::optional<double> &v) { return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null); }

QJsonObject segmentJson(const StoredSegment &s) {
  const StoredTimes &t = s.times;
  QJsonObject o{
      {QStringLiteral("segment"), s.segment},
      {QStringLiteral("start"), s.startSeconds},
      {QStringLiteral("end"), s.endSeconds},
      {QStringLiteral("source"), s.sourceText},
      {QStringLiteral("source_language"), s.sourceLanguage},
      {QStringLiteral("translation"), s.translation},
      {QStringLiteral("target_language"), s.targetLanguage},
      {QStringLiteral("confidence"), s.confidence ? QJsonValue(*s.confidence) : QJsonValue(QJsonValue::Null)},
      {QStringLiteral("flags"), s.flags},
      {QStringLiteral("flag_names"), QJsonArray::fromStringList(segmentFlagNames(s.flags))},
      {QStringLiteral("error"), s.error},
      {QStringLiteral("times_ms"),
       QJsonObject{{QStringLiteral("capture_start"), optionalMs(t.captureStart)},
                   {QStringLiteral("capture_end"), optionalMs(t.captureEnd)},
                   {QStringLiteral("asr_start"), optionalMs(t.asrStart)},
                   {QStringLiteral("asr_done"), optionalMs(t.asrDone)},
                   {QStringLiteral("mt_start"), optionalMs(t.mtStart)},
                   {QStringLiteral("mt_done"), optionalMs(t.mtDone)},
                   {QStringLiteral("tts_start"), optionalMs(t.ttsStart)},
                   {QStringLiteral("tts_done"), optionalMs(t.ttsDone)},
                   {QStringLiteral("playback_start"), optionalMs(t.playbackStart)}}},
  };
  if (!s.direction.isEmpty())
    o.insert(QStringLiteral("direction"), s.direction);
  return o;
}

// "me: ", "them: " before a call's lines; nothing in a one-direction session.
QString speaker(const StoredSegment &s) { return s.direction.isEmpty() ? QString() : s.direction + QStringLiteral(": "); }

QByteArray json(const SessionSummary &s, const std::vector<StoredSegment> &segments) {
  QJsonArray list;
  for (const StoredSegment &seg : segments)
    list.append(segmentJson(seg));
  const SessionInfo &i = s.info;
  const QJsonObject session{{QStringLiteral("id"), s.id},
                            {QStringLiteral("uuid"), i.uuid},
                            {QStringLiteral("kind"), i.kind},
                            {QStringLiteral("state"), sessionStateName(i.state)},
                            {QStringLiteral("started_ms"), i.startedMs},
                            {QStringLiteral("ended_ms"), i.endedMs ? QJsonValue(*i.endedMs) : QJsonValue(QJsonValue::Null)},
                            {QStringLiteral("source_language"), i.sourceLanguage},
                            {QStringLiteral("target_language"), i.targetLanguage},
                            {QStringLiteral("input"), i.input},
                            {QStringLiteral("engines"), QJsonDocument::fromJson(i.engines.toUtf8()).array()},
                            {QStringLiteral("error"), i.error}};
  return QJsonDocument(QJsonObject{{QStringLiteral("format"), QStringLiteral("dragoman.session")},
                                   {QStringLiteral("version"), 1},
                                   {QStringLiteral("session"), session},
                                   {QStringLiteral("segments"), list}})
      .toJson(QJsonDocument::Indented);
}

QString clock(double seconds) {
  const qint64 tenths = qint64(std::llround(std::max(0.0, seconds) * 10.0));
  return QStringLiteral("%1:%2.%3").arg(tenths / 600, 2, 10, QLatin1Char('0')).arg((tenths / 10) % 60, 2, 10, QLatin1Char('0')).arg(tenths % 10);
}

} // namespace

std::optional<ExportFormat> exportFormatFromName(const QString &name) {
  const QString n = name.toLower();
  if (n == QLatin1String("srt"))
    return ExportFormat::Srt;
  if (n == QLatin1String("vtt"))
    return ExportFormat::Vtt;
  if (n == QLatin1String("json"))
    return ExportFormat::Json;
  if (n == QLatin1String("txt") || n == QLatin1String("text"))
    return ExportFormat::Txt;
  if (n == QLatin1String("csv"))
    return ExportFormat::Csv;
  return std::nullopt;
}

std::optional<ExportSide> exportSideFromName(const QString &name) {
  if (name == QLatin1String("source"))
    return ExportSide::Source;
  if (name == QLatin1String("translation"))
    return ExportSide::Translation;
  if (name == QLatin1String("both"))
    return ExportSide::Both;
  return std::nullopt;
}

QString captionTimestamp(double seconds, QChar separator) {
  const qint64 ms = qint64(std::llround(std::max(0.0, seconds) * 1000.0));
  return QStringLiteral("%1:%2:%3%4%5")
      .arg(ms / 3600000, 2, 10, QLatin1Char('0'))
      .arg((ms / 60000) % 60, 2, 10, QLatin1Char('0'))
      .arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'))
      .arg(separator)
      .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

QByteArray exportSession(const SessionSummary &session, const std::vector<StoredSegment> &segments, ExportFormat format,
                         ExportSide side) {
  if (format == ExportFormat::Json)
    return json(session, segments);
  QString out;
  if (format == ExportFormat::Vtt)
    out += QStringLiteral("WEBVTT\n\n");
  // A call's exports say whose speech each line was: a CSV column, WebVTT voices, a prefix elsewhere.
  const bool call = std::any_of(segments.begin(), segments.end(), [](const StoredSegment &s) { return !s.direction.isEmpty(); });
  if (format == ExportFormat::Csv)
    out += call ? QStringLiteral("segment,start_s,end_s,source,translation,confidence,flags,direction\r\n")
                : QStringLiteral("segment,start_s,end_s,source,translation,confidence,flags\r\n");
  int cue = 1;
  for (const StoredSegment &s : segments) {
    if (format == ExportFormat::Csv) {
      out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\r\n")
                 .arg(s.segment)
                 .arg(s.startSeconds, 0, 'f', 3)
                 .arg(s.endSeconds, 0, 'f', 3)
                 .arg(csvField(s.sourceText), csvField(s.translation),
                      s.confidence ? QString::number(*s.confidence, 'f', 3) : QString(),
                      segmentFlagNames(s.flags).join(QLatin1Char(';')));
      if (call)
        out.insert(out.size() - 2, QLatin1Char(',') + s.direction);
      continue;
    }
    const QString text = textOf(s, side).trimmed();
    if (text.isEmpty())
      continue;
    const double end = std::max(s.endSeconds, s.startSeconds + 0.001); // a cue must end after it starts
    switch (format) {
    case ExportFormat::Srt:
      out += QStringLiteral("%1\n%2 --> %3\n%4\n\n")
                 .arg(cue++)
                 .arg(captionTimestamp(s.startSeconds, QLatin1Char(',')), captionTimestamp(end, QLatin1Char(',')),
                      speaker(s) + text);
      break;
    case ExportFormat::Vtt:
      out += QStringLiteral("%1 --> %2\n%3\n\n")
                 .arg(captionTimestamp(s.startSeconds, QLatin1Char('.')), captionTimestamp(end, QLatin1Char('.')),
                      s.direction.isEmpty() ? text : QStringLiteral("<v %1>").arg(s.direction) + text);
      break;
    case ExportFormat::Txt: {
      const QStringList marks = segmentFlagNames(s.flags);
      out += QStringLiteral("[%1 → %2] %3%4\n")
                 .arg(clock(s.startSeconds), clock(s.endSeconds),
                      speaker(s) + QString(text).replace(QLatin1Char('\n'), QStringLiteral(" / ")),
                      marks.isEmpty() ? QString() : QStringLiteral("  (%1)").arg(marks.join(QStringLiteral(", "))));
      break;
    }
    default: break;
    }
  }
  return out.toUtf8();
}

} // namespace dragoman::storage
