#include "core/telemetry/reports/profilereports.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace dragoman::telemetry {

namespace {

constexpr int kPid = 1;

QJsonObject metadata(const QString &name, std::uint64_t tid, const QJsonObject &args) {
  return QJsonObject{{QStringLiteral("name"), name},
                     {QStringLiteral("ph"), QStringLiteral("M")},
                     {QStringLiteral("pid"), kPid},
                     {QStringLiteral("tid"), static_cast<qint64>(tid)},
                     {QStringLiteral("args"), args}};
}

// Microseconds to the nanosecond, which the format allows as a fraction.
double us(double v) { return std::round(v * 1000.0) / 1000.0; }

} // namespace

QByteArray profileToChromeTrace(const ProfileSnapshot &profile) {
  QJsonArray events;
  events.append(metadata(QStringLiteral("process_name"), 0, {{QStringLiteral("name"), QStringLiteral("Dragoman")}}));
  // Threads first, then the cross-thread tracks, each in the order the profiler knows them.
  for (std::size_t i = 0; i < profile.threads.size(); ++i) {
    const ThreadInfo &t = profile.threads[i];
    events.append(metadata(QStringLiteral("thread_name"), t.id, {{QStringLiteral("name"), QString::fromStdString(t.name)}}));
    events.append(metadata(QStringLiteral("thread_sort_index"), t.id,
                           {{QStringLiteral("sort_index"), static_cast<qint64>(i + (t.track ? 100000 : 0))}}));
  }

  // Ordered by thread, then start; a parent before a child that starts with it.
  std::vector<const SpanEvent *> spans;
  spans.reserve(profile.events.size());
  for (const SpanEvent &e : profile.events)
    spans.push_back(&e);
  std::stable_sort(spans.begin(), spans.end(), [](const SpanEvent *a, const SpanEvent *b) {
    if (a->threadId != b->threadId)
      return a->threadId < b->threadId;
    if (a->startUs != b->startUs)
      return a->startUs < b->startUs;
    return a->durationUs > b->durationUs;
  });
  for (const SpanEvent *e : spans) {
    // A span begun before the profiler's start is cut at 0: viewers dislike negative times.
    const double ts = std::max(e->startUs, 0.0);
    const double dur = std::max(e->durationUs - (ts - e->startUs), 0.0);
    events.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(e->section)},
                              {QStringLiteral("cat"), e->crossThread ? QStringLiteral("track") : QStringLiteral("span")},
                              {QStringLiteral("ph"), QStringLiteral("X")},
                              {QStringLiteral("ts"), us(ts)},
                              {QStringLiteral("dur"), us(dur)},
                              {QStringLiteral("pid"), kPid},
                              {QStringLiteral("tid"), static_cast<qint64>(e->threadId)},
                              {QStringLiteral("args"), QJsonObject{{QStringLiteral("depth"), e->depth}}}});
  }
  const QJsonObject root{
      {QStringLiteral("traceEvents"), events},
      {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")},
      {QStringLiteral("otherData"),
       QJsonObject{{QStringLiteral("started"), detail::isoUtc(profile.started)},
                   {QStringLiteral("wall_ms"), profile.wallMs},
                   {QStringLiteral("dropped_events"), static_cast<qint64>(profile.droppedEvents)}}}};
  return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace dragoman::telemetry
