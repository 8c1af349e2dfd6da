// The live transcript model: provisional text is one row at the end, replaced in place and removed
// when committed; committed rows keep their place and receive their translation; reading mode
// hides the provisional row; every change passes QAbstractItemModelTester.
#include "ui/transcript/transcriptmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace dragoman;
using namespace dragoman::ui;

namespace {

Transcript heard(quint64 id, const QString &text, bool committed, double start = 1.0) {
  Transcript t;
  t.segmentId = id;
  t.startSeconds = start;
  t.endSeconds = start + 1.5;
  t.text = text;
  t.committed = committed;
  return t;
}

Translation translated(quint64 id, const QString &text) {
  Translation t;
  t.segmentId = id;
  t.text = text;
  return t;
}

QString cell(const TranscriptModel &m, int row, int column) { return m.index(row, column).data().toString(); }

} // namespace

class TestTranscriptModel : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void partialIsReplacedInPlace() {
    TranscriptModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
    m.setPartial(heard(1, QStringLiteral("good mor"), false));
    m.setPartial(heard(1, QStringLiteral("good morning every"), false));
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(cell(m, 0, TranscriptModel::SourceColumn), QStringLiteral("good morning every"));
    QVERIFY(m.index(0, 0).data(TranscriptModel::ProvisionalRole).toBool());
    QVERIFY(m.index(0, TranscriptModel::SourceColumn).data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(cell(m, 0, TranscriptModel::TranslationColumn).isEmpty());

    // Committed text goes above the provisional row, which stays last until it is cleared.
    m.commitTranscript(heard(7, QStringLiteral("good morning"), true));
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(cell(m, 0, TranscriptModel::SourceColumn), QStringLiteral("good morning"));
    QVERIFY(!m.index(0, 0).data(TranscriptModel::ProvisionalRole).toBool());
    QVERIFY(m.index(1, 0).data(TranscriptModel::ProvisionalRole).toBool());
    m.setPartial(heard(1, QString(), false));
    QCOMPARE(m.rowCount(), 1);
    QVERIFY(!m.hasPartial());
    m.setPartial(heard(1, QString(), false)); // nothing to remove
    QCOMPARE(m.rowCount(), 1);
  }

  void translationsAndResultsFillTheirRow() {
    TranscriptModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.commitTranscript(heard(1, QStringLiteral("one"), true, 0.0));
    m.commitTranscript(heard(2, QStringLiteral("two"), true, 62.34));
    m.setTranslation(translated(1, QStringLiteral("uno")));
    QCOMPARE(cell(m, 0, TranscriptModel::TranslationColumn), QStringLiteral("uno"));
    QVERIFY(cell(m, 1, TranscriptModel::TranslationColumn).isEmpty());
    QCOMPARE(cell(m, 1, TranscriptModel::TimeColumn), QStringLiteral("01:02.3"));

    SegmentResult failed;
    failed.segmentId = 2;
    failed.sourceText = QStringLiteral("two");
    failed.error = QStringLiteral("translation: timed out");
    failed.echoGated = true;
    failed.confidence = 0.42;
    m.finishSegment(failed);
    QCOMPARE(m.rowCount(), 2);
    QVERIFY(cell(m, 1, TranscriptModel::TranslationColumn).contains(QLatin1String("timed out")));
    const QString tip = m.index(1, 1).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("42%")) && tip.contains(QLatin1String("echo gate")), qPrintable(tip));

    // A result nothing announced (a failed recognition) still gets its row.
    SegmentResult lone;
    lone.segmentId = 9;
    lone.error = QStringLiteral("asr failed");
    m.finishSegment(lone);
    QCOMPARE(m.rowCount(), 3);
    QCOMPARE(m.index(2, 0).data(TranscriptModel::SegmentIdRole).toULongLong(), 9ULL);
  }

  // A provisional translation fills the provisional row of its sentence; the sentence's own
  // translation goes to the committed row; a provisional one that comes too late is not shown.
  void provisionalTranslationsFillTheProvisionalRow() {
    TranscriptModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.setPartial(heard(3, QStringLiteral("good morning every"), false));
    Translation early = translated(3, QStringLiteral("buenos días"));
    early.provisional = true;
    m.setTranslation(early);
    QCOMPARE(m.rowCount(), 1);
    QCOMPARE(cell(m, 0, TranscriptModel::TranslationColumn), QStringLiteral("buenos días"));
    QVERIFY(m.index(0, TranscriptModel::TranslationColumn).data(TranscriptModel::ProvisionalRole).toBool());
    m.setPartial(heard(3, QStringLiteral("good morning everyone and"), false)); // same sentence: kept
    QCOMPARE(cell(m, 0, TranscriptModel::TranslationColumn), QStringLiteral("buenos días"));

    m.commitTranscript(heard(3, QStringLiteral("good morning everyone."), true));
    m.setPartial(heard(4, QStringLiteral("and"), false)); // the next sentence: its own translation, none yet
    QCOMPARE(m.rowCount(), 2);
    QVERIFY(cell(m, 1, TranscriptModel::TranslationColumn).isEmpty());
    m.setTranslation(early); // too late for the row it was meant for
    QVERIFY(cell(m, 0, TranscriptModel::TranslationColumn).isEmpty());
    QVERIFY(cell(m, 1, TranscriptModel::TranslationColumn).isEmpty());
    m.setTranslation(translated(3, QStringLiteral("buenos días a todos.")));
    QCOMPARE(cell(m, 0, TranscriptModel::TranslationColumn), QStringLiteral("buenos días a todos."));
    QCOMPARE(m.rowCount(), 2);
  }

  void readingModeHidesProvisionalText() {
    TranscriptModel m;
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    m.commitTranscript(heard(1, QStringLiteral("kept"), true));
    m.setPartial(heard(2, QStringLiteral("maybe"), false));
    QCOMPARE(m.rowCount(), 2);
    m.setReadingMode(true);
    QCOMPARE(m.rowCount(), 1);
    m.setPartial(heard(2, QStringLiteral("maybe not"), false)); // kept, not shown
    QCOMPARE(m.rowCount(), 1);
    m.setReadingMode(false);
    QCOMPARE(m.rowCount(), 2);
    QCOMPARE(cell(m, 1, TranscriptModel::SourceColumn), QStringLiteral("maybe not"));
    m.setReadingMode(true);
    m.setPartial(heard(2, QString(), false));
    m.setReadingMode(false);
    QCOMPARE(m.rowCount(), 1);
  }

  void copiesAsText() {
    TranscriptModel m;
    m.commitTranscript(heard(1, QStringLiteral("hello"), true, 0.0));
    m.setTranslation(translated(1, QStringLiteral("hola")));
    m.commitTranscript(heard(2, QStringLiteral("world"), true, 2.0));
    m.setPartial(heard(3, QStringLiteral("and"), false, 4.0));
    QCOMPARE(m.text(), QStringLiteral("[00:00.0] hello\n  → hola\n[00:02.0] world\n[00:04.0] and"));
    QCOMPARE(m.text({m.index(1, 2), m.index(1, 0)}), QStringLiteral("[00:02.0] world"));
    m.clear();
    QCOMPARE(m.rowCount(), 0);
    QVERIFY(m.text().isEmpty());
  }
};

QTEST_MAIN(TestTranscriptModel)
#include "tst_transcriptmodel.moc"
