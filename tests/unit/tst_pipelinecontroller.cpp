#include "core/common/threadnames.h"
#include "core/common/threadhost.h"
#include "core/pipeline/pipelinecontroller.h"
#include "core/telemetry/profiler/profiler.h"
#include "tests/support/engineevents.h"
#include "tests/support/fakeengines.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace dragoman;
using namespace dragoman::test;

namespace {

EngineFactories factories(FakeBehaviour asr = {}, FakeBehaviour mt = {}, FakeBehaviour tts = {}) {
  return EngineFactories{
      [asr] { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<FakeAsr>(asr)); },
      [mt] { return Result<std::unique_ptr<ITranslator>>(std::make_unique<FakeTranslator>(mt)); },
      [tts] { return Result<std::unique_ptr<ISynthesizer>>(std::make_unique<FakeSynthesizer>(tts)); },
  };
}

// A recogniser that says which model it is.
class NamedAsr : public FakeAsr {
public:
  NamedAsr(QString name, FakeBehaviour b) : FakeAsr(b), m_name(std::move(name)) {}
  QString name() const override { return m_name; }
  Result<QString> transcribe(const AudioBuffer &audio, const AbortFlag &abort) override {
    Result<QString> text = FakeAsr::transcribe(audio, abort);
    return text ? Result<QString>(m_name + QLatin1Char(' ') + *text) : text;
  }

private:
  QString m_name;
};

// A recogniser that reports a confidence and, for odd-length audio, a cut repetition loop.
class ReportingAsr : public FakeAsr {
public:
  Result<Recognition> recognise(const AudioBuffer &audio, const AbortFlag &abort) override {
    Result<QString> text = transcribe(audio, abort);
    if (!text)
      return text.error();
    return Recognition{*text, double(audio.size()) / 1000.0, audio.size() % 2 == 1};
  }
};

PipelineOptions options(int capacity = 4) { return PipelineOptions{capacity, QStringLiteral("en"), QStringLiteral("es"), true}; }

} // namespace

class TestPipelineController : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the stages' threads come from here, as from the application's
private Q_SLOTS:
  void processesEverySegmentInOrder() {
    FakeBehaviour slowAsr;
    slowAsr.delayMs = 3;
    PipelineController p(m_threads, factories(slowAsr), options());
    QSignalSpy finished(&p, &PipelineController::segmentFinished);
    QSignalSpy transcripts(&p, &PipelineController::transcriptReady);
    QSignalSpy translations(&p, &PipelineController::translationReady);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    for (quint64 i = 1; i <= 20; ++i)
      QVERIFY(p.submit(segment(i, 100 + i)));
    p.finishInput();
    QVERIFY(done.wait(10000));
    QCOMPARE(finished.count(), 20);
    QCOMPARE(transcripts.count(), 20);
    QCOMPARE(translations.count(), 20);
    for (int i = 0; i < 20; ++i) {
      const auto r = finished.at(i).at(0).value<SegmentResult>();
      QCOMPARE(r.segmentId, quint64(i + 1));
      QCOMPARE(r.sourceText, QStringLiteral("segment %1").arg(101 + i));
      QCOMPARE(r.translation, r.sourceText.toUpper());
      QCOMPARE(r.speech.size(), std::size_t(r.translation.size()));
      QCOMPARE(r.sourceLanguage, QStringLiteral("en"));
      QCOMPARE(r.targetLanguage, QStringLiteral("es"));
      QVERIFY(r.error.isEmpty());
      // Every stage time is set and in order.
      const StageTimes &t = r.times;
      QVERIFY(t.captureEnd <= t.asrStart);
      QVERIFY(t.asrStart <= t.asrDone);
      QVERIFY(t.asrDone <= t.mtStart);
      QVERIFY(t.mtStart <= t.mtDone);
      QVERIFY(t.mtDone <= t.ttsStart);
      QVERIFY(t.ttsStart <= t.ttsDone);
      QVERIFY(millisBetween(t.asrStart, t.asrDone) >= 3.0);
    }
    QCOMPARE(p.state(), PipelineController::State::Finished);
  }

  // What the recogniser and the capture knew about a segment reaches its result.
  void carriesConfidenceLoopCutsAndEchoGating() {
    EngineFactories f = factories();
    f.asr = [] { return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<ReportingAsr>()); };
    PipelineController p(m_threads, f, options());
    QSignalSpy finished(&p, &PipelineController::segmentFinished);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    for (quint64 i = 1; i <= 4; ++i) {
      AudioSegment s = segment(i, 100 + i);
      s.echoGated = i == 2;
      QVERIFY(p.submit(s));
    }
    p.finishInput();
    QVERIFY(done.wait(10000));
    QCOMPARE(finished.count(), 4);
    for (int i = 0; i < 4; ++i) {
      const auto r = finished.at(i).at(0).value<SegmentResult>();
      QVERIFY(r.confidence.has_value());
      QCOMPARE(*r.confidence, double(101 + i) / 1000.0);
      QCOMPARE(r.loopCut, (101 + i) % 2 == 1);
      QCOMPARE(r.echoGated, i == 1);
    }
    // An engine that says nothing leaves the confidence unset.
    PipelineController plain(m_threads, factories(), options());
    QSignalSpy plainFinished(&plain, &PipelineController::segmentFinished);
    QSignalSpy plainDone(&plain, &PipelineController::finished);
    QVERIFY(plain.start().ok());
    QVERIFY(plain.submit(segment(1, 101)));
    plain.finishInput();
    QVERIFY(plainDone.wait(10000));
    const auto r = plainFinished.at(0).at(0).value<SegmentResult>();
    QVERIFY(!r.confidence.has_value());
    QVERIFY(!r.loopCut);
  }

  // With a profiler, each stage thread reports engine creation, queue waits and its work on each
  // segment; every finished segment's journey lands on its own track.
  void profilerSeesEveryStage() {
    telemetry::Profiler profiler;
    FakeBehaviour slowAsr;
    slowAsr.delayMs = 5;
    PipelineOptions o = options();
    o.profiler = &profiler;
    PipelineController p(m_threads, factories(slowAsr), o);
    QSignalSpy done(&p, &PipelineController::finished);
    EngineEvents loaded(p, &PipelineController::engineLoaded);
    QVERIFY(p.start().ok());
    for (quint64 i = 1; i <= 6; ++i)
      QVERIFY(p.submit(segment(i, 200)));
    p.finishInput();
    QVERIFY(done.wait(10000));
    // Each engine's creation was announced, with its stage.
    QCOMPARE(loaded.count(), 3);
    QStringList engines;
    for (const EngineLoad &load : loaded.events) {
      engines << stageName(load.stage) + QLatin1Char('=') + load.engine;
      QVERIFY(load.loadMs >= 0.0);
    }
    engines.sort();
    QCOMPARE(engines.join(QLatin1Char(' ')), QStringLiteral("asr=fake-asr translation=fake-mt tts=fake-tts"));
    const telemetry::ProfileSnapshot snap = profiler.snapshot();
    for (const char *name : {"asr.load", "mt.load", "tts.load"})
      QVERIFY2(snap.section(name) && snap.section(name)->count == 1, name);
    for (const char *name : {"asr.recognise", "mt.translate", "tts.synthesize", "segment", "segment.asr", "segment.mt",
                             "segment.tts"})
      QVERIFY2(snap.section(name) && snap.section(name)->count == 6, name);
    // Six jobs and the closed queue: seven waits per stage.
    QCOMPARE(snap.section("asr.queue_wait")->count, std::uint64_t(7));
    QVERIFY(snap.section("asr.recognise")->minMs >= 5.0);
    QCOMPARE(snap.section("asr.recognise")->threads.front().name, std::string("asr"));
    int tracks = 0;
    for (const telemetry::ThreadInfo &t : snap.threads)
      tracks += t.track && t.name.rfind("segment ", 0) == 0 ? 1 : 0;
    QCOMPARE(tracks, 6);
    // A segment's ASR part lies inside its journey.
    QVERIFY(snap.section("segment.asr")->maxMs <= snap.section("segment")->maxMs);
  }

  void eachStageRunsOnItsOwnThread() {
    QString asrThread, mtThread, ttsThread;
    FakeBehaviour a, m, t;
    a.threadName = &asrThread;
    m.threadName = &mtThread;
    t.threadName = &ttsThread;
    PipelineController p(m_threads, factories(a, m, t), options());
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    QVERIFY(p.submit(segment(1, 10)));
    p.finishInput();
    QVERIFY(done.wait(5000));
    QCOMPARE(asrThread, QString::fromLatin1(threadnames::kAsr));
    QCOMPARE(mtThread, QString::fromLatin1(threadnames::kMt));
    QCOMPARE(ttsThread, QString::fromLatin1(threadnames::kTts));
  }

  void backPressureBoundsTheQueues() {
    // A slow last stage: the queues fill up and submit() has to wait instead of piling up work.
    FakeBehaviour slowTts;
    slowTts.delayMs = 20;
    std::atomic_int ttsCalls{0};
    slowTts.calls = &ttsCalls;
    constexpr int capacity = 2;
    PipelineController p(m_threads, factories({}, {}, slowTts), options(capacity));
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    std::atomic_int submitted{0};
    std::unique_ptr<QThread> feeder(m_threads.thread("feeder", [&] {
      for (quint64 i = 1; i <= 30; ++i) {
        if (!p.submit(segment(i, 10)))
          return;
        ++submitted;
      }
      p.finishInput();
    }));
    feeder->start();
    QTest::qWait(150);
    // In the pipeline at most: capacity in each of three queues and one job in each stage;
    // everything else must have left through the last stage already.
    const int inNow = submitted.load();
    const int spoken = ttsCalls.load();
    QVERIFY2(inNow <= 3 * capacity + 3 + spoken, qPrintable(QStringLiteral("%1 submitted, %2 spoken").arg(inNow).arg(spoken)));
    QVERIFY(inNow < 30);
    QVERIFY(submitted.load() >= capacity);
    QVERIFY(done.wait(20000));
    QVERIFY(feeder->wait(5000));
    QCOMPARE(submitted.load(), 30);
    for (Stage s : {Stage::Asr, Stage::Translation, Stage::Synthesis})
      QVERIFY(p.queueHighWater(s) <= capacity);
    QCOMPARE(p.queueHighWater(Stage::Synthesis), capacity);
  }

  void cancelStopsPromptly() {
    FakeBehaviour slow;
    slow.delayMs = 2000; // each call would take 2 s without the abort flag
    std::atomic_int asrCalls{0};
    slow.calls = &asrCalls;
    PipelineController p(m_threads, factories(slow), options(8));
    QSignalSpy results(&p, &PipelineController::segmentFinished);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    for (quint64 i = 1; i <= 5; ++i)
      QVERIFY(p.submit(segment(i, 10)));
    QTRY_COMPARE(asrCalls.load(), 1);
    QElapsedTimer timer;
    timer.start();
    p.cancel();
    p.wait();
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(done.wait(2000));
    QCOMPARE(results.count(), 0);
    QCOMPARE(asrCalls.load(), 1);
    QCOMPARE(p.state(), PipelineController::State::Cancelled);
    QVERIFY(!p.submit(segment(9, 10)));
  }

  void engineCreationFailureIsReported() {
    EngineFactories f = factories();
    f.translator = [] {
      return Result<std::unique_ptr<ITranslator>>(makeError(ErrorKind::EngineUnavailable, QStringLiteral("no model")));
    };
    PipelineController p(m_threads, f, options());
    const Status s = p.start();
    QVERIFY(!s.ok());
    QCOMPARE(s.error().kind, ErrorKind::EngineUnavailable);
    QCOMPARE(s.error().message, QStringLiteral("no model"));
    QCOMPARE(p.state(), PipelineController::State::Failed);
    QVERIFY(!p.submit(segment(1, 10)));
  }

  // startAsync() returns before the engines exist; segments submitted meanwhile wait for them.
  void startsWithoutWaitingForEngines() {
    std::atomic_bool release{false};
    EngineFactories f = factories();
    f.asr = [&release] { // a model that takes a while to load
      while (!release.load())
        QThread::msleep(5);
      return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<FakeAsr>());
    };
    PipelineController p(m_threads, f, options());
    QSignalSpy started(&p, &PipelineController::started);
    QSignalSpy finished(&p, &PipelineController::segmentFinished);
    QSignalSpy done(&p, &PipelineController::finished);
    QElapsedTimer clock;
    clock.start();
    p.startAsync();
    QVERIFY(clock.elapsed() < 1000); // did not wait for the engine
    QCOMPARE(p.state(), PipelineController::State::Running);
    QVERIFY(p.submit(segment(1, 100)));
    QTest::qWait(50);
    QCOMPARE(started.count(), 0);
    release = true;
    QVERIFY(started.wait(5000));
    QVERIFY(started.at(0).at(0).value<Status>().ok());
    p.finishInput();
    QVERIFY(done.wait(5000));
    QCOMPARE(finished.count(), 1);
  }

  void asyncEngineFailureIsReported() {
    EngineFactories f = factories();
    f.translator = [] {
      return Result<std::unique_ptr<ITranslator>>(makeError(ErrorKind::EngineUnavailable, QStringLiteral("no model")));
    };
    PipelineController p(m_threads, f, options());
    QSignalSpy started(&p, &PipelineController::started);
    QSignalSpy done(&p, &PipelineController::finished);
    p.startAsync();
    QVERIFY(started.wait(5000));
    const Status s = started.at(0).at(0).value<Status>();
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, QStringLiteral("no model"));
    QCOMPARE(p.state(), PipelineController::State::Failed);
    QVERIFY(!p.submit(segment(1, 10)));
    QTest::qWait(100);
    QCOMPARE(done.count(), 0); // nothing ran, nothing finishes
  }

  void stageFailureKeepsOrderAndReports() {
    FakeBehaviour mt;
    mt.failOnCall = 2;
    PipelineController p(m_threads, factories({}, mt), options());
    QSignalSpy results(&p, &PipelineController::segmentFinished);
    QSignalSpy failures(&p, &PipelineController::stageFailed);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    for (quint64 i = 1; i <= 3; ++i)
      QVERIFY(p.submit(segment(i, 10)));
    p.finishInput();
    QVERIFY(done.wait(5000));
    QCOMPARE(failures.count(), 1);
    const auto err = failures.at(0).at(0).value<PipelineError>();
    QCOMPARE(err.stage, Stage::Translation);
    QCOMPARE(err.segmentId, quint64(2));
    QCOMPARE(results.count(), 3);
    const auto second = results.at(1).at(0).value<SegmentResult>();
    QVERIFY(second.error.contains(QStringLiteral("fake failure")));
    QVERIFY(second.speech.isEmpty());
    QCOMPARE(results.at(2).at(0).value<SegmentResult>().translation, QStringLiteral("SEGMENT 10"));
  }

  void withoutSynthesisStopsAfterTranslation() {
    PipelineOptions o = options();
    o.synthesize = false;
    std::atomic_int ttsCalls{0};
    FakeBehaviour tts;
    tts.calls = &ttsCalls;
    PipelineController p(m_threads, factories({}, {}, tts), o);
    QSignalSpy results(&p, &PipelineController::segmentFinished);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    QVERIFY(p.submit(segment(1, 10)));
    p.finishInput();
    QVERIFY(done.wait(5000));
    QCOMPARE(results.count(), 1);
    QVERIFY(results.at(0).at(0).value<SegmentResult>().speech.isEmpty());
    QCOMPARE(ttsCalls.load(), 0);
  }

  // Under memory pressure idle engines are dropped (their memory goes back) and made again by
  // the next job that needs them; a later job is processed as before.
  void idleEnginesAreUnloadedAndReloadedOnDemand() {
    std::atomic_int asrAlive{0}, mtAlive{0}, ttsAlive{0};
    FakeBehaviour asr, mt, tts;
    asr.alive = &asrAlive;
    mt.alive = &mtAlive;
    tts.alive = &ttsAlive;
    PipelineController p(m_threads, factories(asr, mt, tts), options());
    QSignalSpy results(&p, &PipelineController::segmentFinished);
    EngineEvents loaded(p, &PipelineController::engineLoaded);
    EngineEvents unloaded(p, &PipelineController::engineUnloaded);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    QCOMPARE(asrAlive.load() + mtAlive.load() + ttsAlive.load(), 3);
    QVERIFY(p.submit(segment(1, 10)));
    QTRY_COMPARE(results.count(), 1);

    // Just used: nothing has been idle for ten seconds.
    QVERIFY(p.unloadIdleEngines(std::chrono::seconds(10)));
    QTest::qWait(200);
    QCOMPARE(unloaded.count(), 0);
    QCOMPARE(asrAlive.load() + mtAlive.load() + ttsAlive.load(), 3);

    QTest::qWait(50);
    QVERIFY(p.unloadIdleEngines(std::chrono::milliseconds(20)));
    QTRY_COMPARE(unloaded.count(), 3);
    QTRY_COMPARE(asrAlive.load() + mtAlive.load() + ttsAlive.load(), 0);
    QStringList dropped;
    for (const EngineLoad &e : unloaded.events)
      dropped << e.engine;
    dropped.sort();
    QCOMPARE(dropped.join(QLatin1Char(' ')), QStringLiteral("fake-asr fake-mt fake-tts"));

    QVERIFY(p.submit(segment(2, 20)));
    p.finishInput();
    QVERIFY(done.wait(5000));
    QCOMPARE(results.count(), 2);
    const auto second = results.at(1).at(0).value<SegmentResult>();
    QVERIFY(second.error.isEmpty());
    QCOMPARE(second.translation, QStringLiteral("SEGMENT 20"));
    QCOMPARE(loaded.count(), 6); // three at start, three for the second segment
  }

  // A stage busy with a long job keeps its engine: the request waits for the job to end, and then
  // the engine has just been used.
  void busyEngineIsNotUnloaded() {
    FakeBehaviour slow;
    slow.delayMs = 300;
    std::atomic_int calls{0};
    slow.calls = &calls;
    PipelineController p(m_threads, factories(slow), options());
    EngineEvents unloaded(p, &PipelineController::engineUnloaded);
    QSignalSpy results(&p, &PipelineController::segmentFinished);
    QVERIFY(p.start().ok());
    QTest::qWait(150);
    QVERIFY(p.submit(segment(1, 10)));
    QTRY_COMPARE(calls.load(), 1);
    QVERIFY(p.unloadIdleEngines(std::chrono::milliseconds(100)));
    QTRY_COMPARE(results.count(), 1);
    QTRY_COMPARE(unloaded.count(), 2); // MT and TTS sat idle from the start
    QTest::qWait(100);
    for (const EngineLoad &e : unloaded.events)
      QVERIFY(e.stage != Stage::Asr);
  }

  // A replacement (a smaller model, the CPU) takes over a stage: the old engine is gone before the
  // new one is made, and later segments go through the new one.
  void replacementTakesOverAStage() {
    std::atomic_int asrAlive{0};
    FakeBehaviour asr;
    asr.alive = &asrAlive;
    PipelineController p(m_threads, factories(asr), options());
    QSignalSpy results(&p, &PipelineController::segmentFinished);
    EngineEvents loaded(p, &PipelineController::engineLoaded);
    EngineEvents unloaded(p, &PipelineController::engineUnloaded);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    QVERIFY(p.submit(segment(1, 10)));
    QTRY_COMPARE(results.count(), 1);

    QVERIFY(!p.replaceEngines(EngineFactories{})); // nothing to replace
    std::atomic_int aliveAtCreation{-1};
    EngineFactories smaller;
    smaller.asr = [&asrAlive, &aliveAtCreation, asr] {
      aliveAtCreation = asrAlive.load();
      return Result<std::unique_ptr<IAsrEngine>>(std::make_unique<NamedAsr>(QStringLiteral("small-asr"), asr));
    };
    QVERIFY(p.replaceEngines(smaller));
    QTRY_COMPARE(loaded.count(), 4);
    QCOMPARE(aliveAtCreation.load(), 0);
    QCOMPARE(asrAlive.load(), 1);
    QCOMPARE(unloaded.count(), 1);
    QCOMPARE(unloaded.at(0).engine, QStringLiteral("fake-asr"));
    QCOMPARE(loaded.at(3).engine, QStringLiteral("small-asr"));

    // Unloaded when idle, the stage comes back with the replacement, not the original.
    QTest::qWait(30);
    QVERIFY(p.unloadIdleEngines(std::chrono::milliseconds(10)));
    QTRY_COMPARE(unloaded.count(), 4);
    QVERIFY(p.submit(segment(2, 20)));
    p.finishInput();
    QVERIFY(done.wait(5000));
    QCOMPARE(results.at(1).at(0).value<SegmentResult>().sourceText, QStringLiteral("small-asr segment 20"));
    QStringList after;
    for (int i = 4; i < loaded.count(); ++i)
      after << loaded.at(i).engine;
    QVERIFY2(after.contains(QStringLiteral("small-asr")) && !after.contains(QStringLiteral("fake-asr")),
             qPrintable(after.join(QLatin1Char(' '))));
  }

  // A replacement that cannot be made leaves the stage with what it had.
  void failedReplacementGoesBack() {
    PipelineController p(m_threads, factories(), options());
    QSignalSpy results(&p, &PipelineController::segmentFinished);
    EngineEvents loaded(p, &PipelineController::engineLoaded);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    EngineFactories broken;
    broken.translator = [] {
      return Result<std::unique_ptr<ITranslator>>(makeError(ErrorKind::Input, QStringLiteral("truncated weights")));
    };
    QVERIFY(p.replaceEngines(broken));
    QTRY_COMPARE(loaded.count(), 4);
    QCOMPARE(loaded.at(3).engine, QStringLiteral("fake-mt"));
    QVERIFY(p.submit(segment(1, 10)));
    p.finishInput();
    QVERIFY(done.wait(5000));
    QCOMPARE(results.at(0).at(0).value<SegmentResult>().translation, QStringLiteral("SEGMENT 10"));
  }

  // An engine that cannot be made again after an unload fails the job that needed it, naming why;
  // the next job tries again.
  void reloadFailureFailsOnlyThatJob() {
    auto creations = std::make_shared<std::atomic_int>(0);
    EngineFactories f = factories();
    f.translator = [creations]() -> Result<std::unique_ptr<ITranslator>> {
      if (++*creations == 2)
        return makeError(ErrorKind::Input, QStringLiteral("model.safetensors is truncated"));
      return std::unique_ptr<ITranslator>(std::make_unique<FakeTranslator>());
    };
    PipelineController p(m_threads, f, options());
    QSignalSpy results(&p, &PipelineController::segmentFinished);
    EngineEvents unloaded(p, &PipelineController::engineUnloaded);
    QSignalSpy failures(&p, &PipelineController::stageFailed);
    QSignalSpy done(&p, &PipelineController::finished);
    QVERIFY(p.start().ok());
    QTest::qWait(30);
    QVERIFY(p.unloadIdleEngines(std::chrono::milliseconds(10)));
    QTRY_COMPARE(unloaded.count(), 3);
    QVERIFY(p.submit(segment(1, 10)));
    QTRY_COMPARE(results.count(), 1);
    QVERIFY(p.submit(segment(2, 20)));
    p.finishInput();
    QVERIFY(done.wait(5000));
    QCOMPARE(failures.count(), 1);
    QCOMPARE(failures.at(0).at(0).value<PipelineError>().stage, Stage::Translation);
    QVERIFY(results.at(0).at(0).value<SegmentResult>().error.contains(QStringLiteral("model.safetensors is truncated")));
    QCOMPARE(results.at(1).at(0).value<SegmentResult>().translation, QStringLiteral("SEGMENT 20"));
    QCOMPARE(creations->load(), 3);
  }

  void requestsNeedARunningPipeline() {
    PipelineController p(m_threads, factories(), options());
    QVERIFY(!p.unloadIdleEngines(std::chrono::milliseconds(0)));
    QVERIFY(!p.replaceEngines(factories()));
  }

  void destructorJoinsRunningThreads() {
    FakeBehaviour slow;
    slow.delayMs = 5000;
    std::atomic_int calls{0};
    slow.calls = &calls;
    QElapsedTimer timer;
    timer.start();
    {
      PipelineController p(m_threads, factories(slow), options());
      QVERIFY(p.start().ok());
      QVERIFY(p.submit(segment(1, 10)));
      QTRY_COMPARE(calls.load(), 1);
    }
    QVERIFY(timer.elapsed() < 3000);
  }
};

QTEST_GUILESS_MAIN(TestPipelineController)
#include "tst_pipelinecontroller.moc"
