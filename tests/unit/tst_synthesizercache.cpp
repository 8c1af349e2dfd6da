// SynthesizerCache: an engine per distinct parameters, created once and shared; one request at a
// time per engine; the least recently used dropped beyond capacity; a failed creation not kept.
#include "core/inference/synthesizercache.h"

#include <QTest>

#include <atomic>
#include <thread>

using namespace dragoman;

namespace {

std::atomic_int g_alive{0};
std::atomic_int g_inside{0};
std::atomic_int g_mostInside{0};

class CountingSynth final : public ISynthesizer {
public:
  CountingSynth() { ++g_alive; }
  ~CountingSynth() override { --g_alive; }
  QString name() const override { return QStringLiteral("counting"); }
  Result<AudioBuffer> synthesize(const QString &text, const AbortFlag &) override {
    const int now = ++g_inside;
    int most = g_mostInside.load();
    while (now > most && !g_mostInside.compare_exchange_weak(most, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    --g_inside;
    return AudioBuffer(std::vector<float>(std::size_t(text.size()), 0.1f), 16000);
  }
};

SynthParams params(const QString &language) {
  SynthParams p;
  p.engine = QStringLiteral("counting");
  p.language = language;
  p.levelDb = 0;
  return p;
}

} // namespace

class TestSynthesizerCache : public QObject {
  Q_OBJECT
  EngineRegistry m_registry;
  std::atomic_int m_creations{0};

private Q_SLOTS:
  void initTestCase() {
    m_registry.addSynthesizer(
        QStringLiteral("counting"),
        [] {
          EngineInfo i;
          i.name = QStringLiteral("counting");
          i.stage = Stage::Synthesis;
          i.available = true;
          return i;
        },
        [this](const SynthParams &p) -> Result<std::unique_ptr<ISynthesizer>> {
          ++m_creations;
          if (p.language == QLatin1String("xx"))
            return makeError(ErrorKind::Unsupported, QStringLiteral("no voice for xx"));
          return std::unique_ptr<ISynthesizer>(new CountingSynth());
        });
  }

  void sameParamsShareOneEngine() {
    m_creations = 0;
    SynthesizerCache cache(m_registry, 2);
    int notified = 0;
    cache.setOnCreated([&] { ++notified; });
    ISynthesizer *first = nullptr;
    {
      Result<SynthesizerCache::Lease> a = cache.acquire(params(QStringLiteral("de")));
      QVERIFY(a);
      first = &a->engine();
      QVERIFY(a->engine().synthesize(QStringLiteral("hallo"), AbortFlag{false}));
    }
    Result<SynthesizerCache::Lease> b = cache.acquire(params(QStringLiteral("de")));
    QVERIFY(b);
    QCOMPARE(&b->engine(), first);
    QCOMPARE(m_creations.load(), 1);
    QCOMPARE(cache.created(), 1);
    QCOMPARE(notified, 1);
    SynthParams louder = params(QStringLiteral("de"));
    louder.volume = 2.0; // another setting, another engine
    QVERIFY(cache.acquire(louder));
    QCOMPARE(cache.created(), 2);
  }

  void leastRecentlyUsedIsDropped() {
    SynthesizerCache cache(m_registry, 2);
    const int before = g_alive.load();
    QVERIFY(cache.acquire(params(QStringLiteral("de"))));
    QVERIFY(cache.acquire(params(QStringLiteral("fr"))));
    QVERIFY(cache.acquire(params(QStringLiteral("de")))); // de is now the most recent
    QVERIFY(cache.acquire(params(QStringLiteral("it")))); // fr goes
    QCOMPARE(cache.loaded(), 2);
    QCOMPARE(g_alive.load(), before + 2);
    QCOMPARE(cache.created(), 3);
    QVERIFY(cache.acquire(params(QStringLiteral("de"))));
    QCOMPARE(cache.created(), 3); // still loaded
    QVERIFY(cache.acquire(params(QStringLiteral("fr"))));
    QCOMPARE(cache.created(), 4); // loaded again
  }

  void failuresAreNotKept() {
    m_creations = 0;
    SynthesizerCache cache(m_registry);
    for (int i = 0; i < 2; ++i) {
      Result<SynthesizerCache::Lease> bad = cache.acquire(params(QStringLiteral("xx")));
      QVERIFY(!bad);
      QCOMPARE(bad.error().kind, ErrorKind::Unsupported);
    }
    QCOMPARE(m_creations.load(), 2);
    QCOMPARE(cache.loaded(), 0);
  }

  // Many threads, one voice: one creation, and never two requests inside the engine at once.
  void oneRequestAtATimePerEngine() {
    m_creations = 0;
    g_mostInside = 0;
    SynthesizerCache cache(m_registry);
    std::vector<std::thread> threads;
    std::atomic_int ok{0};
    for (int t = 0; t < 6; ++t)
      threads.emplace_back([&] {
        for (int i = 0; i < 5; ++i) {
          Result<SynthesizerCache::Lease> lease = cache.acquire(params(QStringLiteral("es")));
          if (lease && lease->engine().synthesize(QStringLiteral("hola"), AbortFlag{false}))
            ++ok;
        }
      });
    for (std::thread &t : threads)
      t.join();
    QCOMPARE(ok.load(), 30);
    QCOMPARE(m_creations.load(), 1);
    QCOMPARE(g_mostInside.load(), 1);
  }
};

QTEST_GUILESS_MAIN(TestSynthesizerCache)
#include "tst_synthesizercache.moc"
