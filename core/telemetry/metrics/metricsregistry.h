#pragma once
// Counters, gauges and histograms with label sets, written out in the Prometheus text exposition
// format 0.0.4. Thread-safe: registration and prometheusText() take a lock; updates through the
// returned references are lock-free atomics and may come from any thread. Instances live as long
// as the registry and never move.
//
// Asking for a name that is already registered returns the same instance when the labels match.
// Misuse (an invalid metric or label name, the same name with another type, another set of label
// names or other histogram buckets, a name that collides with a histogram's _bucket/_sum/_count
// series) is a programming error: counter()/gauge()/histogram() assert (Q_ASSERT_X, debug
// builds); in release builds they log a critical message and return a detached instance that is
// never exported, so the caller keeps working. The try*() functions return the same failures as
// Result error values (ErrorKind::Internal) for names that come from outside the program.

#include "core/common/result.h"
#include "core/telemetry/metrics/counter.h"
#include "core/telemetry/metrics/gauge.h"
#include "core/telemetry/metrics/histogram.h"
#include "core/telemetry/metrics/labels.h"
#include "core/telemetry/metrics/metricfamily.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace dragoman::telemetry {

class MetricsRegistry {
public:
  MetricsRegistry();
  ~MetricsRegistry();
  MetricsRegistry(const MetricsRegistry &) = delete;
  MetricsRegistry &operator=(const MetricsRegistry &) = delete;

  Counter &counter(const QString &name, const QString &help, const Labels &labels = {});
  Gauge &gauge(const QString &name, const QString &help, const Labels &labels = {});
  // upperBounds: finite, strictly ascending; a trailing +Inf is accepted and implied anyway.
  Histogram &histogram(const QString &name, const QString &help, std::vector<double> upperBounds,
                       const Labels &labels = {});

  Result<Counter *> tryCounter(const QString &name, const QString &help, const Labels &labels = {});
  Result<Gauge *> tryGauge(const QString &name, const QString &help, const Labels &labels = {});
  Result<Histogram *> tryHistogram(const QString &name, const QString &help, std::vector<double> upperBounds,
                                   const Labels &labels = {});

  // Registers a family without creating a series (a family without series is not exported).
  Status declareFamily(const QString &name, const QString &help, MetricType type, const QStringList &labelKeys,
                       std::vector<double> upperBounds = {});
  // Handles on labelled families; declaring asserts like counter() on misuse.
  CounterFamily counterFamily(const QString &name, const QString &help, const QStringList &labelKeys);
  GaugeFamily gaugeFamily(const QString &name, const QString &help, const QStringList &labelKeys);
  HistogramFamily histogramFamily(const QString &name, const QString &help, std::vector<double> upperBounds,
                                  const QStringList &labelKeys);

  // Every family with at least one series, sorted by name: "# HELP" (when help is not empty) and
  // "# TYPE" once, then its series sorted by label values. Content type
  // "text/plain; version=0.0.4; charset=utf-8".
  QByteArray prometheusText() const;
  // Registered family names, sorted.
  QStringList familyNames() const;

private:
  template <typename M> friend class MetricFamily;
  struct Family;
  template <typename M>
  Result<M *> series(const QString &name, const QString &help, const Labels &labels, std::vector<double> &&upperBounds);
  Result<Family *> familyLocked(const QString &name, const QString &help, MetricType type, QStringList labelKeys,
                                std::vector<double> upperBounds);
  template <typename M> M &misuse(const Error &error);
  void reportMisuse(const Error &error) const;

  mutable std::mutex m_mutex;
  std::map<QString, std::unique_ptr<Family>> m_families;
  // Release builds only: what misuse returns instead of crashing. Never exported.
  std::vector<std::unique_ptr<Counter>> m_detachedCounters;
  std::vector<std::unique_ptr<Gauge>> m_detachedGauges;
  std::vector<std::unique_ptr<Histogram>> m_detachedHistograms;
};

} // namespace dragoman::telemetry
