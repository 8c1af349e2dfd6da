#pragma once
// The interface's language and theme. Translations are compiled into the resources
// (:/i18n/dragoman_<lang>.qm); "system" picks the first of the system's languages that has one.
// Themes: the system's own look, or Fusion with a light or dark palette.

#include <QString>
#include <QStringList>

class QTranslator;

namespace dragoman::ui {

// Codes with a translation, "en" first: en, de, es, fr, ja.
QStringList interfaceLanguages();
// The language the interface will use for a setting ("system" or a code); "en" when none fits.
QString resolveLanguage(const QString &setting);
// Installs the interface's (and Qt's own, when installed) translations for `language` on the
// application; returns false when the interface has none for it (English text is used then).
bool installTranslations(const QString &language);
// The language's own name ("Deutsch", "日本語").
QString languageName(const QString &code);

enum class Theme { System, Light, Dark };
Theme themeFromName(const QString &name); // "light", "dark", anything else: system
QString themeName(Theme theme);
void applyTheme(Theme theme);

} // namespace dragoman::ui
