#include "core/config/layers.h"
#include "core/config/schema.h"

namespace dragoman::config {

namespace {

Error lineError(const QString &message) {
  return makeError(ErrorKind::Config, QStringLiteral("command line: ") + message);
}

} // namespace

Result<QList<Assignment>> readOverrides(const QStringList &overrides) {
  QList<Assignment> assignments;
  for (const QString &override : overrides) {
    const qsizetype equals = override.indexOf(QLatin1Char('='));
    // Accept words-per-minute as well as words_per_minute: option names use dashes.
    const QString path = override.left(equals).trimmed().replace(QLatin1Char('-'), QLatin1Char('_'));
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (equals < 0 || dot <= 0 || dot == path.size() - 1)
      return lineError(QStringLiteral("'%1': expected section.key=value").arg(override));
    const QString section = path.left(dot);
    const QString name = path.mid(dot + 1);
    if (!schema::hasSection(section))
      return lineError(schema::unknownSectionMessage(section));
    const Key *key = schema::find(section, name);
    if (!key)
      return lineError(schema::unknownKeyMessage(section, name));
    Result<QVariant> value = key->parse(override.mid(equals + 1));
    if (!value)
      return lineError(key->path() + QStringLiteral(": ") + value.error().message);
    assignments.append(Assignment{key, std::move(value).value(), QStringLiteral("command line")});
  }
  return assignments;
}

} // namespace dragoman::config
