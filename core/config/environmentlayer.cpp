#include "core/config/layers.h"
#include "core/config/schema.h"

#include <algorithm>

namespace dragoman::config {

namespace {

const QString kPrefix = QStringLiteral("DRAGOMAN_");

Error envError(const QString &variable, const QString &message) {
  return makeError(ErrorKind::Config, QStringLiteral("environment %1: %2").arg(variable, message));
}

} // namespace

Result<QList<Assignment>> readEnvironment(const QProcessEnvironment &environment) {
  QStringList variables = environment.keys();
  std::sort(variables.begin(), variables.end()); // the same first error every time
  QList<Assignment> assignments;
  for (const QString &variable : variables) {
    if (!variable.startsWith(kPrefix))
      continue;
    const QString rest = variable.mid(kPrefix.size());
    // Only DRAGOMAN_<SECTION>_... with one of our sections is a config key (not DRAGOMAN_SHARED).
    QString section;
    for (const QString &s : schema::sectionNames())
      if (rest.startsWith(s.toUpper() + QLatin1Char('_')))
        section = s;
    if (section.isEmpty())
      continue;
    const QString name = rest.mid(section.size() + 1).toLower();
    const Key *key = schema::find(section, name);
    if (!key)
      return envError(variable, schema::unknownKeyMessage(section, name));
    if (key->environmentVariable() != variable)
      return envError(variable, key->path() + QStringLiteral(": write the variable as ") + key->environmentVariable());
    Result<QVariant> value = key->parse(environment.value(variable));
    if (!value)
      return envError(variable, key->path() + QStringLiteral(": ") + value.error().message);
    assignments.append(Assignment{key, std::move(value).value(), QStringLiteral("env ") + variable});
  }
  // Apply in schema order, like the other layers.
  std::stable_sort(assignments.begin(), assignments.end(),
                   [](const Assignment &a, const Assignment &b) { return a.key < b.key; });
  return assignments;
}

} // namespace dragoman::config
