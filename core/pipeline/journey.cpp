#include "core/pipeline/journey.h"

#include "core/telemetry/profiler/profiler.h"

#include <string>

namespace dragoman {

void recordJourney(telemetry::Profiler &profiler, const SegmentResult &r) {
  const StageTimes &t = r.times;
  const std::string track = "segment " + std::to_string(r.segmentId);
  TimePoint end = t.ttsDone != TimePoint{} ? t.ttsDone : t.mtDone != TimePoint{} ? t.mtDone : t.asrDone;
  if (t.captureStart == TimePoint{} || end == TimePoint{} || end < t.captureStart)
    return;
  profiler.record("segment", t.captureStart, end, track);
  auto part = [&](const char *name, TimePoint a, TimePoint b) {
    if (a != TimePoint{} && b != TimePoint{} && a <= b)
      profiler.record(name, a, b, track);
  };
  part("segment.capture", t.captureStart, t.captureEnd);
  part("segment.asr", t.asrStart, t.asrDone);
  part("segment.mt", t.mtStart, t.mtDone);
  part("segment.tts", t.ttsStart, t.ttsDone);
}

} // namespace dragoman
