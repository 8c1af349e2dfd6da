#pragma once
// Engines that isolate the pipeline in unit tests: they echo, wait and fail on request.
// Never used to call a capability done: the real engines have their own tests.

#include "core/inference/engines.h"

#include <QThread>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

namespace dragoman::test {

// A segment of `samples` samples at 16 kHz (all 0.1), numbered `id`, from second `id`.
inline AudioSegment segment(quint64 id, std::size_t samples) {
  AudioSegment s;
  s.id = id;
  s.startSeconds = double(id);
  s.endSeconds = double(id) + 0.5;
  s.audio = AudioBuffer(std::vector<float>(samples, 0.1f), 16000);
  return s;
}

struct FakeBehaviour {
  int delayMs = 0;          // per call, checked against the abort flag every millisecond
  quint64 failOnCall = 0;   // 1-based call number that fails; 0: never
  std::atomic_int *calls = nullptr;
  std::atomic_int *inFlight = nullptr;
  QString *threadName = nullptr;
  std::atomic_int *alive = nullptr; // engines of this behaviour that exist now
  bool reverseWords = false;        // FakeTranslator: the words in reverse order (as a reordering translator)
};

// Counts the engine in FakeBehaviour::alive from construction to destruction.
class FakeLifetime {
public:
  explicit FakeLifetime(std::atomic_int *alive) : m_alive(alive) {
    if (m_alive)
      ++*m_alive;
  }
  ~FakeLifetime() {
    if (m_alive)
      --*m_alive;
  }
  FakeLifetime(const FakeLifetime &) = delete;
  FakeLifetime &operator=(const FakeLifetime &) = delete;

private:
  std::atomic_int *m_alive;
};

inline bool fakeWait(const FakeBehaviour &b, const AbortFlag &abort) {
  for (int i = 0; i < b.delayMs; ++i) {
    if (abort.load())
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return !abort.load();
}

// Shared call accounting; returns an error when this call is the one to fail.
inline std::optional<Error> fakeCall(FakeBehaviour &b, quint64 &count, const AbortFlag &abort) {
  ++count;
  if (b.calls)
    ++*b.calls;
  if (b.threadName)
    *b.threadName = QThread::currentThread()->objectName();
  if (!fakeWait(b, abort))
    return makeError(ErrorKind::Cancelled, QStringLiteral("cancelled"));
  if (b.failOnCall != 0 && count == b.failOnCall)
    return makeError(ErrorKind::Internal, QStringLiteral("fake failure on call %1").arg(count));
  return std::nullopt;
}

// "Recognises" a segment as the text "segment <number of samples>".
class FakeAsr : public IAsrEngine {
public:
  explicit FakeAsr(FakeBehaviour b = {}) : m_b(b), m_life(b.alive) {}
  QString name() const override { return QStringLiteral("fake-asr"); }
  Result<QString> transcribe(const AudioBuffer &audio, const AbortFlag &abort) override {
    if (auto e = fakeCall(m_b, m_count, abort))
      return *e;
    return QStringLiteral("segment %1").arg(audio.size());
  }

private:
  FakeBehaviour m_b;
  FakeLifetime m_life;
  quint64 m_count = 0;
};

// Upper-cases the text.
class FakeTranslator : public ITranslator {
public:
  explicit FakeTranslator(FakeBehaviour b = {}) : m_b(b), m_life(b.alive) {}
  QString name() const override { return QStringLiteral("fake-mt"); }
  Result<QString> translate(const QString &text, const AbortFlag &abort) override {
    if (auto e = fakeCall(m_b, m_count, abort))
      return *e;
    if (!m_b.reverseWords)
      return text.toUpper();
    QStringList words = text.toUpper().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    std::reverse(words.begin(), words.end());
    return words.join(QLatin1Char(' '));
  }

private:
  FakeBehaviour m_b;
  FakeLifetime m_life;
  quint64 m_count = 0;
};

// One 16 kHz sample per character.
class FakeSynthesizer : public ISynthesizer {
public:
  explicit FakeSynthesizer(FakeBehaviour b = {}) : m_b(b), m_life(b.alive) {}
  QString name() const override { return QStringLiteral("fake-tts"); }
  Result<AudioBuffer> synthesize(const QString &text, const AbortFlag &abort) override {
    if (auto e = fakeCall(m_b, m_count, abort))
      return *e;
    return AudioBuffer(std::vector<float>(std::size_t(text.size()), 0.5f), 16000);
  }

private:
  FakeBehaviour m_b;
  FakeLifetime m_life;
  quint64 m_count = 0;
};

} // namespace dragoman::test
