#include "core/storage/records.h"

namespace dragoman::storage {

namespace {

constexpr const char *kStateNames[] = {"running", "finished", "interrupted", "failed", "cancelled"};

std::optional<double> since(TimePoint start, TimePoint t) {
  if (t == TimePoint{} || start == TimePoint{})
    return std::nullopt;
  return millisBetween(start, t);
}

} // namespace

QString sessionStateName(SessionState state) { return QString::fromLatin1(kStateNames[int(state)]); }

std::optional<SessionState> sessionStateFromName(const QString &name) {
  for (int i = 0; i < int(std::size(kStateNames)); ++i)
    if (name == QLatin1String(kStateNames[i]))
      return SessionState(i);
  return std::nullopt;
}

QStringList segmentFlagNames(int flags) {
  QStringList names;
  if (flags & SegmentFailed)
    names << QStringLiteral("failed");
  if (flags & SegmentPartial)
    names << QStringLiteral("partial");
  if (flags & SegmentEchoGated)
    names << QStringLiteral("echo-gated");
  if (flags & SegmentLoopSuppressed)
    names << QStringLiteral("loop-cut");
  return names;
}

StoredSegment storedSegment(const SegmentResult &r, TimePoint sessionStart, const QString &direction) {
  StoredSegment s;
  s.segment = qint64(r.segmentId);
  s.direction = direction;
  s.startSeconds = r.startSeconds;
  s.endSeconds = r.endSeconds;
  s.sourceText = r.sourceText;
  s.sourceLanguage = r.sourceLanguage;
  s.translation = r.translation;
  s.targetLanguage = r.targetLanguage;
  const StageTimes &t = r.times;
  s.times = {since(sessionStart, t.captureStart), since(sessionStart, t.captureEnd), since(sessionStart, t.asrStart),
             since(sessionStart, t.asrDone),      since(sessionStart, t.mtStart),    since(sessionStart, t.mtDone),
             since(sessionStart, t.ttsStart),     since(sessionStart, t.ttsDone),    since(sessionStart, t.playbackStart)};
  s.error = r.error;
  if (!r.error.isEmpty())
    s.flags |= SegmentFailed;
  if (r.echoGated)
    s.flags |= SegmentEchoGated;
  if (r.loopCut)
    s.flags |= SegmentLoopSuppressed;
  s.confidence = r.confidence;
  return s;
}

void registerStorageMetaTypes() {
  qRegisterMetaType<SessionInfo>();
  qRegisterMetaType<StoredSegment>();
}

} // namespace dragoman::storage
