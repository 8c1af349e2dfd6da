// Repetition-loop detection on real token ids: loops of words, phrases and segments are found and
// cut after their first copy; varied sentences and ordinary repetition in speech are left alone.
#include "core/inference/torch/whisper/decoding/repetition.h"
#include "tests/unit/whisperdecoding/testvocab.h"

#include <QTest>

using namespace dragoman;
using namespace dragoman::torchrt::whisper;

namespace {

std::string repeat(const std::string &unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out += unit;
  return out;
}

} // namespace

class TestRepetition : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void loopsAreFound_data() {
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("times");
    QTest::newRow("one word") << ""
                              << " the" << 40;
    QTest::newRow("phrase after speech") << " And so my fellow Americans,"
                                         << " Thank you." << 12;
    QTest::newRow("eight-token phrase") << " Hello."
                                        << " I am going to the store and then" << 6;
    QTest::newRow("punctuation") << " Wait"
                                 << "!" << 30;
  }

  void loopsAreFound() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(QString, prefix);
    QFETCH(QString, unit);
    QFETCH(int, times);
    const std::vector<int> head = vocab->encodeText(prefix.toStdString());
    const std::vector<int> unitIds = vocab->encodeText(unit.toStdString());
    std::vector<int> tokens = head;
    for (int i = 0; i < times; ++i)
      tokens.insert(tokens.end(), unitIds.begin(), unitIds.end());
    const auto loop = findTokenLoop(tokens, vocab->eot);
    QVERIFY(loop.has_value());
    QCOMPARE(loop->firstIndex, head.size());
    QCOMPARE(loop->cutIndex, head.size() + unitIds.size()); // the first copy is kept
    QCOMPARE(loop->unit, unitIds);
    QCOMPARE(loop->repeats, times);
  }

  void timestampsBetweenCopiesAreIgnored() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const std::vector<int> unit = vocab->encodeText(" Thank you.");
    std::vector<int> tokens;
    for (int i = 0; i < 8; ++i) {
      tokens.push_back(test::timestampToken(*vocab, i));
      tokens.insert(tokens.end(), unit.begin(), unit.end());
      tokens.push_back(test::timestampToken(*vocab, i + 1));
    }
    const auto loop = findTokenLoop(tokens, vocab->eot);
    QVERIFY(loop.has_value());
    QCOMPARE(loop->firstIndex, std::size_t(1));
    // Cut at the second copy's first text token, after the first segment's closing pair.
    QCOMPARE(loop->cutIndex, std::size_t(1 + unit.size() + 2));
    QCOMPARE(loop->repeats, 8);
  }

  void speechIsNotALoop_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("jfk") << " And so my fellow Americans, ask not what your country can do for you, ask what you "
                            "can do for your country.";
    QTest::newRow("varied") << " The quick brown fox jumps over the lazy dog while the cat sleeps on the warm "
                               "windowsill and the bird sings in the tall old tree.";
    QTest::newRow("emphasis") << " No, no, no, no! I said very, very, very carefully that it is far, far away.";
    QTest::newRow("counting") << " One, two, three, four, five, six, seven, eight, nine, ten.";
    QTest::newRow("chant") << " Go, go, go! Let it go, let it go, let it go.";
    QTest::newRow("laugh") << " Ha ha ha ha ha, that is funny.";
    QTest::newRow("number") << " It costs 1,000,000,000,000 dollars.";
    QTest::newRow("ellipsis") << " Well... I... I don't know... maybe.";
  }

  void speechIsNotALoop() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(QString, text);
    const std::vector<int> tokens = vocab->encodeText(text.toStdString());
    const auto loop = findTokenLoop(tokens, vocab->eot);
    QVERIFY2(!loop.has_value(), loop ? vocab->decodeText(loop->unit).c_str() : "");
  }

  void limitsAreTheThreshold() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const std::vector<int> phrase = vocab->encodeText(repeat(" Thank you.", 5)); // 3 tokens x 5
    QVERIFY(!findTokenLoop(phrase, vocab->eot).has_value());                     // 15 tokens < 16
    const std::vector<int> longer = vocab->encodeText(repeat(" Thank you.", 6));
    QVERIFY(findTokenLoop(longer, vocab->eot).has_value());
    RepetitionLimits strict;
    strict.minRepeats = 3;
    strict.minRepeatedTokens = 6;
    QVERIFY(findTokenLoop(vocab->encodeText(repeat(" Thank you.", 3)), vocab->eot, strict).has_value());
    // Units longer than maxSpan are left to the segment guard.
    const std::vector<int> sentence = vocab->encodeText(repeat(" I think that we should all go home now.", 6));
    QVERIFY(!findTokenLoop(sentence, vocab->eot).has_value());
  }

  void segmentGuard() {
    SegmentRepeatGuard guard(2);
    QVERIFY(!guard.wouldLoop(" Thank you."));
    guard.accept(" Thank you.");
    QVERIFY(!guard.wouldLoop("thank  YOU."));
    guard.accept("thank  YOU.");
    QCOMPARE(guard.run(), 2);
    QVERIFY(guard.wouldLoop(" Thank you. ")); // the third identical one
    QVERIFY(!guard.wouldLoop(" Thank you all."));
    guard.accept(""); // blank segments neither count nor break the run
    QVERIFY(guard.wouldLoop(" Thank you."));
    guard.accept(" Something else.");
    QCOMPARE(guard.run(), 1);
    QVERIFY(!guard.wouldLoop(" Thank you."));
    QCOMPARE(SegmentRepeatGuard::normalise("  Hello \t World  "), std::string("hello world"));
  }
};

QTEST_GUILESS_MAIN(TestRepetition)
#include "tst_repetition.moc"
