#include "core/telemetry/reports/profilereports.h"

#include <QStringList>

#include <algorithm>

namespace dragoman::telemetry {

namespace {

QString str(const std::string &s) { return QString::fromStdString(s); }
QString ms(double v) { return QString::number(v, 'f', 3); }

// Columns: left-aligned text first, right-aligned numbers after; two spaces between.
class Table {
public:
  Table(QStringList header, int leftColumns) : m_left(leftColumns) { m_rows.push_back(std::move(header)); }
  void add(QStringList row) { m_rows.push_back(std::move(row)); }

  QString render() const {
    std::vector<qsizetype> width(static_cast<std::size_t>(m_rows.front().size()), 0);
    for (const QStringList &r : m_rows)
      for (qsizetype c = 0; c < r.size(); ++c)
        width[static_cast<std::size_t>(c)] = std::max(width[static_cast<std::size_t>(c)], r[c].size());
    QString out;
    for (const QStringList &r : m_rows) {
      QString line;
      for (qsizetype c = 0; c < r.size(); ++c) {
        const int w = static_cast<int>(width[static_cast<std::size_t>(c)]);
        if (c > 0)
          line += QStringLiteral("  ");
        line += c < m_left ? r[c].leftJustified(w) : r[c].rightJustified(w);
      }
      while (line.endsWith(QLatin1Char(' ')))
        line.chop(1);
      out += line + QLatin1Char('\n');
    }
    return out;
  }

private:
  std::vector<QStringList> m_rows;
  qsizetype m_left;
};

} // namespace

QByteArray profileToText(const ProfileSnapshot &profile) {
  QString out = QStringLiteral("Profile started %1, %2 s of wall time, %3 sections, %4 spans kept (%5 dropped)\n\n")
                    .arg(detail::isoUtc(profile.started), QString::number(profile.wallMs / 1000.0, 'f', 3))
                    .arg(profile.sections.size())
                    .arg(profile.events.size())
                    .arg(profile.droppedEvents);
  if (profile.sections.empty()) {
    out += QStringLiteral("No spans recorded.\n");
  } else {
    std::vector<const SectionStats *> slowest;
    for (const SectionStats &s : profile.sections)
      slowest.push_back(&s);
    std::stable_sort(slowest.begin(), slowest.end(),
                     [](const SectionStats *a, const SectionStats *b) { return a->totalMs > b->totalMs; });
    Table t({QStringLiteral("Section"), QStringLiteral("Parent"), QStringLiteral("Count"), QStringLiteral("Total ms"),
             QStringLiteral("Mean ms"), QStringLiteral("p50 ms"), QStringLiteral("p95 ms"), QStringLiteral("p99 ms"),
             QStringLiteral("Max ms"), QStringLiteral("Share")},
            2);
    for (const SectionStats *s : slowest)
      t.add({str(s->name), str(s->parent), QString::number(s->count), ms(s->totalMs), ms(s->meanMs), ms(s->p50Ms),
             ms(s->p95Ms), ms(s->p99Ms), ms(s->maxMs), QString::number(s->shareOfWall * 100.0, 'f', 1) + u'%'});
    out += t.render();
  }
  if (!profile.threads.empty()) {
    Table t({QStringLiteral("Thread"), QStringLiteral("Spans"), QStringLiteral("Busy ms")}, 1);
    for (const ThreadInfo &th : profile.threads)
      t.add({str(th.name) + (th.track ? QStringLiteral(" (track)") : QString()), QString::number(th.spanCount),
             ms(th.busyMs)});
    out += QLatin1Char('\n') + t.render();
  }
  return out.toUtf8();
}

} // namespace dragoman::telemetry
