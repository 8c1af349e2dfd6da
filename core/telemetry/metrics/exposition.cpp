#include "core/telemetry/metrics/exposition.h"

#include <charconv>
#include <cmath>

namespace dragoman::telemetry::exposition {

namespace {

bool isAsciiLetter(QChar c) {
  return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}
bool isAsciiDigit(QChar c) {
  return c >= u'0' && c <= u'9';
}

} // namespace

bool isValidMetricName(QStringView name) {
  if (name.isEmpty())
    return false;
  for (qsizetype i = 0; i < name.size(); ++i) {
    const QChar c = name[i];
    const bool ok = isAsciiLetter(c) || c == u'_' || c == u':' || (i > 0 && isAsciiDigit(c));
    if (!ok)
      return false;
  }
  return true;
}

bool isValidLabelName(QStringView name) {
  if (name.isEmpty() || name.startsWith(u"__"))
    return false;
  for (qsizetype i = 0; i < name.size(); ++i) {
    const QChar c = name[i];
    const bool ok = isAsciiLetter(c) || c == u'_' || (i > 0 && isAsciiDigit(c));
    if (!ok)
      return false;
  }
  return true;
}

QByteArray escapeHelp(const QString &help) {
  const QByteArray utf8 = help.toUtf8();
  QByteArray out;
  out.reserve(utf8.size());
  for (const char c : utf8) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

QByteArray escapeLabelValue(const QString &value) {
  const QByteArray utf8 = value.toUtf8();
  QByteArray out;
  out.reserve(utf8.size());
  for (const char c : utf8) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

QByteArray formatValue(double value) {
  if (std::isnan(value))
    return QByteArrayLiteral("NaN");
  if (std::isinf(value))
    return value > 0 ? QByteArrayLiteral("+Inf") : QByteArrayLiteral("-Inf");
  if (value == 0.0)
    return QByteArrayLiteral("0");                      // also for -0
  constexpr double kExactIntegers = 9007199254740992.0; // 2^53
  if (std::fabs(value) < kExactIntegers && std::trunc(value) == value)
    return QByteArray::number(static_cast<qint64>(value));
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value); // shortest round trip
  return QByteArray(buffer, static_cast<qsizetype>(result.ptr - buffer));
}

} // namespace dragoman::telemetry::exposition
