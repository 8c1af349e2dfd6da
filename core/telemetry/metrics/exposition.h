#pragma once
// The pieces of the Prometheus text exposition format 0.0.4 that MetricsRegistry writes:
// name rules, escaping and number formatting. Public so the HTTP endpoint and tests can share them.

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace dragoman::telemetry::exposition {

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool isValidMetricName(QStringView name);
// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved for Prometheus itself)
bool isValidLabelName(QStringView name);

// # HELP text: backslash and line feed escaped.
QByteArray escapeHelp(const QString &help);
// Label value: backslash, double quote and line feed escaped.
QByteArray escapeLabelValue(const QString &value);

// A sample value Prometheus parses: "+Inf", "-Inf", "NaN", integers in full ("1000000", not
// "1e+06") up to 2^53, otherwise the shortest text that reads back as the same double ("0.1").
QByteArray formatValue(double value);

} // namespace dragoman::telemetry::exposition
