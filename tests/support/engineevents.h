#pragma once
// A pipeline's engine loads or unloads, collected on the test's thread. (QSignalSpy appends on the
// emitting thread, and the three stage threads may emit at the same moment.)

#include "core/pipeline/pipelinecontroller.h"

#include <QList>
#include <QObject>

namespace dragoman::test {

class EngineEvents : public QObject {
public:
  EngineEvents(PipelineController &p, void (PipelineController::*signal)(const EngineLoad &)) {
    connect(&p, signal, this, [this](const EngineLoad &e) { events.append(e); }, Qt::QueuedConnection);
  }
  qsizetype count() const { return events.size(); }
  const EngineLoad &at(qsizetype i) const { return events.at(i); }
  bool has(Stage stage, const QString &model) const {
    for (const EngineLoad &e : events)
      if (e.stage == stage && e.footprint.model == model)
        return true;
    return false;
  }
  QList<EngineLoad> events;
};

} // namespace dragoman::test
