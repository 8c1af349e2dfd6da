#include "ui/mainwindow/appearance.h"

#include <QApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QTranslator>

namespace dragoman::ui {
namespace {

QString qmPath(const QString &code) { return QStringLiteral(":/i18n/dragoman_%1.qm").arg(code); }

// The style and palette the platform gave, to go back to for Theme::System.
struct PlatformLook {
  QString style;
  QPalette palette;
  bool saved = false;
};

PlatformLook &platformLook() {
  static PlatformLook look;
  return look;
}

} // namespace

QStringList interfaceLanguages() {
  return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("es"), QStringLiteral("fr"), QStringLiteral("ja")};
}

QString resolveLanguage(const QString &setting) {
  const QStringList known = interfaceLanguages();
  if (setting != QLatin1String("system") && !setting.isEmpty())
    return known.contains(setting) ? setting : QStringLiteral("en");
  for (const QString &ui : QLocale::system().uiLanguages()) {
    const QString code = ui.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
    if (known.contains(code))
      return code;
  }
  return QStringLiteral("en");
}

bool installTranslations(const QString &language) {
  auto *app = QCoreApplication::instance();
  if (!app || !QFile::exists(qmPath(language)))
    return false;
  auto *mine = new QTranslator(app);
  if (!mine->load(qmPath(language))) {
    delete mine;
    return false;
  }
  QCoreApplication::installTranslator(mine);
  auto *qt = new QTranslator(app); // Qt's own dialogs and buttons, when the system has them
  if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    QCoreApplication::installTranslator(qt);
  else
    delete qt;
  return true;
}

QString languageName(const QString &code) {
  const QLocale locale(code);
  QString name = locale.nativeLanguageName();
  if (!name.isEmpty())
    name[0] = name[0].toUpper();
  return name.isEmpty() ? code : name;
}

Theme themeFromName(const QString &name) {
  if (name == QLatin1String("light"))
    return Theme::Light;
  if (name == QLatin1String("dark"))
    return Theme::Dark;
  return Theme::System;
}

QString themeName(Theme theme) {
  switch (theme) {
  case Theme::Light: return QStringLiteral("light");
  case Theme::Dark: return QStringLiteral("dark");
  case Theme::System: break;
  }
  return QStringLiteral("system");
}

void applyTheme(Theme theme) {
  PlatformLook &look = platformLook();
  if (!look.saved) {
    look.style = QApplication::style()->name();
    look.palette = QApplication::palette();
    look.saved = true;
  }
  if (theme == Theme::System) {
    QApplication::setStyle(QStyleFactory::create(look.style));
    QApplication::setPalette(look.palette);
    return;
  }
  QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  if (theme == Theme::Light) {
    QApplication::setPalette(QApplication::style()->standardPalette());
    return;
  }
  QPalette p;
  const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe8, 0xea, 0xed), accent(0x3d, 0x8b, 0xfd);
  p.setColor(QPalette::Window, window);
  p.setColor(QPalette::WindowText, text);
  p.setColor(QPalette::Base, base);
  p.setColor(QPalette::AlternateBase, window);
  p.setColor(QPalette::ToolTipBase, window);
  p.setColor(QPalette::ToolTipText, text);
  p.setColor(QPalette::Text, text);
  p.setColor(QPalette::Button, window);
  p.setColor(QPalette::ButtonText, text);
  p.setColor(QPalette::BrightText, Qt::red);
  p.setColor(QPalette::Highlight, accent);
  p.setColor(QPalette::HighlightedText, Qt::white);
  p.setColor(QPalette::Link, accent);
  p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
  p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x86, 0x8b));
  p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x86, 0x8b));
  p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x86, 0x8b));
  p.setColor(QPalette::Mid, QColor(0x4a, 0x4d, 0x52));
  QApplication::setPalette(p);
}

} // namespace dragoman::ui
