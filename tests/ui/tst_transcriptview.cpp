// The transcript view: it follows new rows until the user scrolls up, then offers a way back;
// copy puts the selected rows (or all) on the clipboard; the text size and the stacked layout apply.
#include "ui/transcript/transcriptmodel.h"
#include "ui/transcript/transcriptview.h"

#include <QApplication>
#include <QClipboard>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace dragoman;
using namespace dragoman::ui;

namespace {

void addRows(TranscriptModel &m, int from, int count) {
  for (int i = from; i < from + count; ++i) {
    Transcript t;
    t.segmentId = quint64(i);
    t.startSeconds = i;
    t.text = QStringLiteral("sentence number %1").arg(i);
    m.commitTranscript(t);
    Translation tr;
    tr.segmentId = quint64(i);
    tr.text = QStringLiteral("frase número %1").arg(i);
    m.setTranslation(tr);
  }
}

} // namespace

class TestTranscriptView : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void followsUntilScrolledAway() {
    TranscriptModel m;
    TranscriptView v(&m);
    v.resize(600, 300);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    QScrollBar *bar = v.table()->verticalScrollBar();
    addRows(m, 1, 60);
    QApplication::processEvents();
    QVERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(v.isFollowing());

    QSignalSpy following(&v, &TranscriptView::followingChanged);
    bar->setValue(0); // the user reads back
    QVERIFY(!v.isFollowing());
    QCOMPARE(following.count(), 1);
    auto *latest = v.findChild<QPushButton *>(QStringLiteral("jumpToLatest"));
    QVERIFY(latest && latest->isVisibleTo(&v));
    addRows(m, 61, 5);
    QApplication::processEvents();
    QCOMPARE(bar->value(), 0); // not pulled away from what they read

    latest->click();
    QVERIFY(v.isFollowing());
    QVERIFY(!latest->isVisibleTo(&v));
    addRows(m, 66, 5);
    QApplication::processEvents();
    QTRY_COMPARE(bar->value(), bar->maximum());
  }

  void copiesSelectionOrAll() {
    TranscriptModel m;
    TranscriptView v(&m);
    addRows(m, 1, 3);
    v.copy();
    QCOMPARE(QApplication::clipboard()->text(), m.text());
    v.table()->selectRow(1);
    QCOMPARE(v.selectedText(), QStringLiteral("[00:02.0] sentence number 2\n  → frase número 2"));
    v.copy();
    QCOMPARE(QApplication::clipboard()->text(), v.selectedText());
  }

  void fontLayoutAndReadingMode() {
    TranscriptModel m;
    TranscriptView v(&m);
    v.setFontPointSize(17);
    QCOMPARE(v.fontPointSize(), 17);
    QCOMPARE(v.table()->font().pointSize(), 17);
    v.setLayoutMode(TranscriptView::Layout::Stacked);
    QVERIFY(v.table()->isColumnHidden(TranscriptModel::TranslationColumn));
    v.setLayoutMode(TranscriptView::Layout::SideBySide);
    QVERIFY(!v.table()->isColumnHidden(TranscriptModel::TranslationColumn));
    Transcript partial;
    partial.text = QStringLiteral("still talking");
    partial.committed = false;
    m.setPartial(partial);
    QCOMPARE(m.rowCount(), 1);
    v.setReadingMode(true);
    QCOMPARE(m.rowCount(), 0);
    QVERIFY(m.readingMode());
  }
};

QTEST_MAIN(TestTranscriptView)
#include "tst_transcriptview.moc"
