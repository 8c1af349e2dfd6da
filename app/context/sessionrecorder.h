#pragma once
// Records one run (live, translate) in the session store: the session when it starts, each
// finished segment as it comes out of the pipeline, the text heard but not yet committed (segment
// 0, so that a crash keeps it; dropped when a session finishes normally, as the pipeline then
// commits it), memory alerts and a memory sample every few seconds, and at the end the engines it
// used, the run's telemetry record and how it ended.
// Lives on the caller's thread; the store does the writing on its own.

#include "core/pipeline/pipelinecontroller.h"
#include "core/storage/records.h"
#include "core/telemetry/history/runrecord.h"
#include "core/telemetry/memory/memorymonitor.h"

#include <QObject>
#include <QPointer>

#include <map>

namespace dragoman {

namespace storage {
class SessionStore;
}

class SessionRecorder : public QObject {
  Q_OBJECT
public:
  static constexpr int kMemoryEverySamples = 5;
  static constexpr qint64 kPartialSegment = 0;

  // Begins the session (state running) at once. `origin`: the time segments are measured from.
  // direction: in a call, "me" (this recorder's segments are my speech); empty otherwise.
  SessionRecorder(storage::SessionStore &store, storage::SessionInfo session, TimePoint origin, QString direction = {},
                  QObject *parent = nullptr);
  // One direction of a call: records its segments, as `direction`, into the session `uuid` that the
  // call began (CallSession), times from the call's `origin`. It neither begins nor ends that
  // session; memory samples and alerts are the "me" direction's only (one process, one memory);
  // finish() adds its run's record.
  SessionRecorder(storage::SessionStore &store, const QString &uuid, TimePoint origin, QString direction,
                  QObject *parent = nullptr);

  ~SessionRecorder() override; // a session never finished (an early error) ends as failed

  QString uuid() const { return m_session.uuid; }
  void attach(PipelineController &pipeline);
  void attach(telemetry::MemoryMonitor &monitor);
  // Ends the session: its state, the engines that ran, the run's record (skipped when empty).
  void finish(storage::SessionState state, const telemetry::RunRecord &run, const QString &error = {});

private:
  qint64 sinceStart(TimePoint t) const;

  storage::SessionStore &m_store;
  storage::SessionInfo m_session;
  TimePoint m_origin;
  QString m_direction;
  bool m_joined = false; // writes into another recorder's session
  std::map<Stage, EngineLoad> m_engines;
  int m_samples = 0;
  bool m_partialStored = false;
  bool m_finished = false;
};

} // namespace dragoman
