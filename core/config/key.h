#pragma once
// One configuration key as the schema describes it: where it lives, its type, what it accepts,
// and how to read and write it in a Config. Values travel as QVariant holding QString, int,
// double or bool. Instances come from schema.cpp only.

#include "core/common/result.h"
#include "core/config/config.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>

namespace dragoman::config {

enum class KeyType { String, Path, Enum, Int, Double, Bool };

struct Key {
  QString section; // "tts"
  QString name;    // "words_per_minute"
  KeyType type = KeyType::String;
  QString description; // one line, shown by `config init`
  double minimum = 0;  // Int and Double
  double maximum = 0;
  QStringList allowed;   // Enum
  bool notEmpty = false; // String: the empty string is rejected
  std::function<QVariant(const Config &)> get;
  std::function<void(Config &, const QVariant &)> set;

  QString path() const;                // "tts.words_per_minute"
  QString environmentVariable() const; // "DRAGOMAN_TTS_WORDS_PER_MINUTE"
  QVariant defaultValue() const;       // get(Config{})

  // Parses text from a YAML scalar, an environment variable or the command line and checks it;
  // the error message is the problem alone, e.g. "1000 is out of range (80..450)".
  Result<QVariant> parse(const QString &text) const;
  // Empty when value is acceptable, else the problem.
  QString check(const QVariant &value) const;
  // The value as a person would type it (messages, `config show`).
  QString format(const QVariant &value) const;
  // The value as a YAML scalar that reads back to the same value.
  QString yamlScalar(const QVariant &value) const;
  // "80..450", "pocketsphinx, whisper", "true or false", "text", "a file path".
  QString allowedText() const;
};

} // namespace dragoman::config
