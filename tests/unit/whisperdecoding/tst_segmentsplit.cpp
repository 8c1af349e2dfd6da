// Segments and the next seek from a window's timestamp tokens, as openai's transcribe loop.
#include "core/inference/torch/whisper/decoding/segmentsplit.h"
#include "tests/unit/whisperdecoding/testvocab.h"

#include <QTest>

using namespace dragoman;
using namespace dragoman::torchrt::whisper;

namespace {

// Tokens from a compact description: numbers are timestamps in seconds, words are text.
std::vector<int> tokensOf(const WhisperVocab &vocab, const QStringList &items) {
  std::vector<int> out;
  for (const QString &item : items) {
    bool isNumber = false;
    const double seconds = item.toDouble(&isNumber);
    if (isNumber) {
      out.push_back(test::timestampToken(vocab, seconds));
    } else {
      const std::vector<int> ids = vocab.encodeText(" " + item.toStdString());
      out.insert(out.end(), ids.begin(), ids.end());
    }
  }
  return out;
}

} // namespace

class TestSegmentSplit : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void split_data() {
    QTest::addColumn<QStringList>("tokens");
    QTest::addColumn<long long>("seek");       // window start, mel frames
    QTest::addColumn<long long>("frames");     // content frames in the window
    QTest::addColumn<QStringList>("segments"); // "start-end:text" (text trimmed)
    QTest::addColumn<long long>("nextSeek");

    QTest::newRow("pairs, unfinished tail dropped") << QStringList{"0", "Hello", "2", "2", "world", "5", "5", "again"}
                                                    << 0LL << 3000LL << QStringList{"0-2:Hello", "2-5:world"} << 500LL;
    QTest::newRow("pairs, single timestamp ending") << QStringList{"0", "Hello", "2", "2", "world", "5"} << 0LL
                                                    << 3000LL << QStringList{"0-2:Hello", "2-5:world"} << 3000LL;
    QTest::newRow("offset window") << QStringList{"0.5", "Hi", "1.5", "1.5", "there", "3", "3"} << 1000LL << 3000LL
                                   << QStringList{"10.5-11.5:Hi", "11.5-13:there"} << 1300LL;
    QTest::newRow("one segment, last timestamp sets its end")
        << QStringList{"0", "Hello", "world", "4"} << 200LL << 1200LL << QStringList{"2-6:Hello world"} << 1400LL;
    QTest::newRow("no timestamps: the whole window")
        << QStringList{"Hello", "world"} << 3000LL << 800LL << QStringList{"30-38:Hello world"} << 3800LL;
    QTest::newRow("only the opening timestamp")
        << QStringList{"0", "Hello"} << 0LL << 3000LL << QStringList{"0-30:Hello"} << 3000LL;
    QTest::newRow("empty output") << QStringList{} << 0LL << 1500LL << QStringList{"0-15:"} << 1500LL;
    QTest::newRow("instantaneous segment cleared")
        << QStringList{"1", "2", "2", "Hi", "3"} << 0LL << 3000LL << QStringList{"1-1:", "2-2:", "2-3:Hi"} << 3000LL;
  }

  void split() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    QFETCH(QStringList, tokens);
    QFETCH(long long, seek);
    QFETCH(long long, frames);
    QFETCH(QStringList, segments);
    QFETCH(long long, nextSeek);
    DecodeResult result;
    result.avgLogprob = -0.25;
    result.temperature = 0.2;
    const std::vector<int> ids = tokensOf(*vocab, tokens);
    const WindowSplit split = splitWindow(ids, result, *vocab, seek, frames);
    QStringList got;
    for (const Segment &s : split.segments) {
      got << QStringLiteral("%1-%2:%3").arg(s.start).arg(s.end).arg(QString::fromStdString(trimText(s.text)));
      QCOMPARE(s.avgLogprob, -0.25);
      QCOMPARE(s.temperature, 0.2);
      QCOMPARE(s.tokens.empty(), s.text.empty());
    }
    QCOMPARE(got, segments);
    QCOMPARE(split.nextSeek, nextSeek);
  }

  void segmentTokensKeepTheirTimestamps() {
    DRAGOMAN_REQUIRE_WHISPER_VOCAB(vocab);
    const std::vector<int> ids = tokensOf(*vocab, {"0", "Hello", "2", "2", "world", "5"});
    const WindowSplit split = splitWindow(ids, DecodeResult{}, *vocab, 0, 3000);
    QCOMPARE(split.segments.size(), std::size_t(2));
    QCOMPARE(split.segments[0].tokens, std::vector<int>(ids.begin(), ids.begin() + 3));
    QCOMPARE(split.segments[1].tokens, std::vector<int>(ids.begin() + 3, ids.end()));
    QCOMPARE(split.segments[0].text, std::string(" Hello")); // as openai: the leading space stays
    QVERIFY(split.singleTimestampEnding);
    QVERIFY(split.hasCompletePairs);
  }
};

QTEST_GUILESS_MAIN(TestSegmentSplit)
#include "tst_segmentsplit.moc"
