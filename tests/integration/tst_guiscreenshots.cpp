// `dragoman gui --demo FILE --screenshot DIR` with the offscreen platform: the real binary runs the
// pipeline on FILE, saves every page of the main window as a PNG in DIR (kept under the build tree
// as CI artefacts) and exits 0; the pictures are real renderings, not blank; mistakes are named.
#include "tests/support/processrunner.h"
#include "tests/support/testpaths.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman::test;

namespace {

QProcessEnvironment offscreen(const QString &home) {
  QProcessEnvironment env = isolatedEnvironment(home);
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  return env;
}

int distinctColours(const QImage &image) {
  QSet<QRgb> colours;
  for (int y = 0; y < image.height(); y += 3)
    for (int x = 0; x < image.width(); x += 3)
      colours.insert(image.pixel(x, y));
  return int(colours.size());
}

} // namespace

class TestGuiScreenshots : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void demoSavesEveryPage() {
    DRAGOMAN_REQUIRE_SHARED(clip, "data/speech/jfk.flac");
    QTemporaryDir home;
    const QString dir = QStringLiteral(DRAGOMAN_SCREENSHOT_DIR);
    QDir(dir).removeRecursively();
    const ProcessResult run = runDragoman({QStringLiteral("gui"), QStringLiteral("--demo"), clip, QStringLiteral("--screenshot"), dir},
                                          offscreen(home.path()));
    QVERIFY2(run.exitCode == 0 && !run.crashed, qPrintable(run.err));
    const QStringList written = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(written.size() >= 7, qPrintable(run.out));
    for (const char *page : {"transcriptView", "memoryChart", "profilerDashboard", "historyView", "engineView", "modelsPage", "settingsPage"})
      QVERIFY2(written.contains(QDir(dir).filePath(QLatin1String(page) + QStringLiteral(".png"))), qPrintable(run.out));
    QSet<qint64> sizes;
    for (const QString &path : written) {
      const QImage image(path);
      QVERIFY2(!image.isNull(), qPrintable(path));
      QVERIFY(image.width() >= 800 && image.height() >= 500);
      const int colours = distinctColours(image);
      QVERIFY2(colours >= 20, qPrintable(QStringLiteral("%1: %2 colours").arg(path).arg(colours)));
      sizes.insert(QFileInfo(path).size());
      qInfo("%s: %dx%d, %d colours", qPrintable(QFileInfo(path).fileName()), image.width(), image.height(), colours);
    }
    QCOMPARE(int(sizes.size()), int(written.size())); // each page is a different picture
  }

  void mistakesAreNamed() {
    QTemporaryDir home;
    const ProcessResult noDemo =
        runDragoman({QStringLiteral("gui"), QStringLiteral("--screenshot"), home.path()}, offscreen(home.path()));
    QCOMPARE(noDemo.exitCode, 2);
    QVERIFY2(noDemo.err.contains(QLatin1String("--demo")), qPrintable(noDemo.err));
    const QString missing = home.filePath(QStringLiteral("missing.flac"));
    const ProcessResult badFile = runDragoman(
        {QStringLiteral("gui"), QStringLiteral("--demo"), missing, QStringLiteral("--screenshot"), home.filePath(QStringLiteral("shots"))},
        offscreen(home.path()));
    QVERIFY(badFile.exitCode != 0 && !badFile.crashed);
    QVERIFY2(badFile.err.contains(missing), qPrintable(badFile.err));
  }
};

QTEST_GUILESS_MAIN(TestGuiScreenshots)
#include "tst_guiscreenshots.moc"
