#pragma once
// The telemetry of one run (live, translate, a GUI session): a profiler the pipeline's threads
// report to, the standard metrics, the memory monitor with the configured limits, and queue depths
// sampled every second. It answers a one-line status (`live --stats`), the end-of-run summary with
// the bottlenecks found, and writes the profile on exit when the configuration asks.

#include "app/context/memoryresponder.h"
#include "core/common/result.h"
#include "core/config/config.h"
#include "core/telemetry/bottlenecks/bottlenecks.h"
#include "core/telemetry/history/runrecord.h"
#include "core/telemetry/reports/profilereports.h"
#include "core/telemetry/history/trends.h"
#include "core/telemetry/memory/memorymonitor.h"
#include "core/telemetry/metrics/standardmetrics.h"
#include "core/telemetry/profiler/profiler.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace dragoman {

class PipelineController;

class RunTelemetry : public QObject {
  Q_OBJECT
public:
  // command: what the run is ("live", "translate"), for its record and the trend against the
  // previous run of the same command (setPreviousRun(); nothing is read here).
  explicit RunTelemetry(const config::Config &config, const QString &command = QStringLiteral("run"),
                        QObject *parent = nullptr);
  ~RunTelemetry() override;

  // nullptr when profiling.enabled is off: pass it as PipelineOptions::profiler.
  telemetry::Profiler *profiler();
  telemetry::MetricsRegistry &metrics() { return m_registry; }
  telemetry::MemoryMonitor &memory() { return *m_memory; }

  // Counts the pipeline's results into the metrics and samples its queues while it exists, and
  // runs the memory cleanups (memory.on_pressure, memory.on_gpu_pressure) on it with these
  // fallbacks. Call before the pipeline starts.
  void attach(PipelineController &pipeline, EngineFallbacks fallbacks = {});
  // What the capture side lost: device frames dropped when its ring was full, and 16 kHz frames
  // the echo gate silenced. Totals since the run started; a total that goes down counts anew.
  struct CaptureCounters {
    quint64 overrunFrames = 0;
    quint64 gatedFrames = 0;
  };
  // Read every second (and once more at stop(), after which it is dropped) into
  // dragoman_frames_dropped_total{reason="overrun"|"echo_gate"} and the summary.
  void watchCapture(std::function<CaptureCounters()> read);
  // Memory and queue sampling on this object's thread (the caller's event loop).
  void start();
  void stop();

  // "asr 12× p50 420 ms p95 1.1 s q0 | mt ... | tts ... | rt 0.31 | rss 812 MiB"
  QString statsLine() const;
  std::vector<telemetry::Finding> findings() const;
  // Each finding as a log record (rule, severity); warnings and criticals at warning level.
  void logFindings() const;
  // A few lines for people: per-stage latency, the compute / real-time ratio, memory, memory
  // actions, findings, and what changed since the previous run of the same command.
  QString summary() const;
  // The run so far as the history keeps it.
  telemetry::RunRecord record() const;
  // Changes since the previous run of the same command (none when there was none).
  std::vector<telemetry::Trend> trends() const;
  // The run to compare with: the history database's last run of the command, else readLastRun().
  void setPreviousRun(const telemetry::RunRecord &run);
  // The record at lastRunPath() when it is of `command` (a file read: off the GUI thread).
  static std::optional<telemetry::RunRecord> readLastRun(const QString &command);
  // What exportOnExit() and saveRun() write, taken on this object's thread (cheap: copies); its
  // files are written on any thread, so that a long profile is never written on the GUI's.
  struct RunFiles {
    telemetry::RunRecord record;
    std::optional<telemetry::ProfileSnapshot> profile; // none when profiling is off
    QString exportPath;                                 // profiling.export_on_exit
    telemetry::ProfileFormat exportFormat = telemetry::ProfileFormat::Json;
    Status exportProblem = Status::success(); // export asked for without a profile
    QString lastProfile, lastRun, previousRun;
    // profiling.export_on_exit, in profiling.export_format; success when not configured.
    Status exportProfile() const;
    // The profile as JSON at lastProfilePath() for `dragoman profile export`, and the record at
    // lastRunPath() (the one there before moves to previousRunPath()).
    Status save() const;
  };
  RunFiles runFiles() const;
  // runFiles().exportProfile() and runFiles().save(), here and now.
  Status exportOnExit() const;
  Status saveRun() const;
  static QString lastProfilePath(); // $XDG_DATA_HOME/dragoman/profiles/last.json
  static QString lastRunPath();     // $XDG_DATA_HOME/dragoman/runs/last.json
  static QString previousRunPath(); // $XDG_DATA_HOME/dragoman/runs/previous.json

private:
  void sampleQueues();
  void sampleCapture();
  void countRetractions();
  telemetry::BottleneckInput bottleneckInput(const telemetry::ProfileSnapshot &snapshot) const;

  config::Config m_config;
  QString m_command;
  std::optional<telemetry::RunRecord> m_previous; // the last run of the same command before this one
  std::map<Stage, EngineLoad> m_engines;          // each stage's engine, as last loaded
  std::unique_ptr<telemetry::Profiler> m_profiler;
  telemetry::MetricsRegistry m_registry;
  telemetry::StandardMetrics m_metrics;
  std::unique_ptr<telemetry::MemoryMonitor> m_memory;
  std::unique_ptr<MemoryResponder> m_responder;
  QPointer<PipelineController> m_pipeline; // may end before this object (translate)
  bool m_retractionsCounted = false;
  QTimer m_queueTimer;
  std::vector<telemetry::QueueSeries> m_queues; // asr, mt, tts
  TimePoint m_started;
  std::chrono::system_clock::time_point m_startedWall;
  double m_audioSeconds = 0.0; // furthest stream position a finished segment reached
  quint64 m_segments = 0;
  quint64 m_errors = 0;
  std::function<CaptureCounters()> m_capture;
  CaptureCounters m_captureSeen;  // the last totals read
  CaptureCounters m_captureLost;  // counted into the metrics over the run
};

} // namespace dragoman
