#include "core/storage/sessionstore.h"
#include "core/common/threadaffinity.h"
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"

#include "core/common/logcategories.h"
#include "core/storage/storeworker.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>
#include <QThread>

namespace dragoman::storage {

namespace {

bool diskTrouble(DbFailure f) {
  return f == DbFailure::Full || f == DbFailure::ReadOnly || f == DbFailure::CannotOpen || f == DbFailure::Busy;
}

} // namespace

// --- StoreWorker (the store thread) ---

StoreWorker::StoreWorker(SessionStore &store) : m_store(store), m_timer(this) {
  m_timer.setSingleShot(true);
  connect(&m_timer, &QTimer::timeout, this, [this] { (void)commit(); });
}

Result<QStringList> StoreWorker::open(const QString &path, qint64 maxBytes) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  Result<OpenedDatabase> opened = openHistoryDatabase(path);
  if (!opened)
    return opened.error();
  if (maxBytes > 0) {
    Result<qint64> pageSize = opened->db->queryInt(QStringLiteral("PRAGMA page_size"));
    if (!pageSize)
      return pageSize.error();
    if (Result<qint64> pages = opened->db->queryInt(QStringLiteral("PRAGMA max_page_count = %1").arg(std::max<qint64>(1, maxBytes / *pageSize)));
        !pages)
      return pages.error();
  }
  m_db = std::move(opened->db);
  m_writer = std::make_unique<StoreWriter>(*m_db);
  QStringList notes = opened->notes;
  if (const int days = m_store.m_options.retentionDays; days > 0) {
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch() - qint64(days) * 24 * 3600 * 1000;
    Result<int> removed = 0;
    Status s = inTransaction(*m_db, [&]() -> Status {
      removed = m_writer->deleteStartedBefore(cutoff);
      return removed ? Status::success() : Status(removed.error());
    });
    if (!s)
      return s.error();
    if (*removed > 0)
      notes << QStringLiteral("%1 session(s) older than %2 days were deleted (storage.retention_days)").arg(*removed).arg(days);
  }
  return notes;
}

void StoreWorker::enqueue(Write write) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (!m_db)
    return;
  if (m_pending.size() >= std::size_t(m_store.m_options.maxPendingWrites)) {
    ++m_store.m_dropped;
    return;
  }
  m_pending.push_back(std::move(write));
  if (!m_timer.isActive())
    m_timer.start(m_store.m_options.flushIntervalMs);
}

void StoreWorker::setSaving(bool saving, const QString &message) {
  if (m_store.m_saving.exchange(saving) == saving)
    return;
  if (saving) {
    qCInfo(lcStorage, "history is being saved again");
    Q_EMIT m_store.resumed();
  } else {
    qCWarning(lcStorage).noquote() << "history is not being saved:" << message;
    Q_EMIT m_store.failed(message);
  }
}

Status StoreWorker::commit() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  m_timer.stop();
  if (!m_db || m_pending.empty())
    return Status::success();
  const std::size_t n = m_pending.size();
  Status s = inTransaction(*m_db, [&]() -> Status {
    for (std::size_t i = 0; i < n; ++i)
      if (Status w = m_pending[i](*m_writer); !w)
        return w;
    return Status::success();
  });
  if (s) {
    m_pending.erase(m_pending.begin(), m_pending.begin() + std::ptrdiff_t(n));
    setSaving(true, {});
    return s;
  }
  m_writer->forgetIds(); // the rolled-back transaction may have cached new ids
  if (diskTrouble(m_db->lastFailure())) {
    setSaving(false, s.error().message);
    m_timer.start(m_store.m_options.flushIntervalMs); // retry later; nothing is dropped
    return s;
  }
  return commitOneByOne();
}

Status StoreWorker::commitOneByOne() {
  Status first = Status::success();
  while (!m_pending.empty()) {
    Status s = inTransaction(*m_db, [&] { return m_pending.front()(*m_writer); });
    if (!s) {
      m_writer->forgetIds();
      if (diskTrouble(m_db->lastFailure())) {
        setSaving(false, s.error().message);
        m_timer.start(m_store.m_options.flushIntervalMs);
        return s;
      }
      qCWarning(lcStorage).noquote() << "a history write was refused and dropped:" << s.error().message;
      if (first)
        first = s;
    }
    m_pending.pop_front();
  }
  setSaving(true, {});
  return first;
}

void StoreWorker::close() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  (void)commit();
  m_timer.stop();
  m_writer.reset();
  m_db.reset();
}

// --- SessionStore (any thread) ---

SessionStore::SessionStore(ThreadHost &threads, Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_thread(threads.loop(threadnames::kStore)) {
  registerStorageMetaTypes();
  m_worker = new StoreWorker(*this);
  m_worker->moveToThread(m_thread.get());
  QObject::connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
  m_thread->start();
}

SessionStore::~SessionStore() {
  DRAGOMAN_ASSERT_NOT_THREAD(m_thread.get());
  if (!m_closing.load())
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->close(); }, Qt::BlockingQueuedConnection);
  m_thread->quit();
  m_thread->wait(); // after closeThen(): ended already, or ending once the database is closed
}

void SessionStore::closeThen(QObject *context, std::function<void()> done) {
  DRAGOMAN_ASSERT_NOT_THREAD(m_thread.get());
  if (m_closing.exchange(true))
    return;
  QObject::connect(m_thread.get(), &QThread::finished, context, std::move(done), Qt::QueuedConnection);
  QMetaObject::invokeMethod(
      m_worker, [w = m_worker] {
        w->close();
        QThread::currentThread()->quit();
      },
      Qt::QueuedConnection);
}

Status SessionStore::open() {
  DRAGOMAN_ASSERT_NOT_THREAD(m_thread.get());
  Result<QStringList> notes = QStringList();
  QMetaObject::invokeMethod(m_worker, [&] { notes = m_worker->open(m_options.path, m_options.maxDatabaseBytes); }, Qt::BlockingQueuedConnection);
  if (!notes)
    return notes.error();
  m_notes = *notes;
  m_open = true;
  return Status::success();
}

void SessionStore::openThen(QObject *context, std::function<void(const Status &)> done) {
  QPointer<QObject> target(context);
  QMetaObject::invokeMethod(
      m_worker, [this, target, done = std::move(done)] {
        Result<QStringList> notes = m_worker->open(m_options.path, m_options.maxDatabaseBytes);
        Status status = Status::success();
        if (notes) {
          m_notes = *notes; // read on the main thread only after the answer below arrives there
          m_open = true;
        } else {
          status = notes.error();
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(), [target, done, status] {
              if (target)
                done(status);
            },
            Qt::QueuedConnection);
      },
      Qt::QueuedConnection);
}

void SessionStore::post(std::function<Status(StoreWriter &)> write) {
  if (!m_open.load())
    return;
  if (m_closing.load()) {
    m_dropped.fetch_add(1);
    return;
  }
  QMetaObject::invokeMethod(
      m_worker, [w = m_worker, write = std::move(write)]() mutable { w->enqueue(std::move(write)); }, Qt::QueuedConnection);
}

void SessionStore::beginSession(const SessionInfo &s) {
  post([s](StoreWriter &out) { return out.beginSession(s); });
}

void SessionStore::addSegment(const QString &session, const StoredSegment &seg) {
  post([session, seg](StoreWriter &out) { return out.addSegment(session, seg); });
}

void SessionStore::removeSegment(const QString &session, qint64 segment, const QString &direction) {
  post([session, segment, direction](StoreWriter &out) { return out.removeSegment(session, segment, direction); });
}

void SessionStore::addAlert(const QString &session, const StoredAlert &a) {
  post([session, a](StoreWriter &out) { return out.addAlert(session, a); });
}

void SessionStore::addMemorySample(const QString &session, const StoredMemorySample &m) {
  post([session, m](StoreWriter &out) { return out.addMemorySample(session, m); });
}

void SessionStore::addProfileRun(const QString &session, const StoredProfileRun &r) {
  post([session, r](StoreWriter &out) { return out.addProfileRun(session, r); });
}

void SessionStore::endSession(const QString &session, SessionState state, qint64 endedMs, const QString &error,
                              const QString &engines) {
  post([session, state, endedMs, error, engines](StoreWriter &out) {
    return out.endSession(session, state, endedMs, error, engines);
  });
}

Status SessionStore::flush() {
  DRAGOMAN_ASSERT_NOT_THREAD(m_thread.get());
  if (!m_open.load())
    return Status::success();
  Status result = Status::success();
  QMetaObject::invokeMethod(m_worker, [&] { result = m_worker->commit(); }, Qt::BlockingQueuedConnection);
  return result;
}

void SessionStore::flushThen(QObject *context, std::function<void(const Status &)> done) {
  QPointer<QObject> target(context);
  const auto answer = [target, done](const Status &s) {
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [target, done, s] {
          if (target)
            done(s);
        },
        Qt::QueuedConnection);
  };
  if (!m_open.load()) {
    answer(Status::success());
    return;
  }
  QMetaObject::invokeMethod(m_worker, [this, answer] { answer(m_worker->commit()); }, Qt::QueuedConnection);
}

} // namespace dragoman::storage
