#include "core/inference/streaming/sentencebuffer.h"

#include <QTest>

using namespace dragoman::streaming;

namespace {

// "w1 w2 w3" at one word per second from `from`, committed in the batches `split` gives (word counts).
QList<QList<TimedWord>> batches(const QString &text, const QList<int> &split, double from = 0.0) {
  const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
  QList<QList<TimedWord>> out;
  qsizetype next = 0;
  for (int n : split) {
    QList<TimedWord> batch;
    for (int i = 0; i < n && next < words.size(); ++i, ++next)
      batch.append(TimedWord{words[next], from + double(next), from + double(next) + 0.8});
    out.append(batch);
  }
  return out;
}

} // namespace

class TestSentenceBuffer : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void closesUnits_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("split");
    QTest::addColumn<int>("clauseWords");
    QTest::addColumn<int>("maxWords");
    QTest::addColumn<QStringList>("closed"); // in order, the flushed rest last
    QTest::newRow("one sentence, flushed") << "hello there my friend" << QList<int>{2, 2} << 10 << 40
                                          << QStringList{"hello there my friend"};
    QTest::newRow("sentence end inside a batch")
        << "It is late. We should go home now" << QList<int>{2, 3, 3} << 10 << 40
        << QStringList{"It is late.", "We should go home now"};
    QTest::newRow("question and exclamation") << "Ready? Go! Now" << QList<int>{3} << 10 << 40
                                              << QStringList{"Ready?", "Go!", "Now"};
    QTest::newRow("closing quote after the stop") << "He said \"stop.\" Then left" << QList<int>{5} << 10 << 40
                                                  << QStringList{"He said \"stop.\"", "Then left"};
    QTest::newRow("short clause stays") << "Well, I think so" << QList<int>{4} << 10 << 40
                                        << QStringList{"Well, I think so"};
    QTest::newRow("long clause closes") << "one two three four, five six" << QList<int>{6} << 4 << 40
                                        << QStringList{"one two three four,", "five six"};
    QTest::newRow("clauses off") << "one two three four, five six" << QList<int>{6} << 0 << 40
                                 << QStringList{"one two three four, five six"};
    QTest::newRow("no punctuation, max words") << "a b c d e f g" << QList<int>{3, 4} << 10 << 3
                                               << QStringList{"a b c", "d e f", "g"};
    QTest::newRow("nothing committed") << "" << QList<int>{0} << 10 << 40 << QStringList{};
    QTest::newRow("CJK full stop") << QStringLiteral("你 好 。 我") << QList<int>{4} << 10 << 40
                                   << QStringList{QStringLiteral("你 好 。"), QStringLiteral("我")};
  }

  void closesUnits() {
    QFETCH(QString, text);
    QFETCH(QList<int>, split);
    QFETCH(int, clauseWords);
    QFETCH(int, maxWords);
    QFETCH(QStringList, closed);
    SentenceBuffer buffer(SentenceOptions{clauseWords, maxWords});
    QStringList got;
    for (const QList<TimedWord> &batch : batches(text, split))
      for (const Sentence &s : buffer.add(batch))
        got.append(s.text);
    if (std::optional<Sentence> rest = buffer.flush())
      got.append(rest->text);
    QCOMPARE(got, closed);
    QVERIFY(buffer.isEmpty());
    QVERIFY(!buffer.flush());
  }

  void pendingIsTheStablePrefixWithItsTimes() {
    SentenceBuffer buffer;
    // Words at 10, 11, 12, ... s, each 0.8 s long.
    const QList<QList<TimedWord>> in = batches(QStringLiteral("It works. the stable prefix grows"), {1, 3, 2}, 10.0);
    QVERIFY(buffer.add(in[0]).isEmpty());
    QCOMPARE(buffer.pending()->text, QStringLiteral("It"));
    const QList<Sentence> closed = buffer.add(in[1]);
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed[0].text, QStringLiteral("It works."));
    QCOMPARE(closed[0].startSeconds, 10.0);
    QCOMPARE(closed[0].endSeconds, 11.8);
    QCOMPARE(closed[0].words, 2);
    std::optional<Sentence> pending = buffer.pending();
    QVERIFY(pending);
    QCOMPARE(pending->text, QStringLiteral("the stable"));
    QCOMPARE(pending->startSeconds, 12.0);
    QCOMPARE(pending->endSeconds, 13.8);
    QVERIFY(buffer.add(in[2]).isEmpty());
    QCOMPARE(buffer.pending()->text, QStringLiteral("the stable prefix grows"));
    QCOMPARE(buffer.pending()->endSeconds, 15.8);
    // Looking does not take: the flush returns the same and empties the buffer.
    QCOMPARE(buffer.flush()->text, QStringLiteral("the stable prefix grows"));
    QVERIFY(!buffer.pending());
  }

  void blankWordsAreSkipped() {
    SentenceBuffer buffer;
    QVERIFY(buffer.add({TimedWord{QStringLiteral(" "), 0.0, 0.1}, TimedWord{QString(), 0.1, 0.2}}).isEmpty());
    QVERIFY(buffer.isEmpty());
    QVERIFY(!buffer.pending());
  }
};

QTEST_GUILESS_MAIN(TestSentenceBuffer)
#include "tst_sentencebuffer.moc"
