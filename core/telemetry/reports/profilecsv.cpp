#include "core/telemetry/reports/profilereports.h"

#include <QByteArrayList>

namespace dragoman::telemetry {

namespace {

// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
QByteArray field(const std::string &s) {
  QByteArray f = QByteArray::fromStdString(s);
  if (f.contains(',') || f.contains('"') || f.contains('\n') || f.contains('\r'))
    f = '"' + f.replace("\"", "\"\"") + '"';
  return f;
}

QByteArray number(double v, int decimals = 3) { return QByteArray::number(v, 'f', decimals); }

} // namespace

QByteArray profileToCsv(const ProfileSnapshot &profile) {
  QByteArray out = "section,parent,count,total_ms,mean_ms,min_ms,max_ms,p50_ms,p95_ms,p99_ms,share\r\n";
  for (const SectionStats &s : profile.sections) {
    const QByteArrayList row{field(s.name),   field(s.parent),  QByteArray::number(static_cast<qulonglong>(s.count)),
                             number(s.totalMs), number(s.meanMs), number(s.minMs),
                             number(s.maxMs), number(s.p50Ms), number(s.p95Ms),
                             number(s.p99Ms), number(s.shareOfWall, 4)};
    out += row.join(',') + "\r\n";
  }
  return out;
}

} // namespace dragoman::telemetry
