#include "core/telemetry/memory/memorythresholdset.h"

#include <algorithm>
#include <cmath>

namespace dragoman::telemetry {

namespace {

QString actionPhrase(MemoryAction action) {
  switch (action) {
  case MemoryAction::None: return {};
  case MemoryAction::ReleaseGpuCache: return QStringLiteral("releasing cached GPU memory");
  case MemoryAction::UnloadIdleModels: return QStringLiteral("unloading idle models");
  case MemoryAction::FallBackToSmallerModel: return QStringLiteral("falling back to a smaller model");
  case MemoryAction::FallBackToCpu: return QStringLiteral("moving inference to the CPU");
  }
  return {};
}

Error configError(const QString &message) {
  return makeError(ErrorKind::Config, message);
}

} // namespace

Status MemoryThresholdSet::add(MemoryThreshold threshold) {
  const MemoryThreshold &t = threshold;
  if (t.name.isEmpty())
    return configError(QStringLiteral("a memory threshold needs a name"));
  const auto same = [&](const Entry &e) { return e.threshold.name == t.name; };
  if (std::any_of(m_entries.begin(), m_entries.end(), same))
    return configError(QStringLiteral("memory threshold '%1' is defined twice").arg(t.name));
  if (!std::isfinite(t.raiseAt) || !std::isfinite(t.clearAt))
    return configError(QStringLiteral("memory threshold '%1': the limits must be numbers").arg(t.name));
  if (!(t.clearAt < t.raiseAt))
    return configError(
        QStringLiteral("memory threshold '%1': the clear level (%2) must be below the raise level (%3)")
            .arg(t.name, formatMemoryMetricValue(t.metric, t.clearAt), formatMemoryMetricValue(t.metric, t.raiseAt)));
  if (t.metric.isFraction() && (t.raiseAt > 1.0 || t.clearAt < 0.0))
    return configError(
        QStringLiteral("memory threshold '%1': a fraction limit lies between 0 and 1 (0.9 is 90%)").arg(t.name));
  if (t.metric.isGpu() && t.metric.device < 0)
    return configError(
        QStringLiteral("memory threshold '%1': GPU device %2 does not exist").arg(t.name).arg(t.metric.device));
  m_entries.push_back(Entry{std::move(threshold), false});
  return Status::success();
}

bool MemoryThresholdSet::remove(const QString &name) {
  const auto it =
      std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry &e) { return e.threshold.name == name; });
  if (it == m_entries.end())
    return false;
  m_entries.erase(it);
  return true;
}

std::vector<MemoryThreshold> MemoryThresholdSet::thresholds() const {
  std::vector<MemoryThreshold> out;
  out.reserve(m_entries.size());
  for (const Entry &e : m_entries)
    out.push_back(e.threshold);
  return out;
}

bool MemoryThresholdSet::isRaised(const QString &name) const {
  for (const Entry &e : m_entries) {
    if (e.threshold.name == name)
      return e.raised;
  }
  return false;
}

std::optional<double> MemoryThresholdSet::valueOf(const MemoryMetric &metric, const MemorySample &sample) {
  switch (metric.kind) {
  case MemoryMetric::Kind::ProcessRss:
    if (sample.processRssBytes < 0)
      return std::nullopt;
    return double(sample.processRssBytes);
  case MemoryMetric::Kind::SystemUsedFraction: {
    const double f = sample.systemUsedFraction();
    if (f < 0)
      return std::nullopt;
    return f;
  }
  case MemoryMetric::Kind::GpuReservedFraction: {
    const GpuMemory *g = sample.gpu(metric.device);
    if (!g || g->driverTotalBytes <= 0)
      return std::nullopt;
    return double(g->reservedBytes) / double(g->driverTotalBytes);
  }
  case MemoryMetric::Kind::GpuAllocatedBytes: {
    const GpuMemory *g = sample.gpu(metric.device);
    if (!g)
      return std::nullopt;
    return double(g->allocatedBytes);
  }
  }
  return std::nullopt;
}

std::vector<MemoryAlert> MemoryThresholdSet::evaluate(const MemorySample &sample) {
  std::vector<MemoryAlert> alerts;
  for (Entry &e : m_entries) {
    const MemoryThreshold &t = e.threshold;
    const std::optional<double> value = valueOf(t.metric, sample);
    if (!value)
      continue;
    const bool raise = !e.raised && *value >= t.raiseAt;
    const bool clear = e.raised && *value <= t.clearAt;
    if (!raise && !clear)
      continue;
    e.raised = raise;

    MemoryAlert a;
    a.threshold = t.name;
    a.raised = raise;
    a.value = *value;
    a.limit = raise ? t.raiseAt : t.clearAt;
    a.action = raise ? t.action : MemoryAction::None;
    a.at = sample.at;
    const QString subject = memoryMetricDescription(t.metric);
    const QString now = formatMemoryMetricValue(t.metric, *value);
    const QString limit = formatMemoryMetricValue(t.metric, a.limit);
    if (raise) {
      a.message = (*value > t.raiseAt ? QStringLiteral("%1 %2 is above the %3 limit")
                                      : QStringLiteral("%1 %2 has reached the %3 limit"))
                      .arg(subject, now, limit);
      if (const QString phrase = actionPhrase(t.action); !phrase.isEmpty())
        a.message += QStringLiteral(": ") + phrase;
    } else {
      a.message =
          (*value < t.clearAt ? QStringLiteral("%1 %2 is back under %3") : QStringLiteral("%1 %2 is back down to %3"))
              .arg(subject, now, limit);
    }
    alerts.push_back(std::move(a));
  }
  return alerts;
}

} // namespace dragoman::telemetry
