#include "core/telemetry/history/trends.h"

#include "core/telemetry/memory/memorysample.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dragoman::telemetry {

namespace {

std::string percent(double change) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.0f%%", change * 100.0);
  return buf;
}

std::string ratio(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string bytes(double v) { return formatBytes(v).toStdString(); }

// Adds a trend when both values are known and the move passes both thresholds.
void consider(std::vector<Trend> &out, const std::string &subject, const std::string &measure, double before, double after,
              double minChange, double minAbsolute, std::string (*format)(double)) {
  if (before <= 0.0 || after < 0.0)
    return;
  const double change = (after - before) / before;
  if (std::abs(change) < minChange || std::abs(after - before) < minAbsolute)
    return;
  Trend t{subject, measure, before, after, change, after > before, {}};
  t.message = subject + (measure.empty() ? "" : " " + measure) + " " + format(before) + " → " + format(after) + " (" +
              percent(change) + ")";
  out.push_back(std::move(t));
}

std::string duration(double ms) { return formatDuration(ms); }

} // namespace

std::vector<Trend> compareRuns(const RunRecord &before, const RunRecord &after, const TrendOptions &options) {
  std::vector<Trend> out;
  for (const TrendSection &s : options.sections) {
    const SectionStats *a = before.profile.section(s.section);
    const SectionStats *b = after.profile.section(s.section);
    if (!a || !b || a->count == 0 || b->count == 0)
      continue;
    const std::string label = s.label.empty() ? s.section : s.label;
    consider(out, label, "p50", a->p50Ms, b->p50Ms, options.minChange, options.minMs, duration);
    consider(out, label, "p95", a->p95Ms, b->p95Ms, options.minChange, options.minMs, duration);
  }
  consider(out, "compute / real time", "", before.realtimeRatio, after.realtimeRatio, options.minChange, 0.02, ratio);
  consider(out, "peak memory", "", double(before.peakRssBytes), double(after.peakRssBytes), options.minChange,
           16.0 * 1024 * 1024, bytes);
  std::stable_sort(out.begin(), out.end(), [](const Trend &x, const Trend &y) {
    if (x.worse != y.worse)
      return x.worse;
    return std::abs(x.change) > std::abs(y.change);
  });
  return out;
}

QStringList engineChanges(const RunRecord &before, const RunRecord &after) {
  QStringList out;
  auto name = [](const RunEngine &e) {
    QString n = e.model.isEmpty() ? e.engine : e.model;
    return e.device.isEmpty() ? n : n + QStringLiteral(" on ") + e.device;
  };
  for (const RunEngine &b : after.engines) {
    const auto a = std::find_if(before.engines.begin(), before.engines.end(),
                                [&](const RunEngine &e) { return e.stage == b.stage; });
    if (a == before.engines.end())
      continue;
    if (a->engine != b.engine || a->model != b.model || a->device != b.device)
      out << QStringLiteral("%1: %2 → %3").arg(b.stage, name(*a), name(b));
  }
  return out;
}

} // namespace dragoman::telemetry
