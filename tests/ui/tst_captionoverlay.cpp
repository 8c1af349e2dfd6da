// The caption overlay and the banner bar: the overlay shows the last N lines of the chosen side,
// follows the transcript as it changes and is a frameless, always-on-top tool window; banners
// replace each other by key, act and dismiss.
#include "ui/overlay/captionoverlay.h"
#include "ui/transcript/transcriptmodel.h"
#include "ui/widgets/bannerbar.h"

#include <QPushButton>
#include <QTest>

#include <cmath>

using namespace dragoman;
using namespace dragoman::ui;

namespace {

void say(TranscriptModel &m, quint64 id, const QString &source, const QString &translation) {
  Transcript t;
  t.segmentId = id;
  t.text = source;
  m.commitTranscript(t);
  Translation tr;
  tr.segmentId = id;
  tr.text = translation;
  m.setTranslation(tr);
}

} // namespace

class TestCaptionOverlay : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void showsTheLastLines() {
    TranscriptModel m;
    CaptionOverlay o(&m);
    QVERIFY(o.windowFlags() & Qt::WindowStaysOnTopHint);
    QVERIFY(o.windowFlags() & Qt::FramelessWindowHint);
    QVERIFY(o.captionText().isEmpty());
    say(m, 1, QStringLiteral("one"), QStringLiteral("uno"));
    say(m, 2, QStringLiteral("two"), QStringLiteral("dos"));
    say(m, 3, QStringLiteral("three"), QStringLiteral("tres"));
    QCOMPARE(o.captionText(), QStringLiteral("dos\ntres"));
    o.setLines(3);
    QCOMPARE(o.captionText(), QStringLiteral("uno\ndos\ntres"));
    o.setLines(0); // clamped to 1
    QCOMPARE(o.lines(), 1);
    QCOMPARE(o.captionText(), QStringLiteral("tres"));

    // The words still being heard show on the source side only.
    Transcript partial;
    partial.segmentId = 4;
    partial.text = QStringLiteral("and fo");
    partial.committed = false;
    m.setPartial(partial);
    QCOMPARE(o.captionText(), QStringLiteral("tres"));
    o.setSide(CaptionOverlay::Side::Source);
    o.setLines(2);
    QCOMPARE(o.captionText(), QStringLiteral("three\nand fo"));
    auto *label = o.findChild<QWidget *>(QStringLiteral("overlayText"));
    QVERIFY(label);
    o.setWindowOpacity(0.5);
    QVERIFY(std::abs(o.windowOpacity() - 0.5) < 0.01); // stored in 8 bits
    m.clear();
    QVERIFY(o.captionText().isEmpty());
  }

  void bannersByKey() {
    BannerBar bar;
    QVERIFY(bar.isHidden());
    QCOMPARE(bar.count(), 0);
    int acted = 0;
    bar.show(QStringLiteral("history"), BannerBar::Severity::Warning, QStringLiteral("disk full"), QStringLiteral("Retry"),
             [&acted] { ++acted; });
    bar.show(QStringLiteral("device"), BannerBar::Severity::Error, QStringLiteral("microphone lost"));
    QCOMPARE(bar.count(), 2);
    bar.show(QStringLiteral("history"), BannerBar::Severity::Warning, QStringLiteral("still full"), QStringLiteral("Retry"),
             [&acted] { ++acted; });
    QCOMPARE(bar.count(), 2);
    QCOMPARE(bar.text(QStringLiteral("history")), QStringLiteral("still full"));
    auto *history = bar.findChild<QWidget *>(QStringLiteral("banner_history"));
    QVERIFY(history);
    history->findChild<QPushButton *>(QStringLiteral("bannerAction"))->click();
    QCOMPARE(acted, 1);
    QCOMPARE(bar.keys(), QStringList{QStringLiteral("device")});
    bar.show(QStringLiteral("device"), BannerBar::Severity::Error, QString()); // an empty text ends it
    QCOMPARE(bar.count(), 0);
    QVERIFY(bar.isHidden());
  }
};

QTEST_MAIN(TestCaptionOverlay)
#include "tst_captionoverlay.moc"
