#include "core/common/types.h"

namespace dragoman {

QString stageName(Stage stage) {
  switch (stage) {
  case Stage::Capture: return QStringLiteral("capture");
  case Stage::Asr: return QStringLiteral("asr");
  case Stage::Translation: return QStringLiteral("translation");
  case Stage::Synthesis: return QStringLiteral("tts");
  case Stage::Playback: return QStringLiteral("playback");
  }
  return QStringLiteral("unknown");
}

double millisBetween(TimePoint from, TimePoint to) {
  if (from == TimePoint{} || to == TimePoint{})
    return -1.0;
  return std::chrono::duration<double, std::milli>(to - from).count();
}

void registerMetaTypes() {
  qRegisterMetaType<AudioSegment>();
  qRegisterMetaType<Transcript>();
  qRegisterMetaType<Translation>();
  qRegisterMetaType<SynthAudio>();
  qRegisterMetaType<SegmentResult>();
  qRegisterMetaType<PipelineError>();
  qRegisterMetaType<EngineLoad>();
}

} // namespace dragoman
