// Profiler: span nesting, thread attribution, cross-thread spans, record(), disabling, the event
// ring's bound and reset.
#include "core/telemetry/profiler/profiler.h"

#include <QTest>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

using namespace dragoman::telemetry;
using namespace std::chrono_literals;

namespace {

const ThreadInfo *threadNamed(const ProfileSnapshot &s, const std::string &name) {
  for (const ThreadInfo &t : s.threads)
    if (t.name == name)
      return &t;
  return nullptr;
}

std::uint64_t countOf(const ProfileSnapshot &s, const char *section) {
  const SectionStats *st = s.section(section);
  return st != nullptr ? st->count : 0;
}

void recurse(int levels) {
  DRAGOMAN_PROFILE_SCOPE("recurse");
  if (levels > 1)
    recurse(levels - 1);
}

} // namespace

class TestProfiler : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void nesting() {
    Profiler profiler;
    const Profiler::ThreadScope scope(profiler, "main");
    QCOMPARE(Profiler::current(), &profiler);
    {
      DRAGOMAN_PROFILE_SCOPE("outer");
      for (int i = 0; i < 3; ++i) {
        DRAGOMAN_PROFILE_SCOPE("inner");
        DRAGOMAN_PROFILE_SCOPE("innermost");
        std::this_thread::sleep_for(1ms);
      }
    }
    { DRAGOMAN_PROFILE_SCOPE("inner"); } // once at top level: parent stays the most frequent one
    const ProfileSnapshot s = profiler.snapshot();
    QCOMPARE(s.sections.size(), std::size_t(3));
    QCOMPARE(s.sections[0].name, std::string("outer")); // most total time first
    QCOMPARE(s.section("outer")->parent, std::string());
    QCOMPARE(s.section("inner")->parent, std::string("outer"));
    QCOMPARE(s.section("innermost")->parent, std::string("inner"));
    QCOMPARE(countOf(s, "inner"), std::uint64_t(4));
    QVERIFY(s.section("outer")->totalMs >= s.section("innermost")->totalMs);
    QVERIFY(s.section("innermost")->minMs >= 1.0);
    QVERIFY(s.section("outer")->shareOfWall > 0.0 && s.section("outer")->shareOfWall <= 1.0);

    QCOMPARE(s.events.size(), std::size_t(8));
    // Finished order: innermost, inner (x3), outer, inner.
    QCOMPARE(s.events[0].section, std::string("innermost"));
    QCOMPARE(s.events[0].depth, 2);
    QCOMPARE(s.events[1].section, std::string("inner"));
    QCOMPARE(s.events[1].depth, 1);
    QCOMPARE(s.events[6].section, std::string("outer"));
    QCOMPARE(s.events[6].depth, 0);
    QCOMPARE(s.events[7].depth, 0);
    for (const SpanEvent &e : s.events) {
      QCOMPARE(e.thread, std::string("main"));
      QVERIFY(!e.crossThread);
    }
    const ThreadInfo *main = threadNamed(s, "main");
    QVERIFY(main != nullptr);
    QCOMPARE(main->spanCount, std::uint64_t(8));
    // Busy time counts top-level spans only.
    QVERIFY(std::abs(main->busyMs - (s.section("outer")->totalMs + s.events[7].durationUs / 1000.0)) < 1e-6);
  }

  void twoOnOneLine() {
    Profiler profiler;
    const Profiler::ThreadScope scope(profiler, "main");
    { DRAGOMAN_PROFILE_SCOPE("first"); DRAGOMAN_PROFILE_SCOPE("second"); }
    QCOMPARE(profiler.snapshot().section("second")->parent, std::string("first"));
  }

  void noProfilerNoSpans() {
    QCOMPARE(Profiler::current(), nullptr);
    { DRAGOMAN_PROFILE_SCOPE("nowhere"); } // no ThreadScope: does nothing
    Profiler a, b;
    {
      const Profiler::ThreadScope sa(a, "a");
      {
        const Profiler::ThreadScope sb(b, "b");
        QCOMPARE(Profiler::current(), &b);
        DRAGOMAN_PROFILE_SCOPE("in b");
      }
      QCOMPARE(Profiler::current(), &a);
      DRAGOMAN_PROFILE_SCOPE("in a");
    }
    QCOMPARE(Profiler::current(), nullptr);
    QCOMPARE(countOf(a.snapshot(), "in a"), std::uint64_t(1));
    QCOMPARE(countOf(a.snapshot(), "in b"), std::uint64_t(0));
    QCOMPARE(countOf(b.snapshot(), "in b"), std::uint64_t(1));
  }

  void scopeInsideSpanStartsAtDepthZero() {
    Profiler a, b;
    const Profiler::ThreadScope sa(a, "a");
    DRAGOMAN_PROFILE_SCOPE("a.outer");
    {
      const Profiler::ThreadScope sb(b, "b");
      DRAGOMAN_PROFILE_SCOPE("b.top");
    }
    const ProfileSnapshot s = b.snapshot();
    QCOMPARE(s.events.size(), std::size_t(1));
    QCOMPARE(s.events[0].depth, 0);
    QCOMPARE(s.section("b.top")->parent, std::string());
  }

  void perThreadAttribution() {
    Profiler profiler;
    constexpr int kThreads = 4, kSpans = 50;
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&profiler, t] {
        const Profiler::ThreadScope scope(profiler, "worker " + std::to_string(t));
        for (int i = 0; i < kSpans; ++i) {
          DRAGOMAN_PROFILE_SCOPE("work");
          if (t == 0) {
            DRAGOMAN_PROFILE_SCOPE("only on worker 0");
          }
        }
      });
    }
    for (std::thread &t : threads)
      t.join();
    const ProfileSnapshot s = profiler.snapshot();
    const SectionStats *work = s.section("work");
    QVERIFY(work != nullptr);
    QCOMPARE(work->count, std::uint64_t(kThreads * kSpans));
    QCOMPARE(work->threads.size(), std::size_t(kThreads));
    for (const ThreadShare &share : work->threads)
      QCOMPARE(share.count, std::uint64_t(kSpans));
    const SectionStats *only = s.section("only on worker 0");
    QCOMPARE(only->threads.size(), std::size_t(1));
    QCOMPARE(only->threads[0].name, std::string("worker 0"));
    QCOMPARE(only->parent, std::string("work"));

    QCOMPARE(s.threads.size(), std::size_t(kThreads));
    std::set<std::uint64_t> ids;
    for (int t = 0; t < kThreads; ++t) {
      const ThreadInfo *info = threadNamed(s, "worker " + std::to_string(t));
      QVERIFY(info != nullptr);
      QVERIFY(!info->track);
      QCOMPARE(info->spanCount, std::uint64_t(t == 0 ? 2 * kSpans : kSpans));
      ids.insert(info->id);
    }
    QCOMPARE(ids.size(), std::size_t(kThreads));
    for (const SpanEvent &e : s.events)
      QCOMPARE(threadNamed(s, e.thread)->id, e.threadId);
  }

  void crossThreadBeginEnd() {
    Profiler profiler;
    const SpanId id = profiler.begin("segment.journey", "segment 12");
    QVERIFY(id != 0);
    QCOMPARE(profiler.openSpans(), std::size_t(1));
    std::thread other([&profiler, id] {
      std::this_thread::sleep_for(2ms);
      profiler.end(id); // no ThreadScope needed
    });
    other.join();
    profiler.end(id); // twice: nothing
    profiler.end(0);
    profiler.end(12345);
    QCOMPARE(profiler.openSpans(), std::size_t(0));

    const ProfileSnapshot s = profiler.snapshot();
    QCOMPARE(countOf(s, "segment.journey"), std::uint64_t(1));
    QVERIFY(s.section("segment.journey")->minMs >= 2.0);
    QCOMPARE(s.section("segment.journey")->threads.at(0).name, std::string("segment 12"));
    QCOMPARE(s.events.size(), std::size_t(1));
    QCOMPARE(s.events[0].thread, std::string("segment 12"));
    QVERIFY(s.events[0].crossThread);
    QCOMPARE(s.events[0].depth, 0);
    const ThreadInfo *track = threadNamed(s, "segment 12");
    QVERIFY(track != nullptr && track->track);
    QCOMPARE(track->id, s.events[0].threadId);
  }

  void recordFinishedSpan() {
    Profiler profiler;
    const auto t0 = Profiler::Clock::now();
    profiler.record("tts.synthesize", t0, t0 + 5ms, "segment 3");
    profiler.record("tts.synthesize", t0 + 10ms, t0 + 17ms, "segment 3");
    profiler.record("queue.wait", t0, t0 + 1ms); // no track: the section's own
    profiler.record("backwards", t0 + 1ms, t0); // clamped to 0
    const ProfileSnapshot s = profiler.snapshot();
    const SectionStats *tts = s.section("tts.synthesize");
    QCOMPARE(tts->count, std::uint64_t(2));
    QCOMPARE(tts->minMs, 5.0);
    QCOMPARE(tts->maxMs, 7.0);
    QCOMPARE(tts->totalMs, 12.0);
    QCOMPARE(s.section("backwards")->maxMs, 0.0);
    QCOMPARE(s.events.size(), std::size_t(4));
    QCOMPARE(s.events[1].startUs - s.events[0].startUs, 10000.0);
    QCOMPARE(s.events[1].durationUs, 7000.0);
    QCOMPARE(s.events[2].thread, std::string("queue.wait"));
    QVERIFY(threadNamed(s, "segment 3")->track);
    QCOMPARE(threadNamed(s, "segment 3")->busyMs, 12.0);
  }

  void disabledRecordsNothing() {
    Profiler profiler(Profiler::Options{false});
    QVERIFY(!profiler.enabled());
    {
      const Profiler::ThreadScope scope(profiler, "main");
      DRAGOMAN_PROFILE_SCOPE("scoped");
      QCOMPARE(profiler.begin("manual"), SpanId(0));
      const auto t0 = Profiler::Clock::now();
      profiler.record("recorded", t0, t0 + 1ms);
    }
    ProfileSnapshot s = profiler.snapshot();
    QVERIFY(s.sections.empty());
    QVERIFY(s.events.empty());
    QCOMPARE(s.droppedEvents, std::uint64_t(0));

    // Enabled, then disabled while spans are open: those spans are dropped too.
    profiler.setEnabled(true);
    const SpanId id = profiler.begin("manual");
    QVERIFY(id != 0);
    {
      const Profiler::ThreadScope scope(profiler, "main");
      DRAGOMAN_PROFILE_SCOPE("scoped");
      profiler.setEnabled(false);
    }
    profiler.end(id);
    s = profiler.snapshot();
    QVERIFY(s.sections.empty());
    QCOMPARE(profiler.openSpans(), std::size_t(0));
  }

  void ringBoundAndDropped() {
    Profiler profiler(Profiler::Options{true, 10});
    const auto t0 = Profiler::Clock::now();
    for (int i = 0; i < 25; ++i)
      profiler.record("tick", t0 + std::chrono::milliseconds(i), t0 + std::chrono::milliseconds(i) + 100us);
    const ProfileSnapshot s = profiler.snapshot();
    QCOMPARE(s.events.size(), std::size_t(10));
    QCOMPARE(s.droppedEvents, std::uint64_t(15));
    QCOMPARE(countOf(s, "tick"), std::uint64_t(25)); // statistics keep everything
    for (std::size_t i = 0; i < s.events.size(); ++i) // the 10 newest, oldest first
      QVERIFY(std::abs(s.events[i].startUs - s.events[0].startUs - 1000.0 * double(i)) < 1e-6);
    QVERIFY(std::abs(s.events.back().startUs - s.events.front().startUs - 9000.0) < 1e-6);

    Profiler none(Profiler::Options{true, 0});
    none.record("tick", t0, t0 + 1ms);
    QCOMPARE(none.snapshot().events.size(), std::size_t(0));
    QCOMPARE(none.snapshot().droppedEvents, std::uint64_t(1));
  }

  void tracksAreBounded() {
    Profiler profiler(Profiler::Options{true, 100, 2});
    const auto t0 = Profiler::Clock::now();
    for (int i = 0; i < 5; ++i)
      profiler.record("segment.journey", t0, t0 + 1ms, "segment " + std::to_string(i));
    const ProfileSnapshot s = profiler.snapshot();
    QCOMPARE(s.threads.size(), std::size_t(3));
    QCOMPARE(threadNamed(s, "(other tracks)")->spanCount, std::uint64_t(3));
  }

  void depthIsBounded() {
    Profiler profiler;
    const Profiler::ThreadScope scope(profiler, "main");
    recurse(Profiler::kMaxDepth + 6);
    const ProfileSnapshot s = profiler.snapshot();
    QCOMPARE(countOf(s, "recurse"), std::uint64_t(Profiler::kMaxDepth));
    { DRAGOMAN_PROFILE_SCOPE("after"); } // the stack is balanced again
    QCOMPARE(profiler.snapshot().events.back().depth, 0);
  }

  void resetClearsAndRestarts() {
    Profiler profiler(Profiler::Options{true, 4});
    const Profiler::ThreadScope scope(profiler, "main");
    const auto t0 = Profiler::Clock::now();
    for (int i = 0; i < 6; ++i)
      profiler.record("old", t0, t0 + 1ms, "track");
    const SpanId open = profiler.begin("open");
    std::this_thread::sleep_for(20ms);
    const auto beforeSystem = std::chrono::system_clock::now();
    const auto before = Profiler::Clock::now();
    profiler.reset();
    profiler.end(open); // begun before reset(): forgotten
    ProfileSnapshot s = profiler.snapshot();
    const double sinceReset = std::chrono::duration<double, std::milli>(Profiler::Clock::now() - before).count();
    QVERIFY(s.sections.empty());
    QVERIFY(s.events.empty());
    QCOMPARE(s.droppedEvents, std::uint64_t(0));
    QVERIFY(s.wallMs <= sinceReset); // the wall clock restarted
    QVERIFY(s.started >= beforeSystem);
    QCOMPARE(s.threads.size(), std::size_t(1)); // the registered thread stays, without spans
    QCOMPARE(s.threads[0].spanCount, std::uint64_t(0));

    { DRAGOMAN_PROFILE_SCOPE("new"); }
    s = profiler.snapshot();
    QCOMPARE(countOf(s, "new"), std::uint64_t(1));
    QCOMPARE(s.sections.size(), std::size_t(1));
    QCOMPARE(s.threads[0].spanCount, std::uint64_t(1));
  }

  void concurrentSnapshots() {
    Profiler profiler(Profiler::Options{true, 256});
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    threads.reserve(3);
    for (int t = 0; t < 3; ++t)
      threads.emplace_back([&, t] {
        const Profiler::ThreadScope scope(profiler, "worker " + std::to_string(t));
        while (!stop.load()) {
          DRAGOMAN_PROFILE_SCOPE("busy");
          profiler.end(profiler.begin("manual", "track " + std::to_string(t)));
        }
      });
    for (int i = 0; i < 50; ++i) {
      const ProfileSnapshot s = profiler.snapshot();
      QVERIFY(s.events.size() <= 256);
      if (i == 25)
        profiler.reset();
    }
    // The workers may not have started yet on a loaded machine: give them up to 10 s.
    for (int i = 0; i < 1000 && countOf(profiler.snapshot(), "busy") == 0; ++i)
      std::this_thread::sleep_for(10ms);
    stop = true;
    for (std::thread &t : threads)
      t.join();
    QVERIFY(countOf(profiler.snapshot(), "busy") > 0);
  }

  void measuresItsOverhead() {
    const double enabled = Profiler::measureSpanOverheadNs(true, 1000);
    const double disabled = Profiler::measureSpanOverheadNs(false, 1000);
    QVERIFY(enabled > 0.0);
    QVERIFY(disabled >= 0.0);
    QCOMPARE(Profiler::current(), nullptr); // the measurement's ThreadScope is gone
  }
};

QTEST_APPLESS_MAIN(TestProfiler)
#include "tst_profiler.moc"
