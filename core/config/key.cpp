#include "core/config/key.h"

#include <QDir>
#include <QLocale>

#include <cmath>
#include <optional>

namespace dragoman::config {

namespace {

QString number(double value) { return QString::number(value, 'g', QLocale::FloatingPointShortest); }

QString quoted(const QString &text) { return QLatin1Char('\'') + text + QLatin1Char('\''); }

Error problem(QString message) { return makeError(ErrorKind::Config, std::move(message)); }

std::optional<bool> parseBool(const QString &text) {
  const QString t = text.trimmed().toLower();
  for (const char *yes : {"true", "yes", "on", "1"})
    if (t == QLatin1String(yes))
      return true;
  for (const char *no : {"false", "no", "off", "0"})
    if (t == QLatin1String(no))
      return false;
  return std::nullopt;
}

QString expandHome(const QString &path) {
  if (path == QLatin1String("~"))
    return QDir::homePath();
  if (path.startsWith(QLatin1String("~/")))
    return QDir::homePath() + path.mid(1);
  return path;
}

} // namespace

QString Key::path() const { return section + QLatin1Char('.') + name; }

QString Key::environmentVariable() const {
  return QStringLiteral("DRAGOMAN_") + section.toUpper() + QLatin1Char('_') + name.toUpper();
}

QVariant Key::defaultValue() const { return get(Config{}); }

Result<QVariant> Key::parse(const QString &text) const {
  const QString t = text.trimmed();
  QVariant value;
  switch (type) {
  case KeyType::String:
    value = text;
    break;
  case KeyType::Path:
    value = expandHome(t);
    break;
  case KeyType::Enum: {
    value = t; // check() names the allowed values
    for (const QString &choice : allowed)
      if (choice.compare(t, Qt::CaseInsensitive) == 0)
        value = choice;
    break;
  }
  case KeyType::Int: {
    bool ok = false;
    const qlonglong n = t.toLongLong(&ok, 10);
    if (!ok)
      return problem(quoted(text) + QStringLiteral(" is not a whole number"));
    if (n < qlonglong(minimum) || n > qlonglong(maximum))
      return problem(t + QStringLiteral(" is out of range (") + allowedText() + QLatin1Char(')'));
    value = int(n);
    break;
  }
  case KeyType::Double: {
    bool ok = false;
    const double d = t.toDouble(&ok);
    if (!ok || !std::isfinite(d))
      return problem(quoted(text) + QStringLiteral(" is not a number"));
    value = d;
    break;
  }
  case KeyType::Bool: {
    const std::optional<bool> b = parseBool(t);
    if (!b)
      return problem(quoted(text) + QStringLiteral(" is not a boolean (true/false, yes/no, on/off, 1/0)"));
    value = *b;
    break;
  }
  }
  const QString trouble = check(value);
  if (!trouble.isEmpty())
    return problem(trouble);
  return value;
}

QString Key::check(const QVariant &value) const {
  switch (type) {
  case KeyType::String:
    if (notEmpty && value.toString().trimmed().isEmpty())
      return QStringLiteral("must not be empty");
    return {};
  case KeyType::Path:
    return {};
  case KeyType::Enum:
    if (!allowed.contains(value.toString()))
      return quoted(value.toString()) + QStringLiteral(" is not one of: ") + allowedText();
    return {};
  case KeyType::Int:
  case KeyType::Double: {
    const double d = value.toDouble();
    if (!std::isfinite(d) || d < minimum || d > maximum)
      return format(value) + QStringLiteral(" is out of range (") + allowedText() + QLatin1Char(')');
    return {};
  }
  case KeyType::Bool:
    return {};
  }
  return {};
}

QString Key::format(const QVariant &value) const {
  switch (type) {
  case KeyType::Int:
    return QString::number(value.toInt());
  case KeyType::Double:
    return number(value.toDouble());
  case KeyType::Bool:
    return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
  case KeyType::String:
  case KeyType::Path:
  case KeyType::Enum:
    break;
  }
  return value.toString();
}

QString Key::yamlScalar(const QVariant &value) const {
  if (type != KeyType::String && type != KeyType::Path)
    return format(value); // numbers, booleans and enum words need no quoting
  // A double-quoted scalar reads back exactly whatever the text holds.
  QString out = QStringLiteral("\"");
  for (const QChar c : value.toString()) {
    if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
      out += QLatin1Char('\\') + QString(c);
    else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
      out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
    else
      out += c;
  }
  return out + QLatin1Char('"');
}

QString Key::allowedText() const {
  switch (type) {
  case KeyType::Int:
  case KeyType::Double:
    return number(minimum) + QStringLiteral("..") + number(maximum);
  case KeyType::Enum:
    return allowed.join(QStringLiteral(", "));
  case KeyType::Bool:
    return QStringLiteral("true or false");
  case KeyType::Path:
    return QStringLiteral("a file path");
  case KeyType::String:
    break;
  }
  return notEmpty ? QStringLiteral("non-empty text") : QStringLiteral("text");
}

} // namespace dragoman::config
