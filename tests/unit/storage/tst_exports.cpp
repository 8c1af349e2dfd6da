// Session exports: SRT and WebVTT cues with valid timing syntax, each side of the text, CSV columns
// and quoting, JSON that parses with every segment field.
#include "core/storage/exports.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace dragoman;
using namespace dragoman::storage;

namespace {

SessionSummary session() {
  SessionSummary s;
  s.id = 7;
  s.info.uuid = QStringLiteral("u-7");
  s.info.kind = QStringLiteral("live");
  s.info.state = SessionState::Finished;
  s.info.startedMs = 1795000000000;
  s.info.endedMs = 1795000090000;
  s.info.sourceLanguage = QStringLiteral("en");
  s.info.targetLanguage = QStringLiteral("fr");
  s.info.engines = QStringLiteral("[{\"stage\":\"asr\",\"engine\":\"whisper\"}]");
  return s;
}

std::vector<StoredSegment> segments() {
  StoredSegment a;
  a.segment = 1;
  a.startSeconds = 0.12;
  a.endSeconds = 2.5;
  a.sourceText = QStringLiteral("Hello, \"world\"");
  a.translation = QStringLiteral("Bonjour, « monde »");
  a.times.asrDone = 2900.5;
  a.confidence = 0.8125;
  a.flags = SegmentEchoGated | SegmentLoopSuppressed;
  StoredSegment b; // recognised, translation failed
  b.segment = 2;
  b.startSeconds = 3661.001;
  b.endSeconds = 3662.0;
  b.sourceText = QStringLiteral("line one\nline two");
  b.flags = SegmentFailed;
  b.error = QStringLiteral("translation: timed out");
  return {a, b};
}

const QRegularExpression kSrtCue(QStringLiteral("^(\\d+)\\n(\\d\\d:\\d\\d:\\d\\d,\\d\\d\\d) --> (\\d\\d:\\d\\d:\\d\\d,\\d\\d\\d)\\n(.+)$"),
                                 QRegularExpression::DotMatchesEverythingOption);
const QRegularExpression kVttCue(QStringLiteral("^(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) --> (\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d)\\n(.+)$"),
                                 QRegularExpression::DotMatchesEverythingOption);

} // namespace

class TestExports : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void timestamps() {
    QCOMPARE(captionTimestamp(0.0, QLatin1Char(',')), QStringLiteral("00:00:00,000"));
    QCOMPARE(captionTimestamp(3661.0015, QLatin1Char('.')), QStringLiteral("01:01:01.002"));
    QCOMPARE(captionTimestamp(-1.0, QLatin1Char(',')), QStringLiteral("00:00:00,000"));
  }

  void srtCues() {
    const QString text = QString::fromUtf8(exportSession(session(), segments(), ExportFormat::Srt, ExportSide::Both));
    QVERIFY(text.endsWith(QLatin1String("\n\n")));
    const QStringList cues = text.trimmed().split(QStringLiteral("\n\n"));
    QCOMPARE(cues.size(), 2);
    for (int i = 0; i < cues.size(); ++i) {
      const QRegularExpressionMatch m = kSrtCue.match(cues[i]);
      QVERIFY2(m.hasMatch(), qPrintable(cues[i]));
      QCOMPARE(m.captured(1).toInt(), i + 1);
      QVERIFY(m.captured(2) < m.captured(3));
    }
    QVERIFY(cues[0].endsWith(QStringLiteral("Hello, \"world\"\nBonjour, « monde »")));
    QVERIFY(cues[1].contains(QLatin1String("01:01:01,001 --> 01:01:02,000")));
  }

  void vttSkipsSegmentsWithoutTheSide() {
    const QString text = QString::fromUtf8(exportSession(session(), segments(), ExportFormat::Vtt, ExportSide::Translation));
    QVERIFY(text.startsWith(QLatin1String("WEBVTT\n\n")));
    const QStringList cues = text.mid(8).trimmed().split(QStringLiteral("\n\n"));
    QCOMPARE(cues.size(), 1); // the second segment has no translation
    const QRegularExpressionMatch m = kVttCue.match(cues[0]);
    QVERIFY2(m.hasMatch(), qPrintable(cues[0]));
    QCOMPARE(m.captured(3), QStringLiteral("Bonjour, « monde »"));
    const QString source = QString::fromUtf8(exportSession(session(), segments(), ExportFormat::Vtt, ExportSide::Source));
    QVERIFY(source.contains(QLatin1String("line one\nline two")));
  }

  void csvColumnsAndQuoting() {
    const QByteArray csv = exportSession(session(), segments(), ExportFormat::Csv, ExportSide::Both);
    const QList<QByteArray> lines = csv.split('\n');
    QCOMPARE(lines[0], QByteArray("segment,start_s,end_s,source,translation,confidence,flags\r"));
    QCOMPARE(lines[1], QByteArray("1,0.120,2.500,\"Hello, \"\"world\"\"\",\"Bonjour, « monde »\",0.813,echo-gated;loop-cut\r"));
    QVERIFY(csv.contains("2,3661.001,3662.000,\"line one\nline two\",,,failed\r\n"));
  }

  void jsonHasEverything() {
    const QJsonObject root = QJsonDocument::fromJson(exportSession(session(), segments(), ExportFormat::Json, ExportSide::Both)).object();
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("dragoman.session"));
    const QJsonObject s = root.value(QStringLiteral("session")).toObject();
    QCOMPARE(s.value(QStringLiteral("state")).toString(), QStringLiteral("finished"));
    QCOMPARE(s.value(QStringLiteral("engines")).toArray().size(), 1);
    const QJsonArray segs = root.value(QStringLiteral("segments")).toArray();
    QCOMPARE(segs.size(), 2);
    const QJsonObject a = segs[0].toObject();
    QCOMPARE(a.value(QStringLiteral("translation")).toString(), QStringLiteral("Bonjour, « monde »"));
    QCOMPARE(a.value(QStringLiteral("times_ms")).toObject().value(QStringLiteral("asr_done")).toDouble(), 2900.5);
    QVERIFY(a.value(QStringLiteral("times_ms")).toObject().value(QStringLiteral("mt_done")).isNull());
    QCOMPARE(a.value(QStringLiteral("confidence")).toDouble(), 0.8125);
    QCOMPARE(a.value(QStringLiteral("flags")).toInt(), SegmentEchoGated | SegmentLoopSuppressed);
    QCOMPARE(a.value(QStringLiteral("flag_names")).toArray(), QJsonArray({QStringLiteral("echo-gated"), QStringLiteral("loop-cut")}));
    const QJsonObject b = segs[1].toObject();
    QCOMPARE(b.value(QStringLiteral("error")).toString(), QStringLiteral("translation: timed out"));
    QVERIFY(b.value(QStringLiteral("confidence")).isNull());
    QCOMPARE(b.value(QStringLiteral("flag_names")).toArray(), QJsonArray({QStringLiteral("failed")}));
  }

  void textMarksFlags() {
    const QStringList lines =
        QString::fromUtf8(exportSession(session(), segments(), ExportFormat::Txt, ExportSide::Source)).split(QLatin1Char('\n'));
    QCOMPARE(lines[0], QStringLiteral("[00:00.1 → 00:02.5] Hello, \"world\"  (echo-gated, loop-cut)"));
    QCOMPARE(lines[1], QStringLiteral("[61:01.0 → 61:02.0] line one / line two  (failed)"));
  }

  // A call's exports say whose speech each line was.
  void callDirectionsAreNamed() {
    std::vector<StoredSegment> call = segments();
    call[0].direction = QStringLiteral("me");
    call[1].direction = QStringLiteral("them");
    const QByteArray csv = exportSession(session(), call, ExportFormat::Csv, ExportSide::Both);
    QVERIFY(csv.startsWith("segment,start_s,end_s,source,translation,confidence,flags,direction\r\n"));
    QVERIFY2(csv.contains(",0.813,echo-gated;loop-cut,me\r\n"), csv.constData());
    QVERIFY2(csv.contains(",,,failed,them\r\n"), csv.constData());
    const QString vtt = QString::fromUtf8(exportSession(session(), call, ExportFormat::Vtt, ExportSide::Source));
    QVERIFY2(vtt.contains(QStringLiteral("\n<v me>Hello, \"world\"\n")), qPrintable(vtt));
    QVERIFY2(vtt.contains(QStringLiteral("\n<v them>line one\nline two\n")), qPrintable(vtt));
    const QString srt = QString::fromUtf8(exportSession(session(), call, ExportFormat::Srt, ExportSide::Translation));
    QVERIFY2(srt.contains(QStringLiteral("\nme: Bonjour, « monde »\n")), qPrintable(srt));
    const QStringList txt =
        QString::fromUtf8(exportSession(session(), call, ExportFormat::Txt, ExportSide::Source)).split(QLatin1Char('\n'));
    QCOMPARE(txt[1], QStringLiteral("[61:01.0 → 61:02.0] them: line one / line two  (failed)"));
    const QJsonArray segs =
        QJsonDocument::fromJson(exportSession(session(), call, ExportFormat::Json, ExportSide::Both)).object().value(QStringLiteral("segments")).toArray();
    QCOMPARE(segs[0].toObject().value(QStringLiteral("direction")).toString(), QStringLiteral("me"));
    QCOMPARE(segs[1].toObject().value(QStringLiteral("direction")).toString(), QStringLiteral("them"));
    // One direction: no column, no voice, no prefix.
    QVERIFY(!exportSession(session(), segments(), ExportFormat::Csv, ExportSide::Both).contains("direction"));
    QVERIFY(!QJsonDocument::fromJson(exportSession(session(), segments(), ExportFormat::Json, ExportSide::Both))
                 .object().value(QStringLiteral("segments")).toArray()[0].toObject().contains(QStringLiteral("direction")));
  }

  void names() {
    QCOMPARE(exportFormatFromName(QStringLiteral("VTT")), std::optional<ExportFormat>(ExportFormat::Vtt));
    QVERIFY(!exportFormatFromName(QStringLiteral("docx")));
    QCOMPARE(exportSideFromName(QStringLiteral("both")), std::optional<ExportSide>(ExportSide::Both));
    QVERIFY(!exportSideFromName(QStringLiteral("left")));
  }
};

QTEST_GUILESS_MAIN(TestExports)
#include "tst_exports.moc"
