#include "core/telemetry/metrics/metricsregistry.h"

#include "core/telemetry/metrics/exposition.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace {
// The metrics library links Qt Core only; the category name sits under dragoman.telemetry.
Q_LOGGING_CATEGORY(lcMetrics, "dragoman.telemetry.metrics", QtInfoMsg)
} // namespace

namespace dragoman::telemetry {

const char *metricTypeName(MetricType type) {
  switch (type) {
  case MetricType::Counter: return "counter";
  case MetricType::Gauge: return "gauge";
  case MetricType::Histogram: return "histogram";
  }
  return "untyped";
}

struct MetricsRegistry::Family {
  MetricType type = MetricType::Counter;
  QString help;
  QStringList labelKeys;           // sorted
  std::vector<double> upperBounds; // histograms: finite, ascending, without +Inf
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::map<Labels, std::unique_ptr<Gauge>> gauges;
  std::map<Labels, std::unique_ptr<Histogram>> histograms;

  bool hasSeries() const { return !counters.empty() || !gauges.empty() || !histograms.empty(); }
};

namespace {

const char *const kHistogramSuffixes[] = {"_bucket", "_sum", "_count"};

Error misuseError(const QString &message) {
  return makeError(ErrorKind::Internal, message);
}

template <typename M> constexpr MetricType typeOf() {
  if constexpr (std::is_same_v<M, Counter>)
    return MetricType::Counter;
  else if constexpr (std::is_same_v<M, Gauge>)
    return MetricType::Gauge;
  else
    return MetricType::Histogram;
}

QString keyList(const QStringList &keys) {
  return keys.isEmpty() ? QStringLiteral("no labels") : QStringLiteral("labels {%1}").arg(keys.join(u", "));
}

// Drops a trailing +Inf, then requires finite, strictly ascending bounds.
Status normalizeBuckets(const QString &name, std::vector<double> &bounds) {
  if (!bounds.empty() && std::isinf(bounds.back()) && bounds.back() > 0)
    bounds.pop_back();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && !(bounds[i] > bounds[i - 1])))
      return misuseError(
          QStringLiteral("histogram '%1': bucket bounds must be finite and strictly ascending").arg(name));
  }
  return Status::success();
}

QByteArray labelText(const Labels &labels, const char *extraKey = nullptr, const QByteArray &extraValue = {}) {
  if (labels.empty() && !extraKey)
    return {};
  QByteArray out = "{";
  bool first = true;
  for (const auto &[key, value] : labels) {
    if (!first)
      out += ',';
    first = false;
    out += key.toUtf8() + "=\"" + exposition::escapeLabelValue(value) + '"';
  }
  if (extraKey) {
    if (!first)
      out += ',';
    out += QByteArray(extraKey) + "=\"" + extraValue + '"';
  }
  out += '}';
  return out;
}

} // namespace

MetricsRegistry::MetricsRegistry() = default;
MetricsRegistry::~MetricsRegistry() = default;

Result<MetricsRegistry::Family *> MetricsRegistry::familyLocked(const QString &name, const QString &help,
                                                                MetricType type, QStringList labelKeys,
                                                                std::vector<double> upperBounds) {
  if (!exposition::isValidMetricName(name))
    return misuseError(QStringLiteral("metric name '%1' is not valid: use letters, digits, '_' and ':', "
                                      "and do not start with a digit")
                           .arg(name));
  for (const QString &key : labelKeys) {
    if (!exposition::isValidLabelName(key))
      return misuseError(QStringLiteral("label name '%1' of metric '%2' is not valid: use letters, digits and '_', "
                                        "and start with neither a digit nor '__'")
                             .arg(key, name));
    if (type == MetricType::Histogram && key == u"le")
      return misuseError(QStringLiteral("label 'le' is reserved for the buckets of histogram '%1'").arg(name));
  }
  labelKeys.sort();
  if (std::adjacent_find(labelKeys.cbegin(), labelKeys.cend()) != labelKeys.cend())
    return misuseError(QStringLiteral("metric '%1' names a label twice (%2)").arg(name, keyList(labelKeys)));
  if (type == MetricType::Histogram) {
    if (const Status s = normalizeBuckets(name, upperBounds); !s)
      return s.error();
  }

  if (const auto it = m_families.find(name); it != m_families.end()) {
    Family &family = *it->second;
    if (family.type != type)
      return misuseError(
          QStringLiteral("metric '%1' is already registered as a %2, not a %3")
              .arg(name, QLatin1String(metricTypeName(family.type)), QLatin1String(metricTypeName(type))));
    if (family.labelKeys != labelKeys)
      return misuseError(QStringLiteral("metric '%1' is already registered with %2, not %3")
                             .arg(name, keyList(family.labelKeys), keyList(labelKeys)));
    if (type == MetricType::Histogram && family.upperBounds != upperBounds)
      return misuseError(QStringLiteral("histogram '%1' is already registered with other buckets").arg(name));
    return &family;
  }

  // A histogram "x" writes x_bucket, x_sum and x_count: no other family may use those names.
  for (const char *suffix : kHistogramSuffixes) {
    const QLatin1String s(suffix);
    if (name.endsWith(s)) {
      const auto base = m_families.find(name.chopped(s.size()));
      if (base != m_families.end() && base->second->type == MetricType::Histogram)
        return misuseError(
            QStringLiteral("metric '%1' collides with the series of histogram '%2'").arg(name, base->first));
    }
    if (type == MetricType::Histogram && m_families.count(name + s) > 0)
      return misuseError(QStringLiteral("histogram '%1' collides with the metric '%2'").arg(name, name + s));
  }

  auto family = std::make_unique<Family>();
  family->type = type;
  family->help = help;
  family->labelKeys = std::move(labelKeys);
  family->upperBounds = std::move(upperBounds);
  Family *raw = family.get();
  m_families.emplace(name, std::move(family));
  return raw;
}

template <typename M>
Result<M *> MetricsRegistry::series(const QString &name, const QString &help, const Labels &labels,
                                    std::vector<double> &&upperBounds) {
  QStringList keys;
  keys.reserve(static_cast<qsizetype>(labels.size()));
  for (const auto &entry : labels)
    keys.append(entry.first);

  const std::lock_guard lock(m_mutex);
  Result<Family *> family = familyLocked(name, help, typeOf<M>(), std::move(keys), std::move(upperBounds));
  if (!family)
    return family.error();
  auto &map = [&]() -> auto & {
    if constexpr (std::is_same_v<M, Counter>)
      return (*family)->counters;
    else if constexpr (std::is_same_v<M, Gauge>)
      return (*family)->gauges;
    else
      return (*family)->histograms;
  }
  ();
  auto it = map.find(labels);
  if (it == map.end()) {
    if constexpr (std::is_same_v<M, Histogram>)
      it = map.emplace(labels, std::make_unique<Histogram>((*family)->upperBounds)).first;
    else
      it = map.emplace(labels, std::make_unique<M>()).first;
  }
  return it->second.get();
}

void MetricsRegistry::reportMisuse(const Error &error) const {
  qCCritical(lcMetrics, "%s", qUtf8Printable(error.message));
  Q_ASSERT_X(false, "MetricsRegistry", qPrintable(error.message));
}

template <typename M> M &MetricsRegistry::misuse(const Error &error) {
  reportMisuse(error);
  const std::lock_guard lock(m_mutex);
  if constexpr (std::is_same_v<M, Counter>)
    return *m_detachedCounters.emplace_back(std::make_unique<Counter>());
  else if constexpr (std::is_same_v<M, Gauge>)
    return *m_detachedGauges.emplace_back(std::make_unique<Gauge>());
  else
    return *m_detachedHistograms.emplace_back(std::make_unique<Histogram>(std::vector<double>{}));
}

Result<Counter *> MetricsRegistry::tryCounter(const QString &name, const QString &help, const Labels &labels) {
  return series<Counter>(name, help, labels, {});
}

Result<Gauge *> MetricsRegistry::tryGauge(const QString &name, const QString &help, const Labels &labels) {
  return series<Gauge>(name, help, labels, {});
}

Result<Histogram *> MetricsRegistry::tryHistogram(const QString &name, const QString &help,
                                                  std::vector<double> upperBounds, const Labels &labels) {
  return series<Histogram>(name, help, labels, std::move(upperBounds));
}

Counter &MetricsRegistry::counter(const QString &name, const QString &help, const Labels &labels) {
  Result<Counter *> r = tryCounter(name, help, labels);
  return r ? **r : misuse<Counter>(r.error());
}

Gauge &MetricsRegistry::gauge(const QString &name, const QString &help, const Labels &labels) {
  Result<Gauge *> r = tryGauge(name, help, labels);
  return r ? **r : misuse<Gauge>(r.error());
}

Histogram &MetricsRegistry::histogram(const QString &name, const QString &help, std::vector<double> upperBounds,
                                      const Labels &labels) {
  Result<Histogram *> r = tryHistogram(name, help, std::move(upperBounds), labels);
  return r ? **r : misuse<Histogram>(r.error());
}

Status MetricsRegistry::declareFamily(const QString &name, const QString &help, MetricType type,
                                      const QStringList &labelKeys, std::vector<double> upperBounds) {
  const std::lock_guard lock(m_mutex);
  Result<Family *> family = familyLocked(name, help, type, labelKeys, std::move(upperBounds));
  if (!family)
    return family.error();
  return Status::success();
}

CounterFamily MetricsRegistry::counterFamily(const QString &name, const QString &help, const QStringList &labelKeys) {
  if (const Status s = declareFamily(name, help, MetricType::Counter, labelKeys); !s)
    reportMisuse(s.error());
  return CounterFamily(this, name, help, labelKeys, {});
}

GaugeFamily MetricsRegistry::gaugeFamily(const QString &name, const QString &help, const QStringList &labelKeys) {
  if (const Status s = declareFamily(name, help, MetricType::Gauge, labelKeys); !s)
    reportMisuse(s.error());
  return GaugeFamily(this, name, help, labelKeys, {});
}

HistogramFamily MetricsRegistry::histogramFamily(const QString &name, const QString &help,
                                                 std::vector<double> upperBounds, const QStringList &labelKeys) {
  if (const Status s = declareFamily(name, help, MetricType::Histogram, labelKeys, upperBounds); !s)
    reportMisuse(s.error());
  return HistogramFamily(this, name, help, labelKeys, std::move(upperBounds));
}

QStringList MetricsRegistry::familyNames() const {
  const std::lock_guard lock(m_mutex);
  QStringList names;
  for (const auto &entry : m_families)
    names.append(entry.first);
  return names;
}

QByteArray MetricsRegistry::prometheusText() const {
  using exposition::formatValue;
  QByteArray out;
  const std::lock_guard lock(m_mutex);
  for (const auto &[name, family] : m_families) {
    if (!family->hasSeries())
      continue;
    const QByteArray n = name.toUtf8();
    if (!family->help.isEmpty())
      out += "# HELP " + n + ' ' + exposition::escapeHelp(family->help) + '\n';
    out += "# TYPE " + n + ' ' + metricTypeName(family->type) + '\n';
    for (const auto &[labels, counter] : family->counters)
      out += n + labelText(labels) + ' ' + formatValue(counter->value()) + '\n';
    for (const auto &[labels, gauge] : family->gauges)
      out += n + labelText(labels) + ' ' + formatValue(gauge->value()) + '\n';
    for (const auto &[labels, histogram] : family->histograms) {
      const HistogramSnapshot s = histogram->snapshot();
      for (std::size_t i = 0; i < s.upperBounds.size(); ++i)
        out += n + "_bucket" + labelText(labels, "le", formatValue(s.upperBounds[i])) + ' ' +
               QByteArray::number(s.cumulativeCounts[i]) + '\n';
      out += n + "_sum" + labelText(labels) + ' ' + formatValue(s.sum) + '\n';
      out += n + "_count" + labelText(labels) + ' ' + QByteArray::number(s.count) + '\n';
    }
  }
  return out;
}

template Counter &MetricsRegistry::misuse<Counter>(const Error &);
template Gauge &MetricsRegistry::misuse<Gauge>(const Error &);
template Histogram &MetricsRegistry::misuse<Histogram>(const Error &);

} // namespace dragoman::telemetry
