#include "app/context/runtelemetry.h"
#include "core/common/threadaffinity.h"

#include "core/common/logcategories.h"
#include "core/common/logging.h"
#if defined(DRAGOMAN_NEURAL_ENGINES)
#include "core/inference/neural/gpumemory.h"
#endif
#include "core/pipeline/pipelinecontroller.h"
#include "core/telemetry/reports/profilereports.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace dragoman {

namespace {

// LibTorch's CUDA allocator, where the neural engines are built in.
std::shared_ptr<telemetry::IGpuMemoryProvider> gpuMemory() {
#if defined(DRAGOMAN_NEURAL_ENGINES)
  return makeGpuMemoryProvider();
#else
  return nullptr;
#endif
}

constexpr int kQueueSamples = 600; // ten minutes at one a second

// The work section of each stage thread (PipelineController) and what people call the stage.
struct StageWork {
  Stage stage;
  const char *section;
  const char *label;
  const char *metricLabel;
};
constexpr StageWork kStages[] = {{Stage::Asr, "asr.recognise", "ASR", "asr"},
                                 {Stage::Translation, "mt.translate", "MT", "translation"},
                                 {Stage::Synthesis, "tts.synthesize", "TTS", "tts"}};

// Sections inside a stage worth naming on their own in findings.
struct Inner {
  const char *section;
  const char *label;
};
constexpr Inner kInner[] = {{"whisper.encode", "ASR encoder"}, {"whisper.decode.step", "ASR decode"}};

QString duration(double ms) { return QString::fromStdString(telemetry::formatDuration(ms)); }
// Unknown sizes are -1 in a memory sample.
QString mib(qint64 bytes) { return bytes < 0 ? QStringLiteral("?") : telemetry::formatBytes(double(bytes)); }

telemetry::MemoryAction pressureAction(const QString &name) {
  if (name == QLatin1String("release-gpu-cache"))
    return telemetry::MemoryAction::ReleaseGpuCache;
  if (name == QLatin1String("unload-idle-models"))
    return telemetry::MemoryAction::UnloadIdleModels;
  if (name == QLatin1String("smaller-model"))
    return telemetry::MemoryAction::FallBackToSmallerModel;
  if (name == QLatin1String("cpu"))
    return telemetry::MemoryAction::FallBackToCpu;
  return telemetry::MemoryAction::None;
}

// The action as a metric label: "unload_idle_models".
QString actionLabel(telemetry::MemoryAction action) {
  switch (action) {
  case telemetry::MemoryAction::ReleaseGpuCache: return QStringLiteral("release_gpu_cache");
  case telemetry::MemoryAction::UnloadIdleModels: return QStringLiteral("unload_idle_models");
  case telemetry::MemoryAction::FallBackToSmallerModel: return QStringLiteral("smaller_model");
  case telemetry::MemoryAction::FallBackToCpu: return QStringLiteral("cpu");
  case telemetry::MemoryAction::None: break;
  }
  return QStringLiteral("none");
}

double secondsBetween(TimePoint a, TimePoint b) { return millisBetween(a, b) / 1000.0; }

} // namespace

RunTelemetry::RunTelemetry(const config::Config &config, const QString &command, QObject *parent)
    : QObject(parent), m_config(config), m_command(command),
      m_profiler(config.profiling.enabled ? std::make_unique<telemetry::Profiler>() : nullptr),
      m_metrics(telemetry::registerStandardMetrics(m_registry, {QStringLiteral("asr"), QStringLiteral("translation"),
                                                                QStringLiteral("tts")})),
      m_memory(std::make_unique<telemetry::MemoryMonitor>(gpuMemory())),
      m_responder(std::make_unique<MemoryResponder>(*m_memory, std::chrono::seconds(config.memory.idleUnloadSeconds))),
      m_started(SteadyClock::now()), m_startedWall(std::chrono::system_clock::now()) {
  m_memory->setInterval(config.memory.sampleIntervalMs);
  // The values come from the validated configuration; a rejected threshold is logged, not fatal.
  auto add = [this](telemetry::MemoryThreshold t) {
    if (Status s = m_memory->addThreshold(std::move(t)); !s)
      logging::warning(lcTelemetry(), QStringLiteral("memory limit ignored"), {{QStringLiteral("error"), s.error().message}});
  };
  const double ram = config.memory.ramWarningPercent / 100.0;
  add({QStringLiteral("system memory"), telemetry::MemoryMetric::systemUsedFraction(), ram,
                          std::max(0.0, ram - 0.05), telemetry::MemoryAction::None});
  if (config.memory.rssLimitMb > 0) {
    const double limit = double(config.memory.rssLimitMb) * 1024 * 1024;
    add({QStringLiteral("process memory"), telemetry::MemoryMetric::processRss(), limit, 0.9 * limit,
         pressureAction(config.memory.onPressure)});
  }
  if (config.memory.gpuLimitMb > 0) {
    const double limit = double(config.memory.gpuLimitMb) * 1024 * 1024;
    add({QStringLiteral("GPU memory"), telemetry::MemoryMetric::gpuAllocatedBytes(0), limit, 0.9 * limit,
         pressureAction(config.memory.onGpuPressure)});
  }
  m_memory->addAlertCallback([this](const telemetry::MemoryAlert &a) {
    if (a.raised && a.action != telemetry::MemoryAction::None)
      m_metrics.memoryActions.with({actionLabel(a.action)}).inc();
  });
  m_memory->addAlertCallback([](const telemetry::MemoryAlert &a) {
    (a.raised ? logging::warning : logging::info)(lcTelemetry(), a.message,
                                                   {{QStringLiteral("threshold"), a.threshold}, {QStringLiteral("value"), a.value},
                                                    {QStringLiteral("limit"), a.limit}, {QStringLiteral("raised"), a.raised}});
  });
  connect(m_memory.get(), &telemetry::MemoryMonitor::sampled, this, [this](const telemetry::MemorySample &s) {
    auto set = [this](const char *kind, qint64 v) {
      if (v >= 0)
        m_metrics.memoryBytes.with({QString::fromLatin1(kind)}).set(double(v));
    };
    set("rss", s.processRssBytes);
    set("peak_rss", s.processPeakRssBytes);
    set("system_total", s.systemTotalBytes);
    set("system_available", s.systemAvailableBytes);
    for (const telemetry::GpuMemory &g : s.gpus) {
      const QString device = QString::number(g.device);
      m_metrics.gpuMemoryBytes.with({device, QStringLiteral("allocated")}).set(double(g.allocatedBytes));
      m_metrics.gpuMemoryBytes.with({device, QStringLiteral("reserved")}).set(double(g.reservedBytes));
    }
    for (const telemetry::DriverGpu &g : s.driverGpus) {
      const QString gpu = QString::number(g.index);
      auto driver = [&](const char *kind, qint64 v) {
        if (v >= 0)
          m_metrics.gpuDriverMemoryBytes.with({gpu, QString::fromLatin1(kind)}).set(double(v));
      };
      driver("total", g.totalBytes);
      driver("used", g.usedBytes);
      driver("free", g.freeBytes);
      driver("process", g.processBytes);
    }
  });
  const int capacity = config.pipeline.queueCapacity;
  m_queues = {{"ASR queue", capacity, {}}, {"MT queue", capacity, {}}, {"TTS queue", capacity, {}}};
  m_queueTimer.setInterval(1000);
  connect(&m_queueTimer, &QTimer::timeout, this, &RunTelemetry::sampleQueues);
}

RunTelemetry::~RunTelemetry() = default;

telemetry::Profiler *RunTelemetry::profiler() { return m_profiler.get(); }

void RunTelemetry::attach(PipelineController &pipeline, EngineFallbacks fallbacks) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  m_pipeline = &pipeline;
  m_responder->attach(pipeline, std::move(fallbacks));
  m_retractionsCounted = false;
  connect(&pipeline, &PipelineController::finished, this, &RunTelemetry::countRetractions);
  connect(&pipeline, &PipelineController::segmentFinished, this, [this](const SegmentResult &r) {
    const StageTimes &t = r.times;
    auto stage = [&](const char *label, TimePoint a, TimePoint b) {
      if (a == TimePoint{} || b == TimePoint{} || b < a)
        return;
      m_metrics.segments.with({QString::fromLatin1(label)}).inc();
      m_metrics.stageLatency.with({QString::fromLatin1(label)}).observe(secondsBetween(a, b));
    };
    stage("asr", t.asrStart, t.asrDone);
    stage("translation", t.mtStart, t.mtDone);
    stage("tts", t.ttsStart, t.ttsDone);
    if (t.ttsFirstAudio != TimePoint{} && t.ttsStart <= t.ttsFirstAudio)
      m_metrics.ttsFirstAudio.observe(secondsBetween(t.ttsStart, t.ttsFirstAudio));
    m_metrics.audioSecondsProcessed.inc(std::max(0.0, r.endSeconds - r.startSeconds));
    m_audioSeconds = std::max(m_audioSeconds, r.endSeconds);
    ++m_segments;
  });
  connect(&pipeline, &PipelineController::engineLoaded, this, [this](const EngineLoad &load) {
    m_engines[load.stage] = load;
    const QString model = load.footprint.model.isEmpty() ? load.engine : load.footprint.model;
    m_metrics.modelLoadSeconds.with({model}).set(load.loadMs / 1000.0);
    if (load.footprint.bytes > 0)
      m_memory->registerModel(telemetry::ModelMemory{model, load.footprint.device, load.footprint.bytes});
  });
  connect(&pipeline, &PipelineController::engineUnloaded, this, [this](const EngineLoad &e) {
    m_memory->unregisterModel(e.footprint.model.isEmpty() ? e.engine : e.footprint.model);
  });
  connect(&pipeline, &PipelineController::stageFailed, this, [this](const PipelineError &e) {
    for (const StageWork &s : kStages)
      if (s.stage == e.stage)
        m_metrics.stageErrors.with({QString::fromLatin1(s.metricLabel)}).inc();
    ++m_errors;
  });
}

void RunTelemetry::start() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  m_started = SteadyClock::now();
  m_startedWall = std::chrono::system_clock::now();
  if (m_profiler)
    m_profiler->reset();
  m_memory->start();
  m_queueTimer.start();
}

void RunTelemetry::watchCapture(std::function<CaptureCounters()> read) {
  m_capture = std::move(read);
  m_captureSeen = {};
}

void RunTelemetry::sampleCapture() {
  if (!m_capture)
    return;
  const CaptureCounters now = m_capture();
  auto count = [this](quint64 total, quint64 &seen, quint64 &lost, const char *reason) {
    const quint64 added = total >= seen ? total - seen : total; // a new stream starts again from 0
    seen = total;
    if (added == 0)
      return;
    lost += added;
    m_metrics.framesDropped.with({QString::fromLatin1(reason)}).inc(double(added));
  };
  count(now.overrunFrames, m_captureSeen.overrunFrames, m_captureLost.overrunFrames, "overrun");
  count(now.gatedFrames, m_captureSeen.gatedFrames, m_captureLost.gatedFrames, "echo_gate");
}

void RunTelemetry::stop() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  sampleCapture();
  m_capture = nullptr;
  m_queueTimer.stop();
  m_memory->stop();
  countRetractions();
}

void RunTelemetry::countRetractions() {
  if (m_pipeline && !m_retractionsCounted) {
    m_metrics.retractions.inc(double(m_pipeline->retractions()));
    m_metrics.translationReplacements.inc(double(m_pipeline->translationReplacements()));
    m_retractionsCounted = true;
  }
}

void RunTelemetry::sampleQueues() {
  sampleCapture();
  if (!m_pipeline)
    return;
  const double at = secondsBetween(m_started, SteadyClock::now());
  for (std::size_t i = 0; i < std::size(kStages); ++i) {
    const int depth = m_pipeline->queueDepth(kStages[i].stage);
    m_metrics.queueDepth.with({QString::fromLatin1(kStages[i].metricLabel)}).set(depth);
    auto &series = m_queues[i].depth;
    series.emplace_back(at, depth);
    if (series.size() > kQueueSamples)
      series.erase(series.begin());
  }
}

telemetry::BottleneckInput RunTelemetry::bottleneckInput(const telemetry::ProfileSnapshot &snapshot) const {
  telemetry::BottleneckInput in;
  in.wallMs = snapshot.wallMs;
  double slowest = 0.0;
  for (const StageWork &s : kStages)
    if (const telemetry::SectionStats *st = snapshot.section(s.section)) {
      in.sections.push_back({s.section, s.label, st->count, st->totalMs, st->p95Ms});
      slowest = std::max(slowest, st->totalMs);
    }
  for (const Inner &s : kInner)
    if (const telemetry::SectionStats *st = snapshot.section(s.section))
      in.sections.push_back({s.section, s.label, st->count, st->totalMs, st->p95Ms});
  in.queues = m_queues;
  in.audioSeconds = m_audioSeconds;
  in.computeSeconds = slowest / 1000.0;
  return in;
}

std::vector<telemetry::Finding> RunTelemetry::findings() const {
  if (!m_profiler)
    return {};
  telemetry::BottleneckThresholds t;
  t.realtimeWarning = m_config.profiling.realtimeWarning;
  t.realtimeCritical = std::max(1.0, t.realtimeWarning);
  if (m_config.profiling.budgetAsrMs > 0)
    t.budgetMs["asr.recognise"] = m_config.profiling.budgetAsrMs;
  if (m_config.profiling.budgetMtMs > 0)
    t.budgetMs["mt.translate"] = m_config.profiling.budgetMtMs;
  if (m_config.profiling.budgetTtsMs > 0)
    t.budgetMs["tts.synthesize"] = m_config.profiling.budgetTtsMs;
  return telemetry::findBottlenecks(bottleneckInput(m_profiler->snapshot()), t);
}

void RunTelemetry::logFindings() const {
  for (const telemetry::Finding &f : findings())
    (f.severity == telemetry::Severity::Info ? logging::info : logging::warning)(
        lcTelemetry(), QString::fromStdString(f.message),
        {{QStringLiteral("rule"), QString::fromStdString(f.rule)},
         {QStringLiteral("severity"), QString::fromLatin1(telemetry::severityName(f.severity))}});
}

QString RunTelemetry::statsLine() const {
  QStringList parts;
  const telemetry::ProfileSnapshot snap = m_profiler ? m_profiler->snapshot() : telemetry::ProfileSnapshot{};
  for (const StageWork &s : kStages) {
    QString part = QString::fromLatin1(s.metricLabel == QLatin1String("translation") ? "mt" : s.metricLabel);
    if (const telemetry::SectionStats *st = snap.section(s.section))
      part += QStringLiteral(" %1× p50 %2 p95 %3").arg(st->count).arg(duration(st->p50Ms), duration(st->p95Ms));
    else
      part += QStringLiteral(" 0×");
    if (m_pipeline)
      part += QStringLiteral(" q%1").arg(m_pipeline->queueDepth(s.stage));
    parts << part;
  }
  if (m_profiler && m_audioSeconds > 0.0)
    parts << QStringLiteral("rt %1").arg(bottleneckInput(snap).computeSeconds / m_audioSeconds, 0, 'f', 2);
  const std::vector<telemetry::MemorySample> history = m_memory->history();
  if (!history.empty()) {
    QString mem = QStringLiteral("rss %1").arg(mib(history.back().processRssBytes));
    for (const telemetry::GpuMemory &g : history.back().gpus)
      mem += QStringLiteral(" gpu%1 %2").arg(g.device).arg(mib(g.reservedBytes));
    parts << mem;
  }
  return parts.join(QStringLiteral(" | "));
}

QString RunTelemetry::summary() const {
  QStringList lines;
  const double wall = secondsBetween(m_started, SteadyClock::now());
  lines << QStringLiteral("run: %1 s, %2 segments, %3 errors").arg(wall, 0, 'f', 1).arg(m_segments).arg(m_errors);
  if (m_profiler) {
    const telemetry::ProfileSnapshot snap = m_profiler->snapshot();
    lines << QStringLiteral("  %1 %2 %3 %4 %5").arg(QStringLiteral("stage"), -6).arg(QStringLiteral("count"), 6)
                 .arg(QStringLiteral("p50"), 9).arg(QStringLiteral("p95"), 9).arg(QStringLiteral("max"), 9);
    for (const StageWork &s : kStages)
      if (const telemetry::SectionStats *st = snap.section(s.section))
        lines << QStringLiteral("  %1 %2 %3 %4 %5").arg(QString::fromLatin1(s.label), -6).arg(st->count, 6)
                     .arg(duration(st->p50Ms), 9).arg(duration(st->p95Ms), 9).arg(duration(st->maxMs), 9);
    if (m_audioSeconds > 0.0)
      lines << QStringLiteral("  compute / real time %1").arg(bottleneckInput(snap).computeSeconds / m_audioSeconds, 0, 'f', 2);
  }
  if (m_captureLost.overrunFrames > 0 || m_captureLost.gatedFrames > 0)
    lines << QStringLiteral("capture: %1 frames lost to overruns, %2 s silenced by the echo gate")
                 .arg(m_captureLost.overrunFrames)
                 .arg(double(m_captureLost.gatedFrames) / 16000.0, 0, 'f', 1);
  const std::vector<telemetry::MemorySample> history = m_memory->history();
  if (!history.empty())
    lines << QStringLiteral("memory: rss %1 (peak %2)").arg(mib(history.back().processRssBytes), mib(history.back().processPeakRssBytes));
  if (!history.empty())
    for (const telemetry::DriverGpu &g : history.back().driverGpus)
      lines << QStringLiteral("  GPU %1 (%2): %3 of %4 used, this process %5")
                   .arg(g.index)
                   .arg(g.name, mib(g.usedBytes), mib(g.totalBytes), mib(g.processBytes));
  for (const telemetry::ModelMemory &m : m_memory->models())
    lines << QStringLiteral("  model %1 on %2: %3").arg(m.model, m.device, mib(m.bytes));
  const QStringList actions = m_responder->actions();
  if (!actions.isEmpty()) {
    lines << QStringLiteral("memory actions:");
    for (const QString &a : actions)
      lines << QStringLiteral("  ") + a;
  }
  if (m_previous && m_profiler) {
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(
        std::chrono::duration_cast<std::chrono::milliseconds>(m_previous->started.time_since_epoch()).count());
    lines << QStringLiteral("since the previous %1 run (%2):").arg(m_command, when.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    const std::vector<telemetry::Trend> changed = trends();
    if (changed.empty())
      lines << QStringLiteral("  nothing moved by 20% or more");
    for (const telemetry::Trend &t : changed)
      lines << QStringLiteral("  ") + QString::fromStdString(t.message);
    for (const QString &c : telemetry::engineChanges(*m_previous, record()))
      lines << QStringLiteral("  (engines differ: %1)").arg(c);
  }
  const std::vector<telemetry::Finding> found = findings();
  if (!m_profiler)
    lines << QStringLiteral("bottlenecks: not measured (profiling.enabled is off)");
  else if (found.empty())
    lines << QStringLiteral("bottlenecks: none found");
  else {
    lines << QStringLiteral("bottlenecks:");
    for (const telemetry::Finding &f : found)
      lines << QStringLiteral("  %1: %2").arg(QString::fromLatin1(telemetry::severityName(f.severity)),
                                               QString::fromStdString(f.message));
  }
  return lines.join(QLatin1Char('\n'));
}

QString RunTelemetry::lastProfilePath() { return config::dataDir() + QStringLiteral("/profiles/last.json"); }
QString RunTelemetry::lastRunPath() { return config::dataDir() + QStringLiteral("/runs/last.json"); }
QString RunTelemetry::previousRunPath() { return config::dataDir() + QStringLiteral("/runs/previous.json"); }

telemetry::RunRecord RunTelemetry::record() const {
  telemetry::RunRecord r;
  r.command = m_command;
  r.started = m_startedWall;
  r.wallSeconds = secondsBetween(m_started, SteadyClock::now());
  r.audioSeconds = m_audioSeconds;
  r.segments = m_segments;
  r.errors = m_errors;
  if (m_profiler) {
    r.profile = m_profiler->snapshot();
    r.profile.events.clear();
    if (m_audioSeconds > 0.0)
      r.realtimeRatio = bottleneckInput(r.profile).computeSeconds / m_audioSeconds;
    r.findings = findings();
  }
  const std::vector<telemetry::MemorySample> history = m_memory->history();
  if (!history.empty())
    r.peakRssBytes = history.back().processPeakRssBytes;
  for (const auto &[stage, load] : m_engines)
    r.engines.push_back({stageName(stage), load.engine, load.footprint.model, load.footprint.device, load.footprint.bytes,
                         load.loadMs});
  r.memoryActions = m_responder->actions();
  return r;
}

void RunTelemetry::setPreviousRun(const telemetry::RunRecord &run) { m_previous = run; }

std::optional<telemetry::RunRecord> RunTelemetry::readLastRun(const QString &command) {
  if (!QFileInfo::exists(lastRunPath()))
    return std::nullopt;
  Result<telemetry::RunRecord> previous = telemetry::readRunRecord(lastRunPath());
  if (!previous) {
    logging::warning(lcTelemetry(), QStringLiteral("previous run record ignored"), {{QStringLiteral("error"), previous.error().message}});
    return std::nullopt;
  }
  if (previous->command != command)
    return std::nullopt;
  return std::move(previous).value();
}

std::vector<telemetry::Trend> RunTelemetry::trends() const {
  if (!m_previous || !m_profiler)
    return {};
  telemetry::TrendOptions options;
  for (const StageWork &s : kStages)
    options.sections.push_back({s.section, s.label});
  for (const Inner &s : kInner)
    options.sections.push_back({s.section, s.label});
  return telemetry::compareRuns(*m_previous, record(), options);
}

RunTelemetry::RunFiles RunTelemetry::runFiles() const {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  RunFiles f;
  f.record = record();
  if (m_profiler)
    f.profile = m_profiler->snapshot();
  f.exportPath = m_config.profiling.exportOnExit;
  if (!f.exportPath.isEmpty() && !m_profiler)
    f.exportProblem = makeError(ErrorKind::Config, QStringLiteral("profiling.export_on_exit is set but profiling.enabled is off: "
                                                                  "nothing was recorded for %1").arg(f.exportPath));
  std::optional<telemetry::ProfileFormat> format = m_config.profiling.exportFormat == QLatin1String("auto")
                                                       ? telemetry::profileFormatFromPath(f.exportPath)
                                                       : telemetry::profileFormatFromName(m_config.profiling.exportFormat);
  f.exportFormat = format.value_or(telemetry::ProfileFormat::Json);
  f.lastProfile = lastProfilePath();
  f.lastRun = lastRunPath();
  f.previousRun = previousRunPath();
  return f;
}

Status RunTelemetry::RunFiles::exportProfile() const {
  if (exportPath.isEmpty())
    return Status::success();
  if (!exportProblem)
    return exportProblem;
  return telemetry::writeProfile(*profile, exportFormat, exportPath);
}

Status RunTelemetry::RunFiles::save() const {
  if (!profile)
    return Status::success();
  if (!QDir().mkpath(QFileInfo(lastProfile).absolutePath()))
    return makeError(ErrorKind::Output, QStringLiteral("cannot create the folder of %1").arg(lastProfile));
  if (Status s = telemetry::writeProfile(*profile, telemetry::ProfileFormat::Json, lastProfile); !s)
    return s;
  // The previous record is replaced only once the new one is whole.
  const QString next = lastRun + QStringLiteral(".new");
  if (!QDir().mkpath(QFileInfo(lastRun).absolutePath()))
    return makeError(ErrorKind::Output, QStringLiteral("cannot create the folder of %1").arg(lastRun));
  if (Status s = telemetry::writeRunRecord(record, next); !s)
    return s;
  if (QFileInfo::exists(lastRun)) {
    QFile::remove(previousRun);
    if (!QFile::rename(lastRun, previousRun))
      return makeError(ErrorKind::Output, QStringLiteral("cannot move %1 to %2").arg(lastRun, previousRun));
  }
  if (!QFile::rename(next, lastRun))
    return makeError(ErrorKind::Output, QStringLiteral("cannot move %1 to %2").arg(next, lastRun));
  return Status::success();
}

Status RunTelemetry::saveRun() const { return runFiles().save(); }

Status RunTelemetry::exportOnExit() const { return runFiles().exportProfile(); }

} // namespace dragoman
