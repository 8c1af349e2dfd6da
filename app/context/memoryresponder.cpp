#include "app/context/memoryresponder.h"

#include "core/common/logcategories.h"
#include "core/common/logging.h"

namespace dragoman {

namespace {

using telemetry::MemoryAction;

QString describe(const EngineLoad &e) {
  QString text = QStringLiteral("%1 (%2").arg(e.footprint.model.isEmpty() ? e.engine : e.footprint.model, stageName(e.stage));
  if (!e.footprint.device.isEmpty())
    text += QStringLiteral(", ") + e.footprint.device;
  return text + QLatin1Char(')');
}

bool onGpu(const EngineFootprint &f) { return f.device.startsWith(QLatin1String("cuda")); }

} // namespace

MemoryResponder::MemoryResponder(telemetry::MemoryMonitor &monitor, std::chrono::milliseconds idleFor, QObject *parent)
    : QObject(parent), m_monitor(monitor), m_idleFor(idleFor) {
  for (MemoryAction a : {MemoryAction::UnloadIdleModels, MemoryAction::FallBackToSmallerModel, MemoryAction::FallBackToCpu})
    m_monitor.setActionHandler(a, [this, a](const telemetry::MemoryAlert &) {
      if (!m_done.count(a))
        act(a);
    });
  connect(&m_monitor, &telemetry::MemoryMonitor::sampled, this, &MemoryResponder::onSampled);
}

MemoryResponder::~MemoryResponder() {
  for (MemoryAction a : {MemoryAction::UnloadIdleModels, MemoryAction::FallBackToSmallerModel, MemoryAction::FallBackToCpu})
    m_monitor.setActionHandler(a, {});
}

void MemoryResponder::attach(PipelineController &pipeline, EngineFallbacks fallbacks) {
  m_pipeline = &pipeline;
  m_fallbacks = std::move(fallbacks);
  m_engines.clear();
  // A limit still passed applies to this pipeline too (translate's monitor starts before it).
  m_pending.insert(m_done.begin(), m_done.end());
  m_done.clear();
  connect(&pipeline, &PipelineController::engineLoaded, this, [this](const EngineLoad &e) {
    m_engines[e.stage] = e.footprint;
  });
  connect(&pipeline, &PipelineController::engineUnloaded, this, [this](const EngineLoad &e) {
    QString text = QStringLiteral("unloaded ") + describe(e);
    if (e.footprint.bytes > 0)
      text += QStringLiteral(": ") + telemetry::formatBytes(double(e.footprint.bytes));
    note(text, false);
  });
}

bool MemoryResponder::pipelineRunning() const {
  if (!m_pipeline)
    return false;
  const PipelineController::State s = m_pipeline->state();
  return s == PipelineController::State::Running || s == PipelineController::State::Draining;
}

void MemoryResponder::note(const QString &what, bool skipped) {
  m_actions << what;
  (skipped ? logging::warning : logging::info)(lcTelemetry(), QStringLiteral("memory pressure: ") + what, {});
}

// The thresholds were evaluated before this signal, and a limit just passed runs its action right
// after it: here only what carries on while a limit stays passed.
void MemoryResponder::onSampled() {
  std::set<MemoryAction> raised;
  for (const telemetry::MemoryThreshold &t : m_monitor.thresholds())
    if (t.action != MemoryAction::None && m_monitor.isRaised(t.name))
      raised.insert(t.action);
  for (std::set<MemoryAction> *s : {&m_done, &m_pending}) // cleared: may act again next time
    for (auto it = s->begin(); it != s->end();)
      it = raised.count(*it) ? std::next(it) : s->erase(it);
  if (!pipelineRunning())
    return;
  for (MemoryAction a : raised) {
    if (a == MemoryAction::UnloadIdleModels && m_done.count(a))
      m_pipeline->unloadIdleEngines(m_idleFor); // engines that have fallen idle since
    else if (m_pending.count(a))
      act(a);
  }
}

void MemoryResponder::act(MemoryAction action) {
  if (!pipelineRunning()) {
    if (m_pending.insert(action).second)
      note(QStringLiteral("%1 waits for the pipeline to run").arg(telemetry::memoryActionName(action)), false);
    return;
  }
  m_pending.erase(action);
  m_done.insert(action);
  switch (action) {
  case MemoryAction::UnloadIdleModels: unloadIdle(); break;
  case MemoryAction::FallBackToSmallerModel: fallBackToSmaller(); break;
  case MemoryAction::FallBackToCpu: fallBackToCpu(); break;
  default: break;
  }
}

void MemoryResponder::unloadIdle() {
  m_pipeline->unloadIdleEngines(m_idleFor);
  note(QStringLiteral("unloading engines idle for %1 s or more (memory.idle_unload_s)")
           .arg(double(m_idleFor.count()) / 1000.0),
       false);
}

void MemoryResponder::fallBackToSmaller() {
  if (!m_fallbacks.smallerAsr && !m_fallbacks.smallerTranslator) {
    note(QStringLiteral("no smaller model to switch to: set memory.fallback_asr_model or memory.fallback_mt_model"), true);
    return;
  }
  EngineFactories replacement;
  QStringList switched;
  // Each stage with a smaller model configured switches to it, unless it already uses it.
  auto consider = [&](Stage stage, const QString &what, const QString &model, auto &mine, const auto &smaller) {
    if (!smaller)
      return;
    const auto current = m_engines.find(stage);
    if (current != m_engines.end() && current->second.model == model) {
      note(QStringLiteral("%1 already uses the smaller model %2").arg(what, model), true);
      return;
    }
    mine = smaller;
    switched << QStringLiteral("switching %1 to the smaller model %2").arg(what, model);
  };
  consider(Stage::Asr, QStringLiteral("recognition"), m_fallbacks.smallerAsrModel, replacement.asr, m_fallbacks.smallerAsr);
  consider(Stage::Translation, QStringLiteral("translation"), m_fallbacks.smallerTranslatorModel, replacement.translator,
           m_fallbacks.smallerTranslator);
  if (switched.isEmpty())
    return;
  m_pipeline->replaceEngines(std::move(replacement));
  for (const QString &line : switched)
    note(line, false);
}

void MemoryResponder::fallBackToCpu() {
  EngineFactories replacement;
  QStringList moved;
  auto take = [&](Stage stage, auto &mine, const auto &cpu) {
    const auto current = m_engines.find(stage);
    if (cpu && current != m_engines.end() && onGpu(current->second)) {
      mine = cpu;
      moved << stageName(stage);
    }
  };
  take(Stage::Asr, replacement.asr, m_fallbacks.cpu.asr);
  take(Stage::Translation, replacement.translator, m_fallbacks.cpu.translator);
  take(Stage::Synthesis, replacement.synthesizer, m_fallbacks.cpu.synthesizer);
  if (moved.isEmpty()) {
    note(QStringLiteral("no stage runs on a GPU: nothing to move to the CPU"), true);
    return;
  }
  m_pipeline->replaceEngines(std::move(replacement));
  note(QStringLiteral("moving %1 to the CPU").arg(moved.join(QStringLiteral(", "))), false);
}

} // namespace dragoman
