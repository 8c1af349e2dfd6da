#pragma once
// Bottleneck detection: rules over a run's profile and pipeline gauges that name what holds the
// pipeline back, in words a person acts on ("ASR decode takes 71% of pipeline time; p95 1.9 s
// exceeds the 1.0 s budget"). Plain C++ (no Qt): the CLI, the GUI and the HTTP endpoint all read it.

#include <map>
#include <string>
#include <vector>

namespace dragoman::telemetry {

// What the rules read: a run's sections and queue samples (app/context/runtelemetry.cpp fills it).
struct SectionLoad {
  std::string name;       // "asr.transcribe"
  std::string label;      // how a person calls it: "ASR"; empty: the name
  unsigned long long count = 0;
  double totalMs = 0.0;
  double p95Ms = 0.0;
};

struct QueueSeries {
  std::string name;                     // "MT queue"
  int capacity = 0;
  std::vector<std::pair<double, int>> depth; // (seconds since start, items), oldest first
};

struct BottleneckInput {
  double wallMs = 0.0;         // the run's wall time the shares are taken of
  std::vector<SectionLoad> sections;
  std::vector<QueueSeries> queues;
  double audioSeconds = 0.0;   // audio the pipeline took in
  double computeSeconds = 0.0; // time its slowest stage spent on it (the live limit)
};

struct BottleneckThresholds {
  double shareOfWall = 0.5;               // a section taking this share of wall time is named
  std::map<std::string, double> budgetMs; // section name -> p95 budget in ms
  double realtimeWarning = 0.8;           // compute / real time at which live use gets tight
  double realtimeCritical = 1.0;          // ... and falls behind
  double queueGrowthFraction = 0.5;       // a queue that grew by this share of its capacity
  int minSamples = 4;                     // queue samples needed before judging growth
};

enum class Severity { Info, Warning, Critical };

struct Finding {
  std::string rule;    // "share", "budget", "realtime", "queue"
  std::string subject; // the section or queue
  Severity severity = Severity::Info;
  double value = 0.0;
  double limit = 0.0;
  std::string message;
};

// Findings, most severe first (then by value against limit). One finding per section combines
// its share of wall time and its budget, as in the example above.
std::vector<Finding> findBottlenecks(const BottleneckInput &input, const BottleneckThresholds &thresholds);

// "1.9 s", "340 ms", "12 µs".
std::string formatDuration(double ms);
const char *severityName(Severity s);

} // namespace dragoman::telemetry
