#include "core/server/jsonbody.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dragoman::server {

namespace {
Error bad(const QString &message) { return makeError(ErrorKind::Input, message); }

QString typeName(const QJsonValue &value) {
  switch (value.type()) {
  case QJsonValue::Null:
    return QStringLiteral("null");
  case QJsonValue::Bool:
    return QStringLiteral("a boolean");
  case QJsonValue::Double:
    return QStringLiteral("a number");
  case QJsonValue::String:
    return QStringLiteral("a string");
  case QJsonValue::Array:
    return QStringLiteral("an array");
  case QJsonValue::Object:
    return QStringLiteral("an object");
  case QJsonValue::Undefined:
    break;
  }
  return QStringLiteral("missing");
}

// Byte offset of the first invalid UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at
// most U+10FFFF), or -1.
qsizetype invalidUtf8At(const QByteArray &bytes) {
  const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
  const qsizetype n = bytes.size();
  qsizetype i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0)
        lo = 0xA0; // overlong
      if (c == 0xED)
        hi = 0x9F; // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0)
        lo = 0x90; // overlong
      if (c == 0xF4)
        hi = 0x8F; // past U+10FFFF
    } else {
      return i;
    }
    if (i + extra >= n)
      return i; // cut short
    for (int k = 1; k <= extra; ++k) {
      const unsigned char b = p[i + k];
      const unsigned char min = k == 1 ? lo : 0x80;
      const unsigned char max = k == 1 ? hi : 0xBF;
      if (b < min || b > max)
        return i;
    }
    i += extra + 1;
  }
  return -1;
}

Result<QString> checkedString(const QJsonValue &value, const QString &key, int minChars, int maxChars) {
  if (!value.isString())
    return bad(QStringLiteral("\"%1\" must be a string, not %2").arg(key, typeName(value)));
  const QString text = value.toString();
  if (text.size() < minChars)
    return bad(minChars == 1 ? QStringLiteral("\"%1\" must not be empty").arg(key)
                             : QStringLiteral("\"%1\" must have at least %2 characters").arg(key).arg(minChars));
  if (text.size() > maxChars)
    return bad(QStringLiteral("\"%1\" has %2 characters; at most %3 are accepted").arg(key).arg(text.size()).arg(maxChars));
  return text;
}
} // namespace

Result<QJsonObject> parseJsonObject(const QByteArray &body, bool allowEmpty) {
  if (body.trimmed().isEmpty()) {
    if (allowEmpty)
      return QJsonObject();
    return bad(QStringLiteral("the request body is empty; a JSON object is expected"));
  }
  if (const qsizetype at = invalidUtf8At(body); at >= 0)
    return bad(QStringLiteral("the request body is not valid UTF-8 (near byte %1)").arg(at));
  QJsonParseError error;
  const QJsonDocument document = QJsonDocument::fromJson(body, &error);
  if (error.error != QJsonParseError::NoError)
    return bad(QStringLiteral("the request body is not valid JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset));
  if (!document.isObject())
    return bad(QStringLiteral("the request body must be a JSON object"));
  return document.object();
}

Result<QString> requiredString(const QJsonObject &object, const QString &key, int minChars, int maxChars) {
  if (!object.contains(key))
    return bad(QStringLiteral("\"%1\" is required").arg(key));
  return checkedString(object.value(key), key, minChars, maxChars);
}

Result<std::optional<QString>> optionalString(const QJsonObject &object, const QString &key, int maxChars) {
  const QJsonValue value = object.value(key);
  if (value.isUndefined() || value.isNull())
    return std::optional<QString>();
  Result<QString> text = checkedString(value, key, 0, maxChars);
  if (!text)
    return text.error();
  return std::optional<QString>(*text);
}

Result<std::optional<bool>> optionalBool(const QJsonObject &object, const QString &key) {
  const QJsonValue value = object.value(key);
  if (value.isUndefined() || value.isNull())
    return std::optional<bool>();
  if (!value.isBool())
    return bad(QStringLiteral("\"%1\" must be true or false, not %2").arg(key, typeName(value)));
  return std::optional<bool>(value.toBool());
}

Result<QStringList> requiredStringArray(const QJsonObject &object, const QString &key, int minItems, int maxItems,
                                        int maxChars) {
  const QJsonValue value = object.value(key);
  if (value.isUndefined())
    return bad(QStringLiteral("\"%1\" is required").arg(key));
  if (!value.isArray())
    return bad(QStringLiteral("\"%1\" must be an array of strings, not %2").arg(key, typeName(value)));
  const QJsonArray array = value.toArray();
  if (array.size() < minItems || array.size() > maxItems)
    return bad(QStringLiteral("\"%1\" has %2 items; %3 to %4 are accepted").arg(key).arg(array.size()).arg(minItems).arg(maxItems));
  QStringList items;
  for (qsizetype i = 0; i < array.size(); ++i) {
    Result<QString> item = checkedString(array.at(i), QStringLiteral("%1[%2]").arg(key).arg(i), 0, maxChars);
    if (!item)
      return item.error();
    items.append(*item);
  }
  return items;
}

bool isLanguageCode(const QString &code) {
  if (code.size() < 2 || code.size() > 3)
    return false;
  for (const QChar c : code)
    if (c < QLatin1Char('a') || c > QLatin1Char('z'))
      return false;
  return true;
}

Result<std::optional<QString>> optionalLanguage(const QJsonObject &object, const QString &key) {
  Result<std::optional<QString>> code = optionalString(object, key, 16);
  if (!code || !code->has_value())
    return code;
  if (!isLanguageCode(**code))
    return bad(QStringLiteral("\"%1\" must be a language code such as \"en\" or \"spa\", not \"%2\"").arg(key, **code));
  return code;
}

Status onlyKnownFields(const QJsonObject &object, const QStringList &known) {
  for (auto it = object.begin(); it != object.end(); ++it)
    if (!known.contains(it.key()))
      return bad(QStringLiteral("unknown field \"%1\"; the fields are %2").arg(it.key(), known.join(QStringLiteral(", "))));
  return {};
}

} // namespace dragoman::server
