#pragma once
// One run as the history keeps it: what ran (the command, each stage's engine and model), how much
// (audio, segments, errors), how fast (the profile's sections, the compute / real-time ratio), how
// much memory, and what was found and done. The session store persists these; until it does,
// RunTelemetry keeps the last two as files, which is enough for a trend against the previous run.
//
// JSON: {"format":"dragoman.run","version":1,"command","started","wall_s","audio_s","segments",
//        "errors","realtime_ratio","peak_rss_bytes","engines":[{stage,engine,model,device,bytes,
//        load_ms}],"memory_actions":[...],"findings":[{rule,subject,severity,value,limit,message}],
//        "profile":{profileToJson without events}}

#include "core/common/result.h"
#include "core/telemetry/bottlenecks/bottlenecks.h"
#include "core/telemetry/profiler/snapshot.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <chrono>
#include <vector>

namespace dragoman::telemetry {

struct RunEngine {
  QString stage;  // "asr", "translation", "tts"
  QString engine; // "whisper"
  QString model;  // the model folder or name; empty when the engine has none
  QString device; // "cpu", "cuda:0"; empty when unknown
  qint64 bytes = 0;
  double loadMs = 0.0;
  bool operator==(const RunEngine &) const = default;
};

struct RunRecord {
  QString command; // "live", "translate"
  std::chrono::system_clock::time_point started{};
  double wallSeconds = 0.0;
  double audioSeconds = 0.0;
  quint64 segments = 0;
  quint64 errors = 0;
  double realtimeRatio = -1.0; // the slowest stage's busy seconds per second of audio; -1: unknown
  qint64 peakRssBytes = -1;    // -1: unknown
  std::vector<RunEngine> engines;
  QStringList memoryActions;      // MemoryResponder::actions()
  std::vector<Finding> findings;
  ProfileSnapshot profile;        // sections and threads; events are not kept
};

QByteArray runRecordToJson(const RunRecord &run);
// Reads runRecordToJson's output. Errors (ErrorKind::Input) name what is wrong: not JSON, not a
// run record, a newer version, a field of the wrong type.
Result<RunRecord> runRecordFromJson(const QByteArray &json);

// Reads a record file; errors name the path.
Result<RunRecord> readRunRecord(const QString &path);
// Writes atomically (the file is whole or untouched); errors name the path.
Status writeRunRecord(const RunRecord &run, const QString &path);

} // namespace dragoman::telemetry
