#include "core/telemetry/reports/profilereports.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace dragoman::telemetry {

namespace {

// Milliseconds to the microsecond; shares to four places.
double ms(double v) { return std::round(v * 1000.0) / 1000.0; }
double share(double v) { return std::round(v * 10000.0) / 10000.0; }
QString str(const std::string &s) { return QString::fromStdString(s); }

QJsonObject sectionObject(const SectionStats &s) {
  QJsonArray threads;
  for (const ThreadShare &t : s.threads)
    threads.append(QJsonObject{{QStringLiteral("name"), str(t.name)},
                               {QStringLiteral("count"), static_cast<qint64>(t.count)},
                               {QStringLiteral("total_ms"), ms(t.totalMs)}});
  return QJsonObject{{QStringLiteral("name"), str(s.name)},
                     {QStringLiteral("parent"), str(s.parent)},
                     {QStringLiteral("count"), static_cast<qint64>(s.count)},
                     {QStringLiteral("total_ms"), ms(s.totalMs)},
                     {QStringLiteral("mean_ms"), ms(s.meanMs)},
                     {QStringLiteral("min_ms"), ms(s.minMs)},
                     {QStringLiteral("max_ms"), ms(s.maxMs)},
                     {QStringLiteral("p50_ms"), ms(s.p50Ms)},
                     {QStringLiteral("p95_ms"), ms(s.p95Ms)},
                     {QStringLiteral("p99_ms"), ms(s.p99Ms)},
                     {QStringLiteral("share_of_wall"), share(s.shareOfWall)},
                     {QStringLiteral("threads"), threads}};
}

} // namespace

QByteArray profileToJson(const ProfileSnapshot &profile) {
  QJsonArray sections;
  for (const SectionStats &s : profile.sections)
    sections.append(sectionObject(s));
  QJsonArray threads;
  for (const ThreadInfo &t : profile.threads)
    threads.append(QJsonObject{{QStringLiteral("id"), static_cast<qint64>(t.id)},
                               {QStringLiteral("name"), str(t.name)},
                               {QStringLiteral("track"), t.track},
                               {QStringLiteral("span_count"), static_cast<qint64>(t.spanCount)},
                               {QStringLiteral("busy_ms"), ms(t.busyMs)}});
  // Events keep the thread by id (names are in "threads"), so that a saved profile converts to a
  // Chrome trace later (profileFromJson).
  QJsonArray events;
  for (const SpanEvent &e : profile.events)
    events.append(QJsonObject{{QStringLiteral("section"), str(e.section)},
                              {QStringLiteral("thread_id"), static_cast<qint64>(e.threadId)},
                              {QStringLiteral("start_us"), std::round(e.startUs * 1000.0) / 1000.0},
                              {QStringLiteral("duration_us"), std::round(e.durationUs * 1000.0) / 1000.0},
                              {QStringLiteral("depth"), e.depth},
                              {QStringLiteral("cross_thread"), e.crossThread}});
  const QJsonObject root{{QStringLiteral("format"), QStringLiteral("dragoman.profile")},
                         {QStringLiteral("version"), 1},
                         {QStringLiteral("started"), detail::isoUtc(profile.started)},
                         {QStringLiteral("wall_ms"), ms(profile.wallMs)},
                         {QStringLiteral("event_count"), static_cast<qint64>(profile.events.size())},
                         {QStringLiteral("dropped_events"), static_cast<qint64>(profile.droppedEvents)},
                         {QStringLiteral("sections"), sections},
                         {QStringLiteral("threads"), threads},
                         {QStringLiteral("events"), events}};
  return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace dragoman::telemetry
