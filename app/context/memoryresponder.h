#pragma once
// Carries out the memory monitor's cleanups on a running pipeline: unloads engines that sat idle
// (UnloadIdleModels), switches recognition to a smaller model (FallBackToSmallerModel) or moves
// stages off the GPU (FallBackToCpu). It follows which engine each stage holds (engineLoaded,
// engineUnloaded), so a switch that would change nothing is skipped and says so. A switch lasts
// for the rest of the run: a model that did not fit once is not tried again while it runs.
//
// An action runs when its limit is passed, or as soon as the pipeline runs if it was not running
// yet (the monitor may start first). While a limit with UnloadIdleModels stays passed, every
// memory sample asks again, so engines that fall idle later are unloaded too.

#include "core/pipeline/pipelinecontroller.h"
#include "core/telemetry/memory/memorymonitor.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <chrono>
#include <map>
#include <set>

namespace dragoman {

// What stages may switch to under memory pressure; empty members: nothing to switch to.
struct EngineFallbacks {
  std::function<Result<std::unique_ptr<IAsrEngine>>()> smallerAsr; // memory.fallback_asr_model
  QString smallerAsrModel; // the EngineFootprint::model smallerAsr loads
  std::function<Result<std::unique_ptr<ITranslator>>()> smallerTranslator; // memory.fallback_mt_model
  QString smallerTranslatorModel; // the EngineFootprint::model smallerTranslator loads
  EngineFactories cpu;     // the configured engines, on the CPU
};

class MemoryResponder : public QObject {
  Q_OBJECT
public:
  // Handles UnloadIdleModels, FallBackToSmallerModel and FallBackToCpu for `monitor`, which must
  // outlive this object and live on its thread. idleFor: how long an engine must have done nothing
  // to be unloaded.
  MemoryResponder(telemetry::MemoryMonitor &monitor, std::chrono::milliseconds idleFor, QObject *parent = nullptr);
  ~MemoryResponder() override; // removes its handlers from the monitor

  // The pipeline the actions apply to (it may end first). Call before it starts.
  void attach(PipelineController &pipeline, EngineFallbacks fallbacks);

  // What was done or skipped, oldest first, e.g. "unloaded fake-mt (translation): 310 MiB".
  QStringList actions() const { return m_actions; }

private:
  bool pipelineRunning() const;
  void onSampled();
  void act(telemetry::MemoryAction action); // once per raise; waits for the pipeline to run
  void unloadIdle();
  void fallBackToSmaller();
  void fallBackToCpu();
  void note(const QString &what, bool skipped);

  telemetry::MemoryMonitor &m_monitor;
  std::chrono::milliseconds m_idleFor;
  QPointer<PipelineController> m_pipeline;
  EngineFallbacks m_fallbacks;
  std::map<Stage, EngineFootprint> m_engines; // the last engine each stage loaded
  std::set<telemetry::MemoryAction> m_done;    // carried out since their limit was last passed
  std::set<telemetry::MemoryAction> m_pending; // waiting for the pipeline to run
  QStringList m_actions;
};

} // namespace dragoman
