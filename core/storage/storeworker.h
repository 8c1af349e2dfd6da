#pragma once
// SessionStore's half on the store thread: the connection, the pending writes and the commit timer.

#include "core/storage/opendatabase.h"
#include "core/storage/storewriter.h"

#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

namespace dragoman::storage {

class SessionStore;

class StoreWorker : public QObject {
public:
  using Write = std::function<Status(StoreWriter &)>;

  explicit StoreWorker(SessionStore &store);

  Result<QStringList> open(const QString &path, qint64 maxBytes);
  void enqueue(Write write); // arms the commit timer
  Status commit();           // all pending writes in one transaction
  void close();              // commits, stops the timer, closes the database

private:
  void setSaving(bool saving, const QString &message);
  Status commitOneByOne(); // after a write of bad data: keep the good ones

  SessionStore &m_store;
  std::unique_ptr<Database> m_db;
  std::unique_ptr<StoreWriter> m_writer;
  std::deque<Write> m_pending;
  QTimer m_timer;
};

} // namespace dragoman::storage
