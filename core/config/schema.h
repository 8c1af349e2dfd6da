#pragma once
// The configuration schema: the ten sections and every key, each listed once (schema.cpp).
// Loading, validation, YAML output and the environment variable list are derived from it;
// a settings dialog or `config keys` can be too.

#include "core/config/key.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace dragoman::config {

struct Section {
  QString name;        // "tts"
  QString description; // one line
};

namespace schema {

// Sections in file order.
const QList<Section> &sections();
// Every key, grouped by section, in file order.
const QList<Key> &keys();

QStringList sectionNames();
QStringList keyNames(QStringView section);
bool hasSection(QStringView section);
// nullptr when the section or key does not exist.
const Key *find(QStringView section, QStringView name);

// The candidate closest to word when the difference looks like a typo, else empty.
QString closestMatch(const QString &word, const QStringList &candidates);
// "tts.speed: unknown key; tts has: engine, model, voice, words_per_minute"
// (+ "; did you mean 'voice'?" when one is close).
QString unknownKeyMessage(const QString &section, const QString &name);
// "tss: unknown section; sections are: audio, …" (+ suggestion).
QString unknownSectionMessage(const QString &section);

} // namespace schema
} // namespace dragoman::config
