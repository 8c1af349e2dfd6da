#pragma once
// A handle on one labelled metric family, so callers name a series by its label values only:
//   CounterFamily segments = registry.counterFamily("dragoman_segments_total", "...", {"stage"});
//   Counter &asr = segments.with({"asr"}); // look up once, keep the reference, inc() per segment
// with() takes the registry's lock: resolve series once, not per update.

#include "core/common/result.h"
#include "core/telemetry/metrics/labels.h"

#include <QStringList>

#include <vector>

namespace dragoman::telemetry {

class Counter;
class Gauge;
class Histogram;
class MetricsRegistry;

template <typename M> class MetricFamily {
public:
  MetricFamily() = default; // refers to nothing; with() on it is a programming error

  // The series with these label values, in the order of labelKeys(); created on first use.
  // A wrong number of values is a programming error (asserts; see MetricsRegistry::counter()).
  M &with(const QStringList &labelValues) const;
  // The same, as an error value (for label values that come from outside the program).
  Result<M *> tryWith(const QStringList &labelValues) const;

  const QString &name() const { return m_name; }
  const QStringList &labelKeys() const { return m_labelKeys; }
  bool isValid() const { return m_registry != nullptr; }

private:
  friend class MetricsRegistry;
  MetricFamily(MetricsRegistry *registry, QString name, QString help, QStringList labelKeys,
               std::vector<double> upperBounds);

  MetricsRegistry *m_registry = nullptr;
  QString m_name;
  QString m_help;
  QStringList m_labelKeys;
  std::vector<double> m_upperBounds; // histograms only
};

using CounterFamily = MetricFamily<Counter>;
using GaugeFamily = MetricFamily<Gauge>;
using HistogramFamily = MetricFamily<Histogram>;

extern template class MetricFamily<Counter>;
extern template class MetricFamily<Gauge>;
extern template class MetricFamily<Histogram>;

} // namespace dragoman::telemetry
