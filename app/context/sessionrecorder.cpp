#include "app/context/sessionrecorder.h"

#include "core/storage/sessionstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dragoman {

SessionRecorder::SessionRecorder(storage::SessionStore &store, storage::SessionInfo session, TimePoint origin,
                                 QString direction, QObject *parent)
    : QObject(parent), m_store(store), m_session(std::move(session)), m_origin(origin), m_direction(std::move(direction)) {
  m_store.beginSession(m_session);
}

SessionRecorder::SessionRecorder(storage::SessionStore &store, const QString &uuid, TimePoint origin, QString direction,
                                 QObject *parent)
    : QObject(parent), m_store(store), m_origin(origin), m_direction(std::move(direction)), m_joined(true) {
  m_session.uuid = uuid;
}

SessionRecorder::~SessionRecorder() {
  if (!m_finished)
    finish(storage::SessionState::Failed, {}, QStringLiteral("ended before its work did (see the log)"));
}

qint64 SessionRecorder::sinceStart(TimePoint t) const { return qint64(millisBetween(m_origin, t)); }

void SessionRecorder::attach(PipelineController &pipeline) {
  connect(&pipeline, &PipelineController::segmentFinished, this, [this](const SegmentResult &r) {
    m_store.addSegment(m_session.uuid, storage::storedSegment(r, m_origin, m_direction));
  });
  connect(&pipeline, &PipelineController::engineLoaded, this, [this](const EngineLoad &e) { m_engines[e.stage] = e; });
  connect(&pipeline, &PipelineController::transcriptReady, this, [this](const Transcript &t) {
    if (t.committed || m_finished)
      return;
    if (t.text.trimmed().isEmpty()) {
      if (m_partialStored)
        m_store.removeSegment(m_session.uuid, kPartialSegment, m_direction);
      m_partialStored = false;
      return;
    }
    SegmentResult heard;
    heard.segmentId = quint64(kPartialSegment);
    heard.startSeconds = t.startSeconds;
    heard.endSeconds = t.endSeconds;
    heard.sourceText = t.text.trimmed();
    heard.sourceLanguage = t.language;
    heard.times = t.times;
    storage::StoredSegment s = storage::storedSegment(heard, m_origin, m_direction);
    s.flags |= storage::SegmentPartial;
    m_store.addSegment(m_session.uuid, s);
    m_partialStored = true;
  });
}

void SessionRecorder::attach(telemetry::MemoryMonitor &monitor) {
  if (m_joined && m_direction != QLatin1String("me"))
    return;
  monitor.addAlertCallback([self = QPointer<SessionRecorder>(this)](const telemetry::MemoryAlert &a) {
    if (self && !self->m_finished)
      self->m_store.addAlert(self->m_session.uuid,
                             storage::StoredAlert{self->sinceStart(a.at), a.threshold, a.raised, a.value, a.limit, a.message});
  });
  connect(&monitor, &telemetry::MemoryMonitor::sampled, this, [this](const telemetry::MemorySample &s) {
    if (m_finished || m_samples++ % kMemoryEverySamples != 0)
      return;
    storage::StoredMemorySample m{sinceStart(s.at), s.processRssBytes, s.systemUsedFraction(), -1, -1};
    for (const telemetry::GpuMemory &g : s.gpus) {
      m.gpuAllocatedBytes = std::max<qint64>(0, m.gpuAllocatedBytes) + g.allocatedBytes;
      m.gpuReservedBytes = std::max<qint64>(0, m.gpuReservedBytes) + g.reservedBytes;
    }
    m_store.addMemorySample(m_session.uuid, m);
  });
}

void SessionRecorder::finish(storage::SessionState state, const telemetry::RunRecord &run, const QString &error) {
  if (m_finished)
    return;
  m_finished = true;
  if (m_partialStored && state == storage::SessionState::Finished)
    m_store.removeSegment(m_session.uuid, kPartialSegment, m_direction); // committed by the pipeline's last pass
  QJsonArray engines;
  for (const auto &[stage, e] : m_engines)
    engines.append(QJsonObject{{QStringLiteral("stage"), stageName(stage)},
                               {QStringLiteral("engine"), e.engine},
                               {QStringLiteral("model"), e.footprint.model},
                               {QStringLiteral("device"), e.footprint.device}});
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  if (!run.command.isEmpty())
    m_store.addProfileRun(m_session.uuid,
                          storage::StoredProfileRun{now, run.command, run.wallSeconds, run.audioSeconds, run.realtimeRatio,
                                                    run.peakRssBytes, telemetry::runRecordToJson(run)});
  if (m_joined)
    return;
  m_store.endSession(m_session.uuid, state, now, error,
                     engines.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(engines).toJson(QJsonDocument::Compact)));
}

} // namespace dragoman
