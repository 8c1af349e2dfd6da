#pragma once
// Reading JSON documents Dragoman wrote (profiles, run records): every field the reader needs,
// with its JSON type checked; the first missing or mistyped one names itself ("section 3: "p95_ms"
// must be a number").

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <chrono>
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

// Parses `json` into `root` when it is a JSON object with "format" equal to `format` and "version"
// 1; otherwise returns why not.
inline QString openDocument(const QByteArray &json, const char *format, QJsonObject &root) {
  QJsonParseError parse{};
  const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
  if (parse.error != QJsonParseError::NoError)
    return QStringLiteral("invalid JSON at byte %1: %2").arg(parse.offset).arg(parse.errorString());
  root = doc.object();
  if (root.value(QStringLiteral("format")).toString() != QLatin1String(format))
    return QStringLiteral("\"format\" is not \"%1\"").arg(QLatin1String(format));
  if (const int version = root.value(QStringLiteral("version")).toInt(); version != 1)
    return QStringLiteral("version %1 is not 1 (written by a newer Dragoman?)").arg(version);
  return QString();
}

// An ISO 8601 time as written by isoUtc(); the epoch when it does not parse.
inline std::chrono::system_clock::time_point timeFromIso(const std::string &iso) {
  const QDateTime t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(t.isValid() ? t.toMSecsSinceEpoch() : 0));
}

} // namespace dragoman::telemetry::detail
