#pragma once
// Reading and checking a JSON request body, with messages that name the field and the problem
// (they become 400 answers).

#include "core/common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace dragoman::server {

// The body as a JSON object: invalid UTF-8, malformed JSON (with the offset) and a top level
// that is not an object are errors. An empty body is an empty object when allowEmpty.
Result<QJsonObject> parseJsonObject(const QByteArray &body, bool allowEmpty = false);

// Fields of a parsed object. Each returns an error naming the field.
// A string of minChars..maxChars characters (after the UTF-8 check of the whole body).
Result<QString> requiredString(const QJsonObject &object, const QString &key, int minChars, int maxChars);
// Absent or null: nullopt.
Result<std::optional<QString>> optionalString(const QJsonObject &object, const QString &key, int maxChars);
Result<std::optional<bool>> optionalBool(const QJsonObject &object, const QString &key);
Result<QStringList> requiredStringArray(const QJsonObject &object, const QString &key, int minItems, int maxItems,
                                        int maxChars);
// A language code: 2 or 3 lowercase ASCII letters.
Result<std::optional<QString>> optionalLanguage(const QJsonObject &object, const QString &key);
bool isLanguageCode(const QString &code);
// Unknown fields are refused, so that a typo ("txt") is not silently ignored.
Status onlyKnownFields(const QJsonObject &object, const QStringList &known);

} // namespace dragoman::server
