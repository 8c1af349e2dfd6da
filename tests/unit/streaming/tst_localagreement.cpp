#include "core/inference/streaming/localagreement.h"

#include <QTest>

using namespace dragoman::streaming;

namespace {

// "@1.5 one two" -> the words "one" [1.5, 2.0] and "two" [2.0, 2.5]: half a second each.
QList<TimedWord> hypothesis(const QString &step) {
  QStringList parts = step.split(QLatin1Char(' '), Qt::SkipEmptyParts);
  Q_ASSERT(!parts.isEmpty() && parts.first().startsWith(QLatin1Char('@')));
  const double base = parts.takeFirst().mid(1).toDouble();
  QList<TimedWord> words;
  for (qsizetype i = 0; i < parts.size(); ++i)
    words.append(TimedWord{parts[i], base + 0.5 * double(i), base + 0.5 * double(i + 1), false, false});
  return words;
}

} // namespace

class TestLocalAgreement : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void agreement_data() {
    QTest::addColumn<QStringList>("steps");     // one hypothesis per step
    QTest::addColumn<QStringList>("committed"); // newly committed after each step
    QTest::addColumn<QStringList>("partial");   // the partial after each step
    QTest::addColumn<int>("retractions");       // in total
    QTest::addColumn<int>("shown");             // partial words shown, in total

    QTest::newRow("two passes must agree")
        << QStringList{"@0 hello world", "@0 hello world how"} << QStringList{"", "hello world"}
        << QStringList{"hello world", "how"} << 0 << 3;
    QTest::newRow("case and punctuation ignored, newer spelling kept")
        << QStringList{"@0 hello world", "@0 Hello, World! how"} << QStringList{"", "Hello, World!"}
        << QStringList{"hello world", "how"} << 0 << 3;
    QTest::newRow("a correction is one retraction")
        << QStringList{"@0 the cat sat", "@0 the bat sat on", "@0 the bat sat on the mat"}
        << QStringList{"", "the", "bat sat on"} << QStringList{"the cat sat", "bat sat on", "the mat"} << 1 << 7;
    QTest::newRow("removed words are retractions")
        << QStringList{"@0 one two three", "@0 one"} << QStringList{"", "one"} << QStringList{"one two three", ""} << 2
        << 3;
    QTest::newRow("an empty hypothesis clears the partial")
        << QStringList{"@0 one two", "@0", "@0 one two", "@0 one two three"} << QStringList{"", "", "", "one two"}
        << QStringList{"one two", "", "one two", "three"} << 2 << 5;
    QTest::newRow("a word inserted before the partial retracts nothing")
        << QStringList{"@0 one two", "@0 zero one two"} << QStringList{"", ""} << QStringList{"one two", "zero one two"}
        << 0 << 3;
    QTest::newRow("committed words are never taken back")
        << QStringList{"@0 a b c", "@0 a b c d", "@0 x y z d e"} << QStringList{"", "a b c", "d"}
        << QStringList{"a b c", "d", "e"} << 0 << 5;
    QTest::newRow("repeated words at the seam are dropped")
        << QStringList{"@0 one two three four", "@0 one two three four five", "@1.6 three four five six"}
        << QStringList{"", "one two three four", "five"} << QStringList{"one two three four", "five", "six"} << 0 << 6;
    QTest::newRow("the longest repeated n-gram is dropped")
        << QStringList{"@0 a b a", "@0 a b a", "@1.2 a b a c", "@1.2 a b a c d"} << QStringList{"", "a b a", "", "c"}
        << QStringList{"a b a", "", "c", "d"} << 0 << 5;
    QTest::newRow("the seam check needs the hypothesis near the committed end")
        << QStringList{"@0 a b", "@0 a b c", "@3 b c"} << QStringList{"", "a b", ""} << QStringList{"a b", "c", "b c"}
        << 0 << 4;
    QTest::newRow("a repeat near the committed end is dropped")
        << QStringList{"@0 a b", "@0 a b c", "@1.2 b c d"} << QStringList{"", "a b", "c"}
        << QStringList{"a b", "c", "d"} << 0 << 4;
    // Re-estimated times put "three" before the committed end; the text shows it is new.
    QTest::newRow("committed words at the head are matched by text")
        << QStringList{"@0 one two", "@0 one two three", "@-0.5 one two three four"}
        << QStringList{"", "one two", "three"} << QStringList{"one two", "three", "four"} << 0 << 4;
    QTest::newRow("a word ending within the tolerance was heard")
        << QStringList{"@0 a b", "@0 a b c", "@0.04 a x c"} << QStringList{"", "a b", "c"}
        << QStringList{"a b", "c", ""} << 0 << 3;
    QTest::newRow("a word ending past the tolerance is new")
        << QStringList{"@0 a b", "@0 a b c", "@0.1 a x c"} << QStringList{"", "a b", ""}
        << QStringList{"a b", "c", "x c"} << 0 << 4;
  }

  void agreement() {
    QFETCH(QStringList, steps);
    QFETCH(QStringList, committed);
    QFETCH(QStringList, partial);
    QFETCH(int, retractions);
    QFETCH(int, shown);
    QCOMPARE(committed.size(), steps.size());
    QCOMPARE(partial.size(), steps.size());

    LocalAgreement agreement;
    int totalCommitted = 0;
    for (qsizetype i = 0; i < steps.size(); ++i) {
      const AgreementUpdate u = agreement.insert(hypothesis(steps[i]));
      QCOMPARE(joinWords(u.committed), committed[i]);
      QCOMPARE(joinWords(u.partial), partial[i]);
      QCOMPARE(joinWords(agreement.partial()), partial[i]);
      totalCommitted += int(u.committed.size());
    }
    const AgreementCounters &c = agreement.counters();
    QCOMPARE(c.hypotheses, quint64(steps.size()));
    QCOMPARE(c.committedWords, quint64(totalCommitted));
    QCOMPARE(c.retractions, quint64(retractions));
    QCOMPARE(c.partialWordsShown, quint64(shown));
  }

  void committedTimesComeFromTheNewerHypothesis() {
    LocalAgreement agreement;
    (void)agreement.insert(hypothesis("@0 hello world"));
    const AgreementUpdate u = agreement.insert(hypothesis("@0.02 hello world there"));
    QCOMPARE(u.committed.size(), qsizetype(2));
    QCOMPARE(u.committed[1].endSeconds, 1.02);
    QVERIFY(agreement.hasCommitted());
    QCOMPARE(agreement.lastCommittedEnd(), 1.02);
    QCOMPARE(u.retracted, 0);
  }

  void flushCommitsThePartial() {
    LocalAgreement agreement;
    (void)agreement.insert(hypothesis("@0 one two"));
    (void)agreement.insert(hypothesis("@0 one two three four"));
    const AgreementUpdate u = agreement.flush();
    QCOMPARE(joinWords(u.committed), QStringLiteral("three four"));
    QVERIFY(u.partial.isEmpty());
    QVERIFY(agreement.partial().isEmpty());
    QCOMPARE(agreement.lastCommittedEnd(), 2.0);
    QCOMPARE(agreement.counters().committedWords, quint64(4));
    QCOMPARE(agreement.counters().retractions, quint64(0));
    QCOMPARE(agreement.counters().hypotheses, quint64(2));
    // Nothing left: a second flush commits nothing, and the committed audio is not heard again.
    QVERIFY(agreement.flush().committed.isEmpty());
    (void)agreement.insert(hypothesis("@0 one two three four five"));
    const AgreementUpdate next = agreement.insert(hypothesis("@0 one two three four five"));
    QCOMPARE(joinWords(next.committed), QStringLiteral("five"));
  }

  void cutAudioIsNotMatchedByText() {
    LocalAgreement agreement;
    (void)agreement.insert(hypothesis("@0 one two"));
    (void)agreement.insert(hypothesis("@0 one two three"));
    agreement.discardCommittedBefore(1.0);
    // The same hypothesis as in the row above, but "one two" were cut away: times decide, and
    // "three" (ending at 1.0) counts as heard before the committed end.
    const AgreementUpdate u = agreement.insert(hypothesis("@-0.5 one two three four"));
    QVERIFY(u.committed.isEmpty());
    QCOMPARE(joinWords(u.partial), QStringLiteral("four"));
    QCOMPARE(u.retracted, 1);
  }

  void seamDropsTheLongestRepeat() {
    LocalAgreement agreement;
    (void)agreement.insert(hypothesis("@0 a b a"));
    (void)agreement.insert(hypothesis("@0 a b a"));
    agreement.discardCommittedBefore(1.5); // all of it cut away
    // After the cut the recogniser repeats "a b a"; dropping only the first "a" would leave "b a".
    const AgreementUpdate u = agreement.insert(hypothesis("@1.5 a b a c"));
    QCOMPARE(joinWords(u.partial), QStringLiteral("c"));
  }

  void repeatsBeforeCommittedWordsInTheBuffer() {
    LocalAgreement agreement;
    (void)agreement.insert(hypothesis("@0 x y z"));
    (void)agreement.insert(hypothesis("@0 x y z w"));
    agreement.discardCommittedBefore(1.0); // "z" is still in the buffer
    // "y" repeated from before the cut, then "z" read again with later times.
    AgreementUpdate u = agreement.insert(hypothesis("@0.8 y z w v"));
    QCOMPARE(joinWords(u.committed), QStringLiteral("w"));
    QCOMPARE(joinWords(u.partial), QStringLiteral("v"));
    u = agreement.insert(hypothesis("@0.8 y z w v"));
    QCOMPARE(joinWords(u.committed), QStringLiteral("v"));
    QCOMPARE(agreement.counters().committedWords, quint64(5));
  }

  void recentCommittedIsBounded() {
    LocalAgreementOptions options;
    options.maxSeamWords = 3;
    LocalAgreement agreement(options);
    (void)agreement.insert(hypothesis("@0 a b c d e f"));
    (void)agreement.insert(hypothesis("@0 a b c d e f"));
    QCOMPARE(joinWords(agreement.recentCommitted()), QStringLiteral("d e f"));
  }

  void noSeamCheckWhenDisabled() {
    LocalAgreementOptions options;
    options.maxSeamWords = 0;
    LocalAgreement agreement(options);
    (void)agreement.insert(hypothesis("@0 a b"));
    (void)agreement.insert(hypothesis("@0 a b"));
    (void)agreement.insert(hypothesis("@1.2 b c"));
    const AgreementUpdate u = agreement.insert(hypothesis("@1.2 b c"));
    QCOMPARE(joinWords(u.committed), QStringLiteral("b c"));
  }
};

QTEST_GUILESS_MAIN(TestLocalAgreement)
#include "tst_localagreement.moc"
