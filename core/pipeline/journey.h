#pragma once
// A finished segment's way through the pipeline (capture, ASR, MT, TTS) as spans on a track of its
// own ("segment N") in the profiler, from the times the stages stamped on it.

#include "core/common/types.h"

namespace dragoman {

namespace telemetry {
class Profiler;
}

void recordJourney(telemetry::Profiler &profiler, const SegmentResult &result);

} // namespace dragoman
