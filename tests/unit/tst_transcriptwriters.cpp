#include "app/headless/transcriptwriters.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;

namespace {

SegmentResult result(quint64 id, double start, double end, const QString &src, const QString &dst, std::size_t speech) {
  SegmentResult r;
  r.segmentId = id;
  r.startSeconds = start;
  r.endSeconds = end;
  r.sourceText = src;
  r.translation = dst;
  r.speech = AudioBuffer(std::vector<float>(speech, 0.25f), 1000);
  const TimePoint t0 = SteadyClock::now();
  r.times.captureStart = r.times.captureEnd = t0;
  r.times.asrStart = t0 + std::chrono::milliseconds(5);
  r.times.asrDone = t0 + std::chrono::milliseconds(105);
  r.times.mtStart = t0 + std::chrono::milliseconds(105);
  r.times.mtDone = t0 + std::chrono::milliseconds(125);
  r.times.ttsStart = t0 + std::chrono::milliseconds(130);
  r.times.ttsDone = t0 + std::chrono::milliseconds(180);
  return r;
}

} // namespace

class TestTranscriptWriters : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void srtTimestamps() {
    QCOMPARE(srtTimestamp(0.0), QStringLiteral("00:00:00,000"));
    QCOMPARE(srtTimestamp(3661.5), QStringLiteral("01:01:01,500"));
    QCOMPARE(srtTimestamp(-1.0), QStringLiteral("00:00:00,000"));
  }

  void srtSkipsEmptyTranslations() {
    TranslationJob job;
    job.segments = {result(1, 0.5, 1.25, QStringLiteral("hi"), QStringLiteral("hola"), 0),
                    result(2, 2, 3, QString(), QString(), 0),
                    result(3, 4, 5, QStringLiteral("bye"), QStringLiteral("adiós"), 0)};
    QCOMPARE(jobToSrt(job), QStringLiteral("1\n00:00:00,500 --> 00:00:01,250\nhola\n\n"
                                           "2\n00:00:04,000 --> 00:00:05,000\nadiós\n\n"));
  }

  void jsonHasSegmentsAndTimings() {
    TranslationJob job;
    job.input = QStringLiteral("in.wav");
    job.sourceLanguage = QStringLiteral("en");
    job.targetLanguage = QStringLiteral("es");
    job.asrEngine = QStringLiteral("pocketsphinx");
    job.segments = {result(1, 0.5, 1.25, QStringLiteral("hi"), QStringLiteral("hola"), 10)};
    const QJsonObject o = jobToJson(job);
    const QJsonArray segments = o.value(QStringLiteral("segments")).toArray();
    QCOMPARE(segments.size(), 1);
    const QJsonObject s = segments.at(0).toObject();
    QCOMPARE(s.value(QStringLiteral("start")).toDouble(), 0.5);
    QCOMPARE(s.value(QStringLiteral("end")).toDouble(), 1.25);
    QCOMPARE(s.value(QStringLiteral("source")).toString(), QStringLiteral("hi"));
    QCOMPARE(s.value(QStringLiteral("translation")).toString(), QStringLiteral("hola"));
    const QJsonObject t = s.value(QStringLiteral("timings")).toObject();
    QCOMPARE(t.value(QStringLiteral("asr_ms")).toDouble(), 100.0);
    QCOMPARE(t.value(QStringLiteral("mt_ms")).toDouble(), 20.0);
    QCOMPARE(t.value(QStringLiteral("tts_wait_ms")).toDouble(), 5.0);
    QCOMPARE(t.value(QStringLiteral("total_ms")).toDouble(), 180.0);
    QVERIFY(!o.value(QStringLiteral("engines")).toObject().contains(QStringLiteral("tts")));
  }

  void speechTrackFollowsSourceTiming() {
    // 1 kHz "speech": segment 1 at 0.5 s lasts 1 s; segment 2 would start at 1.0 s but must wait.
    QList<SegmentResult> segments{result(1, 0.5, 1.0, QStringLiteral("a"), QStringLiteral("a"), 1000),
                                  result(2, 1.0, 2.0, QStringLiteral("b"), QStringLiteral("b"), 500),
                                  result(3, 4.0, 5.0, QStringLiteral("c"), QStringLiteral("c"), 100)};
    Result<AudioBuffer> track = assembleSpeechTrack(segments);
    QVERIFY(track.ok());
    QCOMPARE(track->sampleRate(), 1000);
    QCOMPARE(track->size(), std::size_t(4100));
    QCOMPARE(track->samples()[499], 0.0f);
    QCOMPARE(track->samples()[500], 0.25f);
    QCOMPARE(track->samples()[1999], 0.25f); // segment 2 right after segment 1
    QCOMPARE(track->samples()[2000], 0.0f);
    QCOMPARE(track->samples()[4000], 0.25f);
  }

  void atomicWriteLeavesNoPartialFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("out.json"));
    QVERIFY(writeTextFileAtomically(path, "{}").ok());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("{}"));
    const Status bad = writeTextFileAtomically(dir.filePath(QStringLiteral("missing/out.json")), "{}");
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().kind, ErrorKind::Output);
  }
};

QTEST_GUILESS_MAIN(TestTranscriptWriters)
#include "tst_transcriptwriters.moc"
