#include "core/telemetry/metrics/metricfamily.h"

#include "core/telemetry/metrics/metricsregistry.h"

#include <type_traits>

namespace dragoman::telemetry {

template <typename M>
MetricFamily<M>::MetricFamily(MetricsRegistry *registry, QString name, QString help, QStringList labelKeys,
                              std::vector<double> upperBounds)
    : m_registry(registry), m_name(std::move(name)), m_help(std::move(help)), m_labelKeys(std::move(labelKeys)),
      m_upperBounds(std::move(upperBounds)) {}

template <typename M> Result<M *> MetricFamily<M>::tryWith(const QStringList &labelValues) const {
  if (!m_registry)
    return makeError(ErrorKind::Internal, QStringLiteral("a metric family handle that refers to no registry was used"));
  if (labelValues.size() != m_labelKeys.size())
    return makeError(ErrorKind::Internal, QStringLiteral("metric '%1' takes %2 label values (%3), not %4")
                                              .arg(m_name)
                                              .arg(m_labelKeys.size())
                                              .arg(m_labelKeys.join(u", "))
                                              .arg(labelValues.size()));
  Labels labels;
  for (qsizetype i = 0; i < m_labelKeys.size(); ++i)
    labels[m_labelKeys[i]] = labelValues[i];
  if constexpr (std::is_same_v<M, Counter>)
    return m_registry->tryCounter(m_name, m_help, labels);
  else if constexpr (std::is_same_v<M, Gauge>)
    return m_registry->tryGauge(m_name, m_help, labels);
  else
    return m_registry->tryHistogram(m_name, m_help, m_upperBounds, labels);
}

template <typename M> M &MetricFamily<M>::with(const QStringList &labelValues) const {
  Result<M *> r = tryWith(labelValues);
  if (r)
    return **r;
  if (m_registry)
    return m_registry->template misuse<M>(r.error());
  // A default-constructed handle has no registry to report through or to own a stand-in.
  Q_ASSERT_X(false, "MetricFamily::with", "the handle refers to no registry");
  if constexpr (std::is_same_v<M, Histogram>) {
    static Histogram detached{std::vector<double>{}};
    return detached;
  } else {
    static M detached;
    return detached;
  }
}

template class MetricFamily<Counter>;
template class MetricFamily<Gauge>;
template class MetricFamily<Histogram>;

} // namespace dragoman::telemetry
