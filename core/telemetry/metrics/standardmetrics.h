#pragma once
// The metrics every Dragoman process exports, registered once so callers never repeat a name.
// Names carry the dragoman_ prefix and their unit (Prometheus conventions: base units, counters
// end in _total). Labelled families are handles: resolve a series once and keep the reference,
//   StandardMetrics m = registerStandardMetrics(registry, {"asr", "translation", "tts"});
//   Counter &asrDone = m.segments.with({"asr"});

#include "core/telemetry/metrics/metricsregistry.h"

namespace dragoman::telemetry {

namespace metricnames {
inline constexpr char kSegments[] = "dragoman_segments_total";
inline constexpr char kStageErrors[] = "dragoman_stage_errors_total";
inline constexpr char kStageLatency[] = "dragoman_stage_latency_seconds";
inline constexpr char kQueueDepth[] = "dragoman_queue_depth";
inline constexpr char kAudioSecondsProcessed[] = "dragoman_audio_seconds_processed_total";
inline constexpr char kFramesDropped[] = "dragoman_frames_dropped_total";
inline constexpr char kMemoryBytes[] = "dragoman_memory_bytes";
inline constexpr char kGpuMemoryBytes[] = "dragoman_gpu_memory_bytes";
inline constexpr char kGpuDriverMemoryBytes[] = "dragoman_gpu_driver_memory_bytes";
inline constexpr char kModelLoadSeconds[] = "dragoman_model_load_seconds";
inline constexpr char kRetractions[] = "dragoman_retractions_total";
inline constexpr char kTranslationReplacements[] = "dragoman_translation_replacements_total";
inline constexpr char kMemoryActions[] = "dragoman_memory_actions_total";
inline constexpr char kTtsFirstAudio[] = "dragoman_tts_first_audio_seconds";
} // namespace metricnames

struct StandardMetrics {
  CounterFamily segments;         // {stage}: segments a stage finished
  CounterFamily stageErrors;      // {stage}: segments a stage failed on
  HistogramFamily stageLatency;   // {stage}: seconds a stage spent on one segment
  GaugeFamily queueDepth;         // {stage}: items waiting in the stage's input queue
  Counter &audioSecondsProcessed; // seconds of input audio taken in
  CounterFamily framesDropped;    // {reason}: audio frames lost (e.g. "overrun", "queue_full")
  GaugeFamily memoryBytes;        // {kind}: "rss", "peak_rss", "system_total", "system_available"
  GaugeFamily gpuMemoryBytes;     // {device, kind}: LibTorch's CUDA device; "allocated", "reserved"
  GaugeFamily gpuDriverMemoryBytes; // {gpu, kind}: NVML's GPU index; "total", "used", "free", "process"
  GaugeFamily modelLoadSeconds;   // {model}: how long the last load of a model took
  Counter &retractions;           // streaming: partial words shown, then changed or withdrawn
  Counter &translationReplacements; // streaming: provisional translations replaced rather than extended
  CounterFamily memoryActions;    // {action}: cleanups run on memory pressure ("unload_idle_models", ...)
  Histogram &ttsFirstAudio;       // seconds from the start of a segment's synthesis to its first piece of speech
};

// Registers the families above (same instances when called twice on one registry). stages: label
// values created up front for the per-stage families, so they read 0 before the first segment.
StandardMetrics registerStandardMetrics(MetricsRegistry &registry, const QStringList &stages = {});

} // namespace dragoman::telemetry
