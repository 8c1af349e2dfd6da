#pragma once
// Reading JSON documents Dragoman wrote (profiles, run records): every field the reader needs,
// with its JSON type checked; the first missing or mistyped one names itself ("section 3: "p95_ms"
// must be a number").

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <string>

namespace dragoman::telemetry::detail {

class JsonFields {
public:
  JsonFields(const QJsonObject &o, QString where) : m_o(o), m_where(std::move(where)) {}
  bool ok() const { return m_error.isEmpty(); }
  const QString &error() const { return m_error; }
  double number(const char *key) {
    const QJsonValue v = m_o.value(QLatin1String(key));
    if (!v.isDouble())
      fail(key, "a number");
    return v.toDouble();
  }
  std::string string(const char *key) {
    const QJsonValue v = m_o.value(QLatin1String(key));
    if (!v.isString())
      fail(key, "a string");
    return v.toString().toStdString();
  }
  bool boolean(const char *key) {
    const QJsonValue v = m_o.value(QLatin1String(key));
    if (!v.isBool())
      fail(key, "true or false");
    return v.toBool();
  }
  QJsonArray array(const char *key) {
    const QJsonValue v = m_o.value(QLatin1String(key));
    if (!v.isArray())
      fail(key, "an array");
    return v.toArray();
  }

private:
  void fail(const char *key, const char *want) {
    if (m_error.isEmpty())
      m_error = QStringLiteral("%1\"%2\" must be %3").arg(m_where, QLatin1String(key), QLatin1String(want));
  }
  QJsonObject m_o;
  QString m_where;
  QString m_error;
};

} // namespace dragoman::telemetry::detail
