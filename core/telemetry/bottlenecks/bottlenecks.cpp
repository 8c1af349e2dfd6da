#include "core/telemetry/bottlenecks/bottlenecks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dragoman::telemetry {

namespace {

std::string format(const char *fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string percent(double fraction) { return format("%.0f%%", fraction * 100.0); }

std::string labelOf(const SectionLoad &s) { return s.label.empty() ? s.name : s.label; }

// Sections: share of wall time and the p95 budget, one finding each.
void sectionFindings(const BottleneckInput &in, const BottleneckThresholds &t, std::vector<Finding> &out) {
  for (const SectionLoad &s : in.sections) {
    if (s.count == 0)
      continue;
    const double share = in.wallMs > 0.0 ? s.totalMs / in.wallMs : 0.0;
    const auto budget = t.budgetMs.find(s.name);
    const bool heavy = share >= t.shareOfWall;
    const bool over = budget != t.budgetMs.end() && budget->second > 0.0 && s.p95Ms > budget->second;
    if (!heavy && !over)
      continue;
    Finding f;
    f.subject = s.name;
    std::string msg = labelOf(s);
    if (heavy)
      msg += " takes " + percent(share) + " of pipeline time";
    if (over) {
      msg += std::string(heavy ? "; p95 " : ": p95 ") + formatDuration(s.p95Ms) + " exceeds the " +
             formatDuration(budget->second) + " budget";
      f.rule = "budget";
      f.value = s.p95Ms;
      f.limit = budget->second;
      f.severity = s.p95Ms > 2.0 * budget->second ? Severity::Critical : Severity::Warning;
    } else {
      f.rule = "share";
      f.value = share;
      f.limit = t.shareOfWall;
      f.severity = Severity::Info;
    }
    f.message = msg;
    out.push_back(std::move(f));
  }
}

void realtimeFinding(const BottleneckInput &in, const BottleneckThresholds &t, std::vector<Finding> &out) {
  if (in.audioSeconds <= 0.0)
    return;
  const double ratio = in.computeSeconds / in.audioSeconds;
  if (ratio < t.realtimeWarning)
    return;
  Finding f;
  f.rule = "realtime";
  f.subject = "pipeline";
  f.value = ratio;
  f.severity = ratio >= t.realtimeCritical ? Severity::Critical : Severity::Warning;
  f.limit = f.severity == Severity::Critical ? t.realtimeCritical : t.realtimeWarning;
  f.message = "compute takes " + format("%.2f", ratio) + " s per second of audio" +
              (f.severity == Severity::Critical ? ": the pipeline falls behind real time"
                                                : ": close to real time (warning at " + format("%.2f", t.realtimeWarning) + ")");
  out.push_back(std::move(f));
}

// A queue whose depth rose by a share of its capacity over the run and ends near its high point.
void queueFindings(const BottleneckInput &in, const BottleneckThresholds &t, std::vector<Finding> &out) {
  for (const QueueSeries &q : in.queues) {
    if (q.capacity <= 0 || static_cast<int>(q.depth.size()) < t.minSamples)
      continue;
    // Least-squares slope of depth over time, in items per second.
    double st = 0, sd = 0;
    for (const auto &[s, d] : q.depth) {
      st += s;
      sd += d;
    }
    const double n = static_cast<double>(q.depth.size()), mt = st / n, md = sd / n;
    double num = 0, den = 0;
    for (const auto &[s, d] : q.depth) {
      num += (s - mt) * (d - md);
      den += (s - mt) * (s - mt);
    }
    const double slope = den > 0 ? num / den : 0.0;
    const double span = q.depth.back().first - q.depth.front().first;
    const double growth = slope * span;
    if (growth < t.queueGrowthFraction * q.capacity)
      continue;
    Finding f;
    f.rule = "queue";
    f.subject = q.name;
    f.value = growth / q.capacity;
    f.limit = t.queueGrowthFraction;
    f.severity = q.depth.back().second >= q.capacity ? Severity::Critical : Severity::Warning;
    f.message = q.name + " grew from " + std::to_string(q.depth.front().second) + " to " +
                std::to_string(q.depth.back().second) + " of " + std::to_string(q.capacity) + " in " +
                format("%.0f", span) + " s: the stage it feeds cannot keep up";
    out.push_back(std::move(f));
  }
}

} // namespace

std::vector<Finding> findBottlenecks(const BottleneckInput &input, const BottleneckThresholds &thresholds) {
  std::vector<Finding> out;
  sectionFindings(input, thresholds, out);
  realtimeFinding(input, thresholds, out);
  queueFindings(input, thresholds, out);
  std::stable_sort(out.begin(), out.end(), [](const Finding &a, const Finding &b) {
    if (a.severity != b.severity)
      return a.severity > b.severity;
    const double ra = a.limit > 0 ? a.value / a.limit : a.value, rb = b.limit > 0 ? b.value / b.limit : b.value;
    return ra > rb;
  });
  return out;
}

std::string formatDuration(double ms) {
  if (ms >= 1000.0)
    return format("%.1f s", ms / 1000.0);
  if (ms >= 1.0)
    return format("%.0f ms", ms);
  return format("%.0f µs", ms * 1000.0);
}

const char *severityName(Severity s) {
  switch (s) {
  case Severity::Info: return "info";
  case Severity::Warning: return "warning";
  case Severity::Critical: return "critical";
  }
  return "info";
}

} // namespace dragoman::telemetry
