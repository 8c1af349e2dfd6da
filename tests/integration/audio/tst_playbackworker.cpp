// PlaybackWorker on the virtual speaker: the pieces of a streamed segment play as they are queued,
// the finished segment is reported once with the time its first piece was heard and is not played
// again, a plain segment follows; skipping drops the rest of a streamed segment's pieces; a
// silent worker (a call's "speak their words to me" off) plays nothing and still reports each;
// catching up plays speech faster while a later segment's waits behind it, and alone at its own
// pace.

#include "core/audio/playbackstream.h"
#include "core/audio/playbackworker.h"
#include "tests/integration/audio/audiorig.h"

#include <QTest>

#include <atomic>

#include <mutex>
#include <thread>

using namespace dragoman;

namespace {

constexpr int kRate = 16000;

SynthAudio piece(quint64 segment, int index, double seconds) {
  return SynthAudio{segment, index, AudioBuffer(test::live::sine(kRate, seconds, 300.0 + 100.0 * index), kRate)};
}

SegmentResult segment(quint64 id, double speechSeconds) {
  SegmentResult r;
  r.segmentId = id;
  r.speech = AudioBuffer(test::live::sine(kRate, speechSeconds, 440.0), kRate);
  return r;
}

double secondsBetween(TimePoint a, TimePoint b) { return std::chrono::duration<double>(b - a).count(); }

} // namespace

class TestPlaybackWorker : public QObject {
  Q_OBJECT
  test::live::AudioRig m_audio;
  std::unique_ptr<audio::PlaybackStream> m_playback;

private Q_SLOTS:
  void initTestCase() {
    QString why;
    if (!m_audio.start(&why))
      QSKIP(qPrintable(why));
    audio::StreamParams params;
    params.device = m_audio.output();
    auto playback = audio::PlaybackStream::open(params);
    QVERIFY2(playback.ok(), qPrintable(playback.ok() ? QString() : playback.error().message));
    m_playback = std::move(*playback);
    QVERIFY(m_playback->start().ok());
  }

  void streamedPiecesThenAPlainSegment() {
    std::mutex mutex;
    std::vector<SegmentResult> started;
    audio::PlaybackWorker worker(*m_playback, [&](const SegmentResult &r) {
      const std::lock_guard<std::mutex> lock(mutex);
      started.push_back(r);
    });
    const quint64 before = m_playback->framesPlayed();
    for (int i = 0; i < 3; ++i)
      QVERIFY(worker.enqueuePiece(piece(1, i, 0.3)));
    QVERIFY(worker.enqueueStreamed(segment(1, 0.9))); // its speech: the pieces, not played again
    QVERIFY(worker.enqueue(segment(2, 0.3)));
    // What a file's feeder paces itself on: the pieces and the plain segment, not the streamed one.
    QVERIFY2(qAbs(worker.queuedSeconds() - 1.2) < 0.01, qPrintable(QString::number(worker.queuedSeconds())));
    std::thread player([&] { worker.run(); });
    worker.finish();
    player.join();
    QCOMPARE(worker.queuedSeconds(), 0.0);
    QCOMPARE(started.size(), std::size_t(2));
    QCOMPARE(started[0].segmentId, quint64(1));
    QCOMPARE(started[1].segmentId, quint64(2));
    QVERIFY(started[0].times.playbackStart != TimePoint{});
    // Segment 2 is heard after segment 1's three pieces (0.9 s), not after them and a replay (1.8 s).
    const double gap = secondsBetween(started[0].times.playbackStart, started[1].times.playbackStart);
    QVERIFY2(gap > 0.75 && gap < 1.3, qPrintable(QString::number(gap)));
    QCOMPARE(worker.played(), quint64(2));
    const double playedSeconds = double(m_playback->framesPlayed() - before) / m_playback->sampleRate();
    QVERIFY2(playedSeconds > 1.1 && playedSeconds < 1.6, qPrintable(QString::number(playedSeconds)));
  }

  void skipDropsTheRestOfAStreamedSegment() {
    std::atomic_int reported{0};
    audio::PlaybackWorker worker(*m_playback, [&](const SegmentResult &) { ++reported; });
    const quint64 before = m_playback->framesPlayed();
    std::thread player([&] { worker.run(); });
    // Longer than the stream's ring, so that the worker is still writing when skip() comes.
    for (int i = 0; i < 4; ++i)
      QVERIFY(worker.enqueuePiece(piece(7, i, 3.0)));
    QVERIFY(worker.enqueueStreamed(segment(7, 12.0)));
    QTest::qWait(400);
    worker.skip();
    worker.finish();
    player.join();
    QCOMPARE(reported.load(), 1); // still reported
    QCOMPARE(worker.queuedSeconds(), 0.0); // skipped speech is no longer queued
    const double playedSeconds = double(m_playback->framesPlayed() - before) / m_playback->sampleRate();
    QVERIFY2(playedSeconds < 2.0, qPrintable(QString::number(playedSeconds)));
  }

  void catchingUpPlaysTheQueueFaster() {
    std::mutex mutex;
    std::vector<SegmentResult> started;
    audio::PlaybackWorker worker(*m_playback, [&](const SegmentResult &r) {
      const std::lock_guard<std::mutex> lock(mutex);
      started.push_back(r);
    });
    worker.setCatchUp(1.5);
    // Three segments of a second queued: the last would wait 3 s, so the first plays 1.5 times as
    // fast, slowing to 1.375 as that wait shrinks to 2 s; the second from 1.375 to 1.125; the last
    // at its own pace: 2.49 s in all.
    const quint64 before = m_playback->framesPlayed();
    for (quint64 id = 1; id <= 3; ++id)
      QVERIFY(worker.enqueue(segment(id, 1.0)));
    std::thread player([&] { worker.run(); });
    worker.finish();
    player.join();
    QCOMPARE(started.size(), std::size_t(3));
    const double playedSeconds = double(m_playback->framesPlayed() - before) / m_playback->sampleRate();
    QVERIFY2(playedSeconds > 2.35 && playedSeconds < 2.65, qPrintable(QString::number(playedSeconds)));
    const double first = secondsBetween(started[0].times.playbackStart, started[1].times.playbackStart);
    const double second = secondsBetween(started[1].times.playbackStart, started[2].times.playbackStart);
    QVERIFY2(first > 0.6 && first < 0.78, qPrintable(QString::number(first)));
    QVERIFY2(second > 0.72 && second < 0.9, qPrintable(QString::number(second)));

    // Nothing of a later segment behind it (its own sentences are no reason to hurry): its own pace.
    const quint64 alone = m_playback->framesPlayed();
    audio::PlaybackWorker single(*m_playback, [](const SegmentResult &) {});
    single.setCatchUp(1.5);
    QVERIFY(single.enqueuePiece(piece(4, 0, 0.75)));
    QVERIFY(single.enqueuePiece(piece(4, 1, 0.75)));
    QVERIFY(single.enqueueStreamed(segment(4, 1.5)));
    std::thread singlePlayer([&] { single.run(); });
    single.finish();
    singlePlayer.join();
    const double aloneSeconds = double(m_playback->framesPlayed() - alone) / m_playback->sampleRate();
    QVERIFY2(aloneSeconds > 1.45 && aloneSeconds < 1.6, qPrintable(QString::number(aloneSeconds)));

    // The same, while the speaker is talking again (more is on its way): the full rate at once.
    const quint64 talking = m_playback->framesPlayed();
    audio::PlaybackWorker ahead(*m_playback, [](const SegmentResult &) {});
    ahead.setCatchUp(1.5);
    std::atomic_bool open{true};
    ahead.setMoreComing([&open] { return open.load(); });
    QVERIFY(ahead.enqueuePiece(piece(5, 0, 0.75)));
    QVERIFY(ahead.enqueuePiece(piece(5, 1, 0.75)));
    QVERIFY(ahead.enqueueStreamed(segment(5, 1.5)));
    std::thread aheadPlayer([&] { ahead.run(); });
    ahead.finish();
    aheadPlayer.join();
    const double talkingSeconds = double(m_playback->framesPlayed() - talking) / m_playback->sampleRate();
    QVERIFY2(talkingSeconds > 0.95 && talkingSeconds < 1.1, qPrintable(QString::number(talkingSeconds)));
  }

  // Keeping up: a streamed segment of 4 s plays, and 0.5 s in the next segment's speech is queued;
  // with a wait of at most 1 s the rest of the first (and its piece still queued) is dropped, and
  // the next is heard within the wait, not 3.5 s later. Without a limit it waits its turn.
  void keepingUpCutsWhatPlays() {
    for (const double maxWait : {1.0, 0.0}) {
      std::mutex mutex;
      std::vector<SegmentResult> started;
      audio::PlaybackWorker worker(*m_playback, [&](const SegmentResult &r) {
        const std::lock_guard<std::mutex> lock(mutex);
        started.push_back(r);
      });
      worker.setMaxWait(maxWait);
      const quint64 before = m_playback->framesPlayed();
      std::thread player([&] { worker.run(); });
      QVERIFY(worker.enqueuePiece(piece(1, 0, 2.0)));
      QVERIFY(worker.enqueuePiece(piece(1, 1, 2.0)));
      QVERIFY(worker.enqueueStreamed(segment(1, 4.0)));
      QTest::qWait(500);
      const TimePoint queued = SteadyClock::now();
      QVERIFY(worker.enqueue(segment(2, 0.5)));
      worker.finish();
      player.join();
      QCOMPARE(started.size(), std::size_t(2));
      const double waited = secondsBetween(queued, started[1].times.playbackStart);
      const double playedSeconds = double(m_playback->framesPlayed() - before) / m_playback->sampleRate();
      if (maxWait > 0) {
        QVERIFY2(waited > 0.75 && waited < 1.25, qPrintable(QString::number(waited)));
        QVERIFY2(playedSeconds > 1.8 && playedSeconds < 2.2, qPrintable(QString::number(playedSeconds)));
        QCOMPARE(worker.cutShort(), quint64(1));
      } else {
        QVERIFY2(waited > 3.2 && waited < 3.8, qPrintable(QString::number(waited)));
        QVERIFY2(playedSeconds > 4.4 && playedSeconds < 4.65, qPrintable(QString::number(playedSeconds)));
        QCOMPARE(worker.cutShort(), quint64(0));
      }
    }
  }

  void silentPlaysNothingAndStillReports() {
    std::mutex mutex;
    std::vector<SegmentResult> reported;
    audio::PlaybackWorker worker(*m_playback, [&](const SegmentResult &r) {
      const std::lock_guard<std::mutex> lock(mutex);
      reported.push_back(r);
    });
    std::thread player([&] { worker.run(); });
    // Speaking: the first piece of a long segment starts to play.
    QVERIFY(worker.enqueuePiece(piece(3, 0, 3.0)));
    QTest::qWait(300);
    const quint64 before = m_playback->framesPlayed();
    worker.setSilent(true); // stops what plays at once
    QVERIFY(worker.isSilent());
    QVERIFY(worker.enqueuePiece(piece(3, 1, 3.0)));
    QVERIFY(worker.enqueueStreamed(segment(3, 6.0)));
    QVERIFY(worker.enqueue(segment(4, 2.0)));
    QTRY_COMPARE_WITH_TIMEOUT(worker.queuedSeconds(), 0.0, 3000);
    QTest::qWait(300); // what the device had buffered drains
    const double playedSilent = double(m_playback->framesPlayed() - before) / m_playback->sampleRate();
    QVERIFY2(playedSilent < 0.6, qPrintable(QString::number(playedSilent)));
    // Speaking again: the next segment plays.
    worker.setSilent(false);
    QVERIFY(worker.enqueue(segment(5, 0.5)));
    worker.finish();
    player.join();
    QCOMPARE(reported.size(), std::size_t(3));
    QCOMPARE(reported[0].segmentId, quint64(3));
    QCOMPARE(reported[1].segmentId, quint64(4));
    QVERIFY(reported[1].times.playbackStart == TimePoint{}); // not heard
    QCOMPARE(reported[2].segmentId, quint64(5));
    QVERIFY(reported[2].times.playbackStart != TimePoint{});
  }
};

QTEST_GUILESS_MAIN(TestPlaybackWorker)
#include "tst_playbackworker.moc"
