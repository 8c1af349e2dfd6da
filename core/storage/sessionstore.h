#pragma once
// The session store: the history database on a thread of its own, with a queued API the pipeline's
// consumers call from any thread. Writes collect in memory and are committed together, at the
// latest `flushIntervalMs` after the first of them, with a full sync: a crash or power cut loses at
// most that window, and a clean shutdown (flush() or the destructor) loses nothing. When the disk
// refuses writes (full, read-only, removed), they stay pending and are retried on each flush; the
// store says once that history is not being saved, and again when it is.

#include "core/common/result.h"
#include "core/storage/records.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace dragoman {
class ThreadHost;
}

namespace dragoman::storage {

class StoreWorker;
class StoreWriter;

class SessionStore : public QObject {
  Q_OBJECT
public:
  struct Options {
    QString path;                 // the database file
    int flushIntervalMs = 1000;   // the longest an accepted write waits to be committed
    int maxPendingWrites = 200000; // kept while the disk refuses them; beyond, new ones are dropped and counted
    qint64 maxDatabaseBytes = 0;   // a hard cap: writes past it fail as on a full disk; 0: none
    int retentionDays = 0;         // open() deletes finished sessions older than this; 0: none
  };

  // The store's thread comes from `threads`, which must outlive the store.
  SessionStore(ThreadHost &threads, Options options, QObject *parent = nullptr);
  ~SessionStore() override; // commits what is pending, closes the database, stops the thread

  // Opens (creates, migrates, recovers) the database on the store's thread and waits for it.
  Status open();
  // The same without waiting: `done` runs on `context`'s thread (the main thread) when the database
  // is open, or with why it is not; not at all if `context` is gone by then.
  void openThen(QObject *context, std::function<void(const Status &)> done);
  QStringList recoveryNotes() const { return m_notes; } // what open() had to do
  const Options &options() const { return m_options; }

  // Queued: return at once, callable from any thread; ignored before a successful open().
  void beginSession(const SessionInfo &session);
  void addSegment(const QString &session, const StoredSegment &segment); // replaces that segment id
  void removeSegment(const QString &session, qint64 segment, const QString &direction = {}); // of that direction
  void addAlert(const QString &session, const StoredAlert &alert);
  void addMemorySample(const QString &session, const StoredMemorySample &sample);
  void addProfileRun(const QString &session, const StoredProfileRun &run); // session may be empty
  // engines: the engines as they ended up (JSON), replacing those given at the start; empty: kept.
  void endSession(const QString &session, SessionState state, qint64 endedMs, const QString &error = {},
                  const QString &engines = {});

  // Commits everything queued before it; the error when the database refuses.
  Status flush();
  // The same without waiting: `done` runs on `context`'s thread (the main thread) once everything
  // accepted so far is committed, or could not be; not at all if `context` is gone by then.
  void flushThen(QObject *context, std::function<void(const Status &)> done);
  // Commits what is pending and closes the database on the store's thread, which then ends; `done`
  // runs on `context`'s thread afterwards (not at all if `context` is gone by then), and destroying
  // the store no longer waits for anything. Writes made after this are dropped.
  void closeThen(QObject *context, std::function<void()> done);
  bool isSaving() const { return m_saving.load(); }
  quint64 droppedWrites() const { return m_dropped.load(); } // past maxPendingWrites while failing

Q_SIGNALS:
  void failed(const QString &message); // history is not being saved (captions go on)
  void resumed();                      // saved again; nothing pending was lost

private:
  void post(std::function<Status(StoreWriter &)> write);

  Options m_options;
  QStringList m_notes;
  std::unique_ptr<QThread> m_thread;
  StoreWorker *m_worker = nullptr; // lives on m_thread
  std::atomic_bool m_open{false};
  std::atomic_bool m_closing{false}; // closeThen() was called
  std::atomic_bool m_saving{true};
  std::atomic<quint64> m_dropped{0};
  friend class StoreWorker;
};

} // namespace dragoman::storage
