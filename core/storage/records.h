#pragma once
// What the session store keeps: sessions, their segments, memory samples, alerts and profile runs.
// Plain values (DESIGN.md habit 3) that cross to the store's thread by queued calls. Times of day are
// Unix epoch milliseconds; times inside a session are milliseconds since the session started.

#include "core/common/types.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace dragoman::storage {

enum class SessionState { Running, Finished, Interrupted, Failed, Cancelled };
QString sessionStateName(SessionState state); // "running", ...
std::optional<SessionState> sessionStateFromName(const QString &name);

struct SessionInfo {
  QString uuid;   // chosen by the caller (QUuid), so that no call waits for a row id
  QString kind;   // "live", "translate"
  SessionState state = SessionState::Running;
  qint64 startedMs = 0;
  std::optional<qint64> endedMs;
  QString sourceLanguage;
  QString targetLanguage;
  QString input;   // the file translated, or the capture device
  QString engines; // JSON: [{"stage","engine","model","device"}]
  QString config;  // the effective configuration
  QString host;
  qint64 pid = 0;  // of the process that recorded it (to tell an interrupted session from a running one)
  QString error;   // why it failed or was interrupted
  bool operator==(const SessionInfo &) const = default;
};

enum SegmentFlag : int {
  SegmentFailed = 1,         // a stage failed on it (see error)
  SegmentPartial = 2,        // the session ended before the text was committed
  SegmentEchoGated = 4,      // some of its audio was silenced by the echo gate
  SegmentLoopSuppressed = 8, // the recogniser cut a repetition loop out of its text
};

// The set flags' names, in the order above: "failed", "partial", "echo-gated", "loop-cut".
QStringList segmentFlagNames(int flags);

// A segment's stage times, in milliseconds since the session started; unset when it never got there.
struct StoredTimes {
  std::optional<double> captureStart, captureEnd, asrStart, asrDone, mtStart, mtDone, ttsStart, ttsDone, playbackStart;
  bool operator==(const StoredTimes &) const = default;
};

struct StoredSegment {
  // The pipeline's id, unique in its session. 0 holds a live session's text not yet committed
  // (flag SegmentPartial), replaced as it changes, so that a crash keeps what was last heard.
  qint64 segment = 0;
  // Whose speech it was in a call: "me" (my microphone) or "them" (the call's audio); empty in a
  // one-direction session. Segment ids are unique per direction.
  QString direction;
  double startSeconds = 0.0;
  double endSeconds = 0.0;
  QString sourceText;
  QString sourceLanguage;
  QString translation;
  QString targetLanguage;
  StoredTimes times;
  std::optional<double> confidence;
  int flags = 0;
  QString error;
  bool operator==(const StoredSegment &) const = default;
};

// A finished pipeline result as the store keeps it; times relative to `sessionStart`.
StoredSegment storedSegment(const SegmentResult &result, TimePoint sessionStart, const QString &direction = {});

struct StoredAlert {
  qint64 atMs = 0; // since the session started
  QString threshold;
  bool raised = false;
  double value = 0.0;
  double limit = 0.0;
  QString message;
  bool operator==(const StoredAlert &) const = default;
};

struct StoredMemorySample {
  qint64 atMs = 0; // since the session started
  qint64 rssBytes = -1;
  double systemUsedFraction = -1.0;
  qint64 gpuAllocatedBytes = -1; // summed over GPUs; -1 without one
  qint64 gpuReservedBytes = -1;
  bool operator==(const StoredMemorySample &) const = default;
};

// One run's record (telemetry::RunRecord as JSON) with the fields history queries sort on.
struct StoredProfileRun {
  qint64 recordedMs = 0; // epoch
  QString command;
  double wallSeconds = 0.0;
  double audioSeconds = 0.0;
  double realtimeRatio = -1.0;
  qint64 peakRssBytes = -1;
  QByteArray record; // runRecordToJson()
  bool operator==(const StoredProfileRun &) const = default;
};

void registerStorageMetaTypes();

} // namespace dragoman::storage

Q_DECLARE_METATYPE(dragoman::storage::SessionInfo)
Q_DECLARE_METATYPE(dragoman::storage::StoredSegment)
