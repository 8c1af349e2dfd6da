#include "app/cli/commandline.h"
#include "app/cli/exitcodes.h"

#include <QTest>

using namespace dragoman;
using namespace dragoman::cli;

namespace {
QStringList words(const char *line) { return QString::fromUtf8(line).split(QLatin1Char(' '), Qt::SkipEmptyParts); }
} // namespace

class TestCommandLine : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void noArgumentsMeansGui() {
    Result<Invocation> r = parseCommandLine({});
    QVERIFY(r.ok());
    QVERIFY(r->command.isEmpty());
  }

  void translateWithOptions() {
    Result<Invocation> r = parseCommandLine(
        words("--log-format json translate in.flac --from en -t es --output=out.wav --json out.json -q --set a.b=c"));
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    QCOMPARE(r->command, QStringLiteral("translate"));
    QCOMPARE(r->positional, QStringList{QStringLiteral("in.flac")});
    QCOMPARE(r->value(QStringLiteral("from")), QStringLiteral("en"));
    QCOMPARE(r->value(QStringLiteral("to")), QStringLiteral("es"));
    QCOMPARE(r->value(QStringLiteral("output")), QStringLiteral("out.wav"));
    QCOMPARE(r->value(QStringLiteral("json")), QStringLiteral("out.json"));
    QVERIFY(r->flag(QStringLiteral("quiet")));
    QCOMPARE(r->global.logFormat, QStringLiteral("json"));
    QCOMPARE(r->global.overrides, QStringList{QStringLiteral("a.b=c")});
  }

  void sameOptionNameMeansTheCommandsOne() {
    // --json takes a file for translate, and is a flag for engines.
    Result<Invocation> e = parseCommandLine(words("engines --json"));
    QVERIFY(e.ok());
    QVERIFY(e->flag(QStringLiteral("json")));
    QVERIFY(!parseCommandLine(words("translate x --json")).ok());
  }

  void errors_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("needle");
    QTest::newRow("unknown command") << "translat x" << "unknown command 'translat'";
    QTest::newRow("unknown option") << "translate x --frm en" << "unknown option '--frm' for 'translate'";
    QTest::newRow("missing value") << "translate x --to" << "option --to needs a value";
    QTest::newRow("flag with value") << "engines --json=yes" << "option --json takes no value";
    QTest::newRow("unknown global") << "--nope" << "unknown option '--nope'";
  }
  void errors() {
    QFETCH(QString, line);
    QFETCH(QString, needle);
    Result<Invocation> r = parseCommandLine(line.split(QLatin1Char(' ')));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, ErrorKind::Usage);
    QVERIFY2(r.error().message.contains(needle), qPrintable(r.error().message));
  }

  void helpAndVersion() {
    QVERIFY(parseCommandLine(words("--help"))->help);
    Result<Invocation> h = parseCommandLine(words("translate --help"));
    QVERIFY(h->help);
    QCOMPARE(h->command, QStringLiteral("translate"));
    QCOMPARE(parseCommandLine(words("--version"))->command, QStringLiteral("version"));
  }

  void helpDocumentsEveryCommandAndExitCode() {
    const QString help = helpText();
    for (const QString &c : subcommands())
      QVERIFY2(help.contains(QStringLiteral("dragoman ") + c), qPrintable(c));
    for (int code : {ExitOk, ExitFailure, ExitUsage, ExitConfig, ExitInput, ExitUnsupported, ExitOutput, ExitInterrupted})
      QVERIFY(help.contains(QStringLiteral("  %1 ").arg(code)));
    QVERIFY(helpText(QStringLiteral("translate")).contains(QStringLiteral("--output")));
  }

  void exitCodesPerErrorKind() {
    QCOMPARE(exitCodeFor(ErrorKind::Input), int(ExitInput));
    QCOMPARE(exitCodeFor(ErrorKind::Unsupported), int(ExitUnsupported));
    QCOMPARE(exitCodeFor(ErrorKind::EngineUnavailable), int(ExitUnsupported));
    QCOMPARE(exitCodeFor(ErrorKind::Config), int(ExitConfig));
    QCOMPARE(exitCodeFor(ErrorKind::Cancelled), int(ExitInterrupted));
  }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
