#pragma once
// The three layers load() stacks on the defaults. Each reads its source completely, checks every
// value against the schema, and returns the assignments to apply, or the first error, worded
// "<where>: <section.key>: <problem>". Internal to core/config.

#include "core/common/result.h"
#include "core/config/key.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace dragoman::config {

struct Assignment {
  const Key *key = nullptr;
  QVariant value;
  QString origin; // "file" | "env DRAGOMAN_X_Y" | "command line"
};

// A YAML file: a mapping of sections, each a mapping of keys to scalars (filelayer.cpp; the only
// code that sees yaml-cpp). The file must exist.
Result<QList<Assignment>> readFile(const QString &path);

// Variables DRAGOMAN_<SECTION>_<KEY> whose <SECTION> is one of the schema's sections
// (environmentlayer.cpp); other DRAGOMAN_* variables are not ours and are ignored.
Result<QList<Assignment>> readEnvironment(const QProcessEnvironment &environment);

// "section.key=value" strings from the command line (overridelayer.cpp).
Result<QList<Assignment>> readOverrides(const QStringList &overrides);

} // namespace dragoman::config
