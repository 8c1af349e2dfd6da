#include "core/telemetry/reports/jsonfields.h"
#include "core/telemetry/reports/profilereports.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <map>

namespace dragoman::telemetry {

namespace {

Error bad(const QString &what) { return Error::make(ErrorKind::Input, QStringLiteral("not a readable Dragoman profile: ") + what); }

using Fields = detail::JsonFields;

std::uint64_t count(double v) { return v < 0 ? 0 : static_cast<std::uint64_t>(v); }

} // namespace

Result<ProfileSnapshot> profileFromJson(const QByteArray &json) {
  QJsonObject root;
  if (const QString why = detail::openDocument(json, "dragoman.profile", root); !why.isEmpty())
    return bad(why);
  ProfileSnapshot p;
  Fields top(root, QString());
  p.started = detail::timeFromIso(top.string("started"));
  p.wallMs = top.number("wall_ms");
  p.droppedEvents = count(top.number("dropped_events"));
  const QJsonArray sections = top.array("sections"), threads = top.array("threads");
  const QJsonArray events = root.contains(QStringLiteral("events")) ? top.array("events") : QJsonArray{};
  if (!top.ok())
    return bad(top.error());
  for (qsizetype i = 0; i < sections.size(); ++i) {
    Fields f(sections[i].toObject(), QStringLiteral("section %1: ").arg(i));
    SectionStats s;
    s.name = f.string("name");
    s.parent = f.string("parent");
    s.count = count(f.number("count"));
    s.totalMs = f.number("total_ms");
    s.meanMs = f.number("mean_ms");
    s.minMs = f.number("min_ms");
    s.maxMs = f.number("max_ms");
    s.p50Ms = f.number("p50_ms");
    s.p95Ms = f.number("p95_ms");
    s.p99Ms = f.number("p99_ms");
    s.shareOfWall = f.number("share_of_wall");
    for (const QJsonValue &t : f.array("threads")) {
      Fields tf(t.toObject(), QStringLiteral("section %1, thread: ").arg(i));
      s.threads.push_back(ThreadShare{tf.string("name"), count(tf.number("count")), tf.number("total_ms")});
      if (!tf.ok())
        return bad(tf.error());
    }
    if (!f.ok())
      return bad(f.error());
    p.sections.push_back(std::move(s));
  }
  std::map<std::uint64_t, std::string> names;
  for (qsizetype i = 0; i < threads.size(); ++i) {
    Fields f(threads[i].toObject(), QStringLiteral("thread %1: ").arg(i));
    ThreadInfo t;
    t.id = count(f.number("id"));
    t.name = f.string("name");
    t.track = f.boolean("track");
    t.spanCount = count(f.number("span_count"));
    t.busyMs = f.number("busy_ms");
    if (!f.ok())
      return bad(f.error());
    names[t.id] = t.name;
    p.threads.push_back(std::move(t));
  }
  for (qsizetype i = 0; i < events.size(); ++i) {
    Fields f(events[i].toObject(), QStringLiteral("event %1: ").arg(i));
    SpanEvent e;
    e.section = f.string("section");
    e.threadId = count(f.number("thread_id"));
    e.startUs = f.number("start_us");
    e.durationUs = f.number("duration_us");
    e.depth = static_cast<int>(f.number("depth"));
    e.crossThread = f.boolean("cross_thread");
    if (!f.ok())
      return bad(f.error());
    const auto name = names.find(e.threadId);
    if (name == names.end())
      return bad(QStringLiteral("event %1 names thread %2, which \"threads\" does not list").arg(i).arg(e.threadId));
    e.thread = name->second;
    p.events.push_back(std::move(e));
  }
  return p;
}

} // namespace dragoman::telemetry
