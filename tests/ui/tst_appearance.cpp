// The interface's languages and themes: each translation is in the resources and loads; the main
// window then speaks that language; English plural forms come from the English file; "system"
// follows the system's languages; the dark theme darkens the palette and "system" restores it.
#include "core/common/threadhost.h"
#include "ui/mainwindow/appearance.h"
#include "ui/mainwindow/mainwindow.h"

#include <QApplication>
#include <QFile>
#include <QPalette>
#include <QPushButton>
#include <QStyle>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

using namespace dragoman::ui;

namespace {

void removeTranslations() {
  for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
    QCoreApplication::removeTranslator(t);
    delete t;
  }
}

QString startText() {
  dragoman::ThreadHost threads;
  MainWindow w(threads);
  return w.findChild<QPushButton *>(QStringLiteral("startStop"))->text();
}

} // namespace

class TestAppearance : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
private Q_SLOTS:
  void cleanup() { removeTranslations(); }

  void everyLanguageLoads_data() {
    QTest::addColumn<QString>("code");
    for (const QString &code : interfaceLanguages())
      if (code != QLatin1String("en"))
        QTest::newRow(qPrintable(code)) << code;
  }

  void everyLanguageLoads() {
    QFETCH(QString, code);
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/dragoman_%1.qm").arg(code)));
    const QString english = startText();
    QVERIFY(installTranslations(code));
    const QString translated = startText();
    QVERIFY2(!translated.isEmpty() && translated != english, qPrintable(translated));
    MainWindow w(m_threads);
    QStringList tabs;
    for (int i = 0; i < w.pages()->count(); ++i)
      tabs << w.pages()->tabText(i);
    qInfo("%s: %s | %s", qPrintable(code), qPrintable(translated), qPrintable(tabs.join(QStringLiteral(", "))));
    QVERIFY(w.pages()->tabText(0) != QStringLiteral("&Transcript"));
  }

  // Every string of the interface is translated in each language's file (run the
  // update_translations target after adding strings, then translate them).
  void everyStringIsTranslated_data() { everyLanguageLoads_data(); }
  void everyStringIsTranslated() {
    QFETCH(QString, code);
    QFile ts(QStringLiteral(QT_TESTCASE_SOURCEDIR "/../../translations/dragoman_%1.ts").arg(code));
    QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
    const QByteArray xml = ts.readAll();
    QVERIFY(xml.count("<message") > 250);
    const qsizetype unfinished = xml.count("type=\"unfinished\"");
    QVERIFY2(unfinished == 0, qPrintable(QStringLiteral("%1 unfinished in %2").arg(unfinished).arg(ts.fileName())));
  }

  void englishPlurals() {
    QCOMPARE(QCoreApplication::translate("dragoman::ui::MainWindow", "Finished: %n segment(s)", nullptr, 1),
             QStringLiteral("Finished: 1 segment(s)")); // no translation loaded: the source
    QVERIFY(installTranslations(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("dragoman::ui::MainWindow", "Finished: %n segment(s)", nullptr, 1),
             QStringLiteral("Finished: 1 segment"));
    QCOMPARE(QCoreApplication::translate("dragoman::ui::MainWindow", "Finished: %n segment(s)", nullptr, 3),
             QStringLiteral("Finished: 3 segments"));
  }

  void languageChoice() {
    QCOMPARE(resolveLanguage(QStringLiteral("fr")), QStringLiteral("fr"));
    QCOMPARE(resolveLanguage(QStringLiteral("tlh")), QStringLiteral("en")); // no interface in Klingon
    QVERIFY(interfaceLanguages().contains(resolveLanguage(QStringLiteral("system"))));
    QVERIFY(!installTranslations(QStringLiteral("tlh")));
    QCOMPARE(languageName(QStringLiteral("de")), QStringLiteral("Deutsch"));
    QCOMPARE(languageName(QStringLiteral("ja")), QStringLiteral("日本語"));
  }

  void themes() {
    const QColor before = QApplication::palette().color(QPalette::Window);
    applyTheme(Theme::Dark);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    applyTheme(Theme::Light);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 180);
    applyTheme(Theme::System);
    QCOMPARE(QApplication::palette().color(QPalette::Window), before);
    QCOMPARE(themeFromName(QStringLiteral("dark")), Theme::Dark);
    QCOMPARE(themeFromName(QStringLiteral("purple")), Theme::System);
  }
};

QTEST_MAIN(TestAppearance)
#include "tst_appearance.moc"
