#pragma once
// Label sets and metric kinds shared by the metrics registry and its family handles.

#include <QString>

#include <map>

namespace dragoman::telemetry {

// Label name -> value. Ordered, so {a, b} and {b, a} name the same series and the exposition
// lists labels in a stable order.
using Labels = std::map<QString, QString>;

enum class MetricType { Counter, Gauge, Histogram };

// "counter", "gauge", "histogram": the words of the Prometheus # TYPE line.
const char *metricTypeName(MetricType type);

} // namespace dragoman::telemetry
