#pragma once
// Drives a StreamingRecognizer through a scripted recogniser and checks, after every update, what
// must hold at all times.

#include "core/inference/streaming/streamingrecognizer.h"

#include "streamingfakes.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <vector>

namespace dragoman::test {

using streaming::joinWords;
using streaming::StreamingRecognizer;
using streaming::StreamUpdate;
using streaming::TimedWord;

// Feeds a recogniser position-carrying audio, one chunk at a time.
class Feeder {
public:
  explicit Feeder(StreamingRecognizer &rec, IAsrEngine &engine) : m_rec(rec), m_engine(engine) {}
  Result<StreamUpdate> push(double seconds) {
    const auto n = qint64(std::llround(seconds * kRate));
    const std::vector<float> audio = positionAudio(m_next, n);
    m_next += n;
    return m_rec.pushAudio(audio.data(), audio.size(), m_engine, m_abort);
  }
  Result<StreamUpdate> finish() { return m_rec.finish(m_engine, m_abort); }
  AbortFlag &abort() { return m_abort; }

private:
  StreamingRecognizer &m_rec;
  IAsrEngine &m_engine;
  AbortFlag m_abort{false};
  qint64 m_next = 0;
};

inline QStringList texts(const QList<TimedWord> &words) {
  QStringList out;
  for (const TimedWord &w : words)
    out.append(w.text);
  return out;
}

struct RunResult {
  QStringList committedWords; // every committed word, in order
  QStringList committedTexts; // every non-empty committedText, in order
  int passes = 0;
  int cuts = 0;
  double longestBufferAfterPass = 0.0;
};

// Runs a whole script through the recogniser in chunks and checks, after every update, what must
// hold at all times. QTest's macros return from this function on failure; the caller then checks
// QTest::currentTestFailed().
inline void runScript(StreamingRecognizer &rec, WordScriptAsr &engine, const QList<ScriptWord> &script, double chunk,
                      RunResult &out) {
  QStringList expected;
  for (const ScriptWord &w : script)
    expected.append(w.text);
  Feeder feeder(rec, engine);
  double lastEnd = -1.0;
  double bufferStart = rec.bufferStartSeconds();
  auto check = [&](const StreamUpdate &u) {
    for (const TimedWord &w : u.committedWords) {
      // Committed text is never taken back: it only grows, in stream order, along the script.
      QVERIFY2(w.startSeconds >= lastEnd - 1e-9, qPrintable(QStringLiteral("'%1' goes back in time").arg(w.text)));
      lastEnd = w.endSeconds;
      out.committedWords.append(w.text);
    }
    if (!u.committedText.isEmpty())
      out.committedTexts.append(u.committedText);
    QVERIFY2(out.committedWords.size() <= expected.size() &&
                 out.committedWords == expected.mid(0, out.committedWords.size()),
             qPrintable(QStringLiteral("committed text left the script: ...%1")
                            .arg(out.committedWords.mid(std::max<qsizetype>(0, out.committedWords.size() - 8))
                                     .join(QLatin1Char(' ')))));
    QCOMPARE(u.partialText, joinWords(u.partialWords));
    QCOMPARE(u.bufferStartSeconds, rec.bufferStartSeconds());
    if (u.bufferStartSeconds > bufferStart + 1e-9)
      ++out.cuts;
    bufferStart = u.bufferStartSeconds;
  };
  const double end = script.isEmpty() ? 1.0 : script.last().end + 1.0;
  while (rec.bufferEndSeconds() < end) {
    const Result<StreamUpdate> u = feeder.push(chunk);
    QVERIFY2(u.ok(), qPrintable(u.ok() ? QString() : u.error().message));
    check(*u);
    if (QTest::currentTestFailed())
      return;
    if (!u->ranPass)
      continue;
    ++out.passes;
    out.longestBufferAfterPass = std::max(out.longestBufferAfterPass, u->bufferSeconds);
    QVERIFY(u->bufferSeconds <= rec.options().maxBufferSeconds + 1e-9);
    // The partial is the not yet agreed tail of what the recogniser just said.
    const QStringList partial = texts(u->partialWords);
    QCOMPARE(engine.lastWords.mid(engine.lastWords.size() - partial.size()), partial);
  }
  const Result<StreamUpdate> last = feeder.finish();
  QVERIFY(last.ok());
  check(*last);
  QVERIFY(last->partialText.isEmpty());
  QCOMPARE(last->bufferSeconds, 0.0);
}

} // namespace dragoman::test
