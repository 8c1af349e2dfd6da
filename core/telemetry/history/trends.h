#pragma once
// Trends between two runs: how the stages' latency, the compute / real-time ratio and peak memory
// moved since an earlier run, each change past a threshold in words a person acts on:
// "ASR p95 1.2 s → 1.9 s (+58%)". Higher is worse for every measure compared here.

#include "core/telemetry/history/runrecord.h"

#include <string>
#include <vector>

namespace dragoman::telemetry {

struct TrendSection {
  std::string section; // "asr.recognise"
  std::string label;   // "ASR"
};

struct TrendOptions {
  std::vector<TrendSection> sections; // compared by p50 and p95 when both runs have them
  double minChange = 0.2;             // relative change that is reported
  double minMs = 5.0;                 // latency moves smaller than this many ms are noise
};

struct Trend {
  std::string subject; // "ASR", "compute / real time", "peak memory"
  std::string measure; // "p50", "p95", "ratio", "rss"
  double before = 0.0;
  double after = 0.0;
  double change = 0.0; // (after - before) / before
  bool worse = false;
  std::string message;
};

// Changes past the thresholds, worse ones first, then by size.
std::vector<Trend> compareRuns(const RunRecord &before, const RunRecord &after, const TrendOptions &options);

// Stages whose engine, model or device differs, e.g. "asr: /models/whisper-base → /models/whisper-tiny":
// a trend across them compares different things.
QStringList engineChanges(const RunRecord &before, const RunRecord &after);

} // namespace dragoman::telemetry
