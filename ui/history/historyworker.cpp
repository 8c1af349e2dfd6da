#include "ui/history/historyworker.h"

#include "core/common/threadaffinity.h"
#include "core/storage/exports.h"

#include <QFileInfo>
#include <QSaveFile>

#include <set>

namespace dragoman::ui {

void registerHistoryMetaTypes() {
  qRegisterMetaType<storage::SessionSummary>();
  qRegisterMetaType<SessionList>();
  qRegisterMetaType<SegmentList>();
  qRegisterMetaType<QList<telemetry::RunRecord>>();
}

HistoryWorker::HistoryWorker(QObject *parent) : QObject(parent) { registerHistoryMetaTypes(); }
HistoryWorker::~HistoryWorker() = default;

void HistoryWorker::setDatabase(const QString &path) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (path == m_path)
    return;
  m_path = path;
  m_reader.reset();
}

Result<storage::HistoryReader *> HistoryWorker::reader() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (m_reader)
    return m_reader.get();
  if (m_path.isEmpty())
    return makeError(ErrorKind::Config, tr("the history is off (storage.enabled)"));
  if (!QFileInfo::exists(m_path))
    return makeError(ErrorKind::Input, tr("no history yet: %1 is made by the first session").arg(m_path));
  Result<std::unique_ptr<storage::HistoryReader>> opened = storage::HistoryReader::open(m_path);
  if (!opened)
    return opened.error();
  m_reader = std::move(opened).value();
  return m_reader.get();
}

void HistoryWorker::list(int limit) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  Result<storage::HistoryReader *> r = reader();
  if (!r) {
    Q_EMIT listed({}, r.error().message);
    return;
  }
  Result<SessionList> sessions = (*r)->sessions(limit);
  Q_EMIT listed(sessions ? *sessions : SessionList{}, sessions ? QString() : sessions.error().message);
}

void HistoryWorker::search(const QString &text) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  Result<storage::HistoryReader *> r = reader();
  if (!r) {
    Q_EMIT searched(text, {}, {}, r.error().message);
    return;
  }
  Result<std::vector<storage::SearchHit>> hits = (*r)->search(text);
  if (!hits) {
    Q_EMIT searched(text, {}, {}, hits.error().message);
    return;
  }
  SessionList sessions;
  SegmentList segments;
  std::set<QString> seen;
  for (const storage::SearchHit &h : *hits) {
    segments.push_back(h.segment);
    if (!seen.insert(h.session).second)
      continue;
    if (Result<storage::SessionSummary> s = (*r)->session(h.session))
      sessions.push_back(*s);
  }
  Q_EMIT searched(text, sessions, segments, QString());
}

void HistoryWorker::open(const QString &uuid) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  Result<storage::HistoryReader *> r = reader();
  if (!r) {
    Q_EMIT opened({}, {}, r.error().message);
    return;
  }
  Result<storage::SessionSummary> s = (*r)->session(uuid);
  if (!s) {
    Q_EMIT opened({}, {}, s.error().message);
    return;
  }
  Result<SegmentList> segments = (*r)->segments(s->info.uuid);
  Q_EMIT opened(*s, segments ? *segments : SegmentList{}, segments ? QString() : segments.error().message);
}

void HistoryWorker::remove(const QString &uuid) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  Result<storage::HistoryReader *> r = reader();
  if (!r) {
    Q_EMIT removed(uuid, r.error().message);
    return;
  }
  Result<bool> gone = (*r)->deleteSession(uuid);
  Q_EMIT removed(uuid, !gone ? gone.error().message : *gone ? QString() : tr("session %1 is not in the history").arg(uuid));
}

void HistoryWorker::runs(const QString &command, int limit) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  Result<storage::HistoryReader *> r = reader();
  if (!r) {
    Q_EMIT runsListed(command, {}, r.error().message);
    return;
  }
  Result<std::vector<storage::StoredProfileRun>> stored = (*r)->profileRuns(command, limit);
  if (!stored) {
    Q_EMIT runsListed(command, {}, stored.error().message);
    return;
  }
  QList<telemetry::RunRecord> records;
  for (const storage::StoredProfileRun &run : *stored)
    if (Result<telemetry::RunRecord> record = telemetry::runRecordFromJson(run.record))
      records.append(*record);
  Q_EMIT runsListed(command, records, QString());
}

void HistoryWorker::exportTo(const QString &uuid, const QString &formatName, const QString &sideName, const QString &path) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  const std::optional<storage::ExportFormat> format = storage::exportFormatFromName(formatName);
  const std::optional<storage::ExportSide> side = storage::exportSideFromName(sideName);
  if (!format || !side) {
    Q_EMIT exported(path, tr("unknown export format %1 or side %2").arg(formatName, sideName));
    return;
  }
  Result<storage::HistoryReader *> r = reader();
  if (!r) {
    Q_EMIT exported(path, r.error().message);
    return;
  }
  Result<storage::SessionSummary> s = (*r)->session(uuid);
  Result<SegmentList> segments = s ? (*r)->segments(s->info.uuid) : Result<SegmentList>(s.error());
  if (!segments) {
    Q_EMIT exported(path, segments.error().message);
    return;
  }
  QSaveFile file(path); // whole or untouched
  const QByteArray bytes = storage::exportSession(*s, *segments, *format, *side);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
    Q_EMIT exported(path, tr("cannot write %1: %2").arg(path, file.errorString()));
    return;
  }
  Q_EMIT exported(path, QString());
}

} // namespace dragoman::ui
