// ByteBpeTokenizer: openai's reference ids (cases.json over multilingual.tiktoken), the three
// loaders giving the same tokenizer, byte-exact round trips of any text or bytes, merge-rank
// semantics on small vocabularies, corrupt files, and encode throughput.

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/bytebpe.h"
#include "core/inference/torch/tokenizers/whispervocab.h"
#include "tests/support/testpaths.h"
#include "tests/unit/tokenizers/tokenizerfiles.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <random>

using dragoman::torchrt::ByteBpeTokenizer;
using dragoman::torchrt::ErrorCode;
using dragoman::torchrt::ModelError;
using namespace dragoman::test;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(ErrorCode)

namespace {

struct Case {
  std::string text;
  std::vector<int> ids;
};

std::vector<Case> readCases(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  std::vector<Case> cases;
  for (const QJsonValue &value : QJsonDocument::fromJson(file.readAll()).object().value("cases").toArray()) {
    Case c;
    c.text = value.toObject().value("text").toString().toStdString();
    for (const QJsonValue &id : value.toObject().value("ids").toArray())
      c.ids.push_back(id.toInt());
    cases.push_back(std::move(c));
  }
  return cases;
}

// Random text from every plane: ASCII words and punctuation, whitespace of all kinds (including
// the ones only Unicode calls space), contractions, combining marks, CJK, emoji and any other
// scalar value (no surrogates, which UTF-8 cannot carry).
std::string randomText(std::mt19937 &rng, int codePoints) {
  std::u32string out;
  std::uniform_int_distribution<int> kind(0, 9);
  const std::u32string spaces = U" \t\n\r\v\f\u0085\u00A0\u1680\u2000\u2009\u2028\u2029\u202F\u205F\u3000\x1C";
  const std::u32string pieces[] = {U"'s", U"'t", U"'re", U"'ve", U"'m", U"'ll", U"'d", U"'S", U"<|endoftext|>"};
  for (int i = 0; i < codePoints; ++i) {
    switch (kind(rng)) {
    case 0:
    case 1:
    case 2: out += static_cast<char32_t>(std::uniform_int_distribution<int>('a', 'z')(rng)); break;
    case 3: out += static_cast<char32_t>(std::uniform_int_distribution<int>(0x20, 0x7E)(rng)); break;
    case 4: out += spaces[std::uniform_int_distribution<std::size_t>(0, spaces.size() - 1)(rng)]; break;
    case 5: out += pieces[std::uniform_int_distribution<std::size_t>(0, std::size(pieces) - 1)(rng)]; break;
    case 6: out += static_cast<char32_t>(std::uniform_int_distribution<int>(0x80, 0x7FF)(rng)); break;
    case 7: out += static_cast<char32_t>(std::uniform_int_distribution<int>(0x3000, 0x9FFF)(rng)); break;
    case 8: out += static_cast<char32_t>(std::uniform_int_distribution<int>(0x1F300, 0x1FAFF)(rng)); break;
    default: {
      char32_t c;
      do
        c = static_cast<char32_t>(std::uniform_int_distribution<int>(0, 0x10FFFF)(rng));
      while (c >= 0xD800 && c <= 0xDFFF);
      out += c;
    }
    }
  }
  return QString::fromUcs4(out.data(), static_cast<qsizetype>(out.size())).toStdString();
}

std::string randomBytes(std::mt19937 &rng, int count) {
  std::string out;
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < count; ++i)
    out.push_back(static_cast<char>(byte(rng)));
  return out;
}

// The multilingual vocabulary and its Hugging Face twins, made once for the whole test.
struct Shared {
  QString tiktoken;
  std::vector<Case> cases;
  QTemporaryDir dir;
  std::vector<std::pair<QString, ByteBpeTokenizer>> loaded; // name, tokenizer; [0] is the tiktoken one
  QString error;
};

Shared *shared() {
  static std::unique_ptr<Shared> instance = [] {
    auto s = std::make_unique<Shared>();
    s->tiktoken = sharedFile(QStringLiteral("data/whisper/multilingual.tiktoken"));
    const QString casesPath = sharedFile(QStringLiteral("fixtures/whisper-tokenizer/cases.json"));
    if (s->tiktoken.isEmpty() || casesPath.isEmpty()) {
      s->error = QStringLiteral("shared data/whisper/multilingual.tiktoken or fixtures/whisper-tokenizer/cases.json "
                                "not found: set DRAGOMAN_SHARED to the shared/ folder");
      return s;
    }
    s->cases = readCases(casesPath);
    const std::vector<std::string> specials = dragoman::torchrt::whisper::whisperSpecialTokens(99);
    s->loaded.emplace_back(QStringLiteral("tiktoken"),
                           ByteBpeTokenizer::fromTiktoken(s->tiktoken.toStdString(), specials));

    const RankedVocab vocab = rankedVocabFromTiktoken(s->tiktoken, specials);
    const QString d = s->dir.path();
    if (vocab.tokens.empty() || !writeTokenizerJson(d + "/strings.json", vocab, MergeStyle::Strings) ||
        !writeTokenizerJson(d + "/pairs.json", vocab, MergeStyle::Pairs) || !writeVocabMerges(d, vocab)) {
      s->error = QStringLiteral("could not build the Hugging Face files in %1").arg(d);
      return s;
    }
    s->loaded.emplace_back(QStringLiteral("tokenizer.json, \"a b\" merges"),
                           ByteBpeTokenizer::fromTokenizerJson((d + "/strings.json").toStdString()));
    s->loaded.emplace_back(QStringLiteral("tokenizer.json, [a, b] merges"),
                           ByteBpeTokenizer::fromTokenizerJson((d + "/pairs.json").toStdString()));
    s->loaded.emplace_back(QStringLiteral("vocab.json + merges.txt"),
                           ByteBpeTokenizer::fromVocabMerges((d + "/vocab.json").toStdString(),
                                                             (d + "/merges.txt").toStdString(),
                                                             (d + "/added_tokens.json").toStdString()));
    return s;
  }();
  return instance.get();
}

#define REQUIRE_SHARED_VOCAB()                                                                                         \
  if (!shared()->error.isEmpty())                                                                                      \
    QSKIP(qPrintable(shared()->error));                                                                                \
  const ByteBpeTokenizer &tik = shared()->loaded.front().second

} // namespace

class TestByteBpe : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void referenceCases() {
    REQUIRE_SHARED_VOCAB();
    QVERIFY(!shared()->cases.empty());
    for (const auto &[name, tokenizer] : shared()->loaded) {
      for (const Case &c : shared()->cases) {
        const std::vector<int> ids = tokenizer.encode(c.text);
        if (ids != c.ids)
          QFAIL(qPrintable(QStringLiteral("%1: wrong ids for \"%2\"").arg(name, QString::fromStdString(c.text))));
        QCOMPARE(tokenizer.decode(ids), c.text);
      }
    }
    QCOMPARE(tik.vocabSize(), 51865);
  }

  void loadersAgree() {
    REQUIRE_SHARED_VOCAB();
    QCOMPARE(shared()->loaded.size(), std::size_t(4));
    for (std::size_t k = 1; k < shared()->loaded.size(); ++k) {
      const auto &[name, other] = shared()->loaded[k];
      QVERIFY2(other.vocabSize() == tik.vocabSize(), qPrintable(name));
      for (int id = 0; id < tik.vocabSize(); ++id) {
        if (other.tokenBytes(id) != tik.tokenBytes(id) || other.isSpecial(id) != tik.isSpecial(id))
          QFAIL(qPrintable(QStringLiteral("%1: token %2 differs").arg(name).arg(id)));
        // Rank 50256 of multilingual.tiktoken is an empty token, which no text looks up.
        const std::string bytes = tik.tokenBytes(id);
        if (other.tokenId(bytes) != (bytes.empty() ? std::nullopt : std::optional<int>(id)))
          QFAIL(qPrintable(QStringLiteral("%1: tokenId of token %2 differs").arg(name).arg(id)));
      }
      std::mt19937 rng(7);
      for (int round = 0; round < 300; ++round) {
        const std::string text = randomText(rng, 1 + round % 97);
        if (other.encode(text) != tik.encode(text))
          QFAIL(qPrintable(QStringLiteral("%1: ids differ for random text %2").arg(name).arg(round)));
      }
    }
  }

  void roundTripsAnyText() {
    REQUIRE_SHARED_VOCAB();
    for (unsigned seed = 1; seed <= 40; ++seed) {
      std::mt19937 rng(seed);
      for (int round = 0; round < 25; ++round) {
        const std::string text = randomText(rng, std::uniform_int_distribution<int>(0, 300)(rng));
        const std::vector<int> ids = tik.encode(text);
        for (const int id : ids)
          QVERIFY(id >= 0 && id < tik.vocabSize() && !tik.isSpecial(id));
        if (tik.decode(ids) != text)
          QFAIL(qPrintable(QStringLiteral("seed %1 round %2: round trip changed the text").arg(seed).arg(round)));
      }
    }
  }

  void roundTripsInvalidUtf8() {
    REQUIRE_SHARED_VOCAB();
    for (unsigned seed = 1; seed <= 40; ++seed) {
      std::mt19937 rng(seed);
      for (int round = 0; round < 25; ++round) {
        std::string bytes = randomBytes(rng, std::uniform_int_distribution<int>(0, 400)(rng));
        if (round % 2) // invalid bytes inside valid text
          bytes = randomText(rng, 20) + bytes + randomText(rng, 20);
        if (tik.decode(tik.encode(bytes)) != bytes)
          QFAIL(qPrintable(QStringLiteral("seed %1 round %2: bytes changed").arg(seed).arg(round)));
      }
    }
    // Truncated and overlong sequences, surrogates, out-of-range lead bytes.
    for (const std::string bytes : {"\xE2\x82", "a\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF\xFE ",
                                    " \x80\x80\x80 x", "\xF0\x9F\x8E"})
      QCOMPARE(tik.decode(tik.encode(bytes)), bytes);
  }

  void specialTextIsPlainText() {
    REQUIRE_SHARED_VOCAB();
    const std::string text = "<|endoftext|><|en|> <|0.00|>";
    const std::vector<int> ids = tik.encode(text);
    for (const int id : ids)
      QVERIFY(!tik.isSpecial(id));
    QCOMPARE(tik.decode(ids), text);
    QCOMPARE(tik.tokenId("<|endoftext|>"), std::optional<int>(50257));
    QCOMPARE(tik.tokenId("<|en|>"), std::optional<int>(50259));
    QVERIFY(tik.isSpecial(50257));
    QVERIFY(!tik.isSpecial(50256));
    QCOMPARE(tik.tokenBytes(50259), std::string("<|en|>"));
    QCOMPARE(tik.decode({15947, 50259, 1002}), std::string("Hello<|en|> world"));
    QCOMPARE(tik.tokenId(" world"), std::optional<int>(1002));
    QCOMPARE(tik.tokenId("no such token, surely"), std::nullopt);
    QCOMPARE(tik.tokenBytes(-1), std::string());
    QCOMPARE(tik.tokenBytes(tik.vocabSize()), std::string());
    QCOMPARE(tik.decode({-5, 1002, 999999}), std::string(" world"));
  }

  void longPieceStaysFast() {
    REQUIRE_SHARED_VOCAB();
    // 300 KB of CJK without spaces or punctuation is a single piece of the pre-tokeniser.
    std::mt19937 rng(3);
    std::u32string cjk;
    for (int i = 0; i < 100000; ++i)
      cjk += static_cast<char32_t>(std::uniform_int_distribution<int>(0x4E00, 0x62FF)(rng));
    const std::string text = QString::fromUcs4(cjk.data(), static_cast<qsizetype>(cjk.size())).toStdString();
    QElapsedTimer timer;
    timer.start();
    const std::vector<int> ids = tik.encode(text);
    QVERIFY2(timer.elapsed() < 20000, "merging one long piece must not be quadratic");
    QCOMPARE(tik.decode(ids), text);
    // A long run of one byte merges into the longest space tokens, leftmost first.
    const std::string spaces(5000, ' ');
    QCOMPARE(tik.decode(tik.encode(spaces + "x")), spaces + "x");
  }

  void throughput() {
    REQUIRE_SHARED_VOCAB();
    std::string text;
    std::mt19937 rng(11);
    while (text.size() < 400 * 1024) {
      for (const Case &c : shared()->cases)
        text += c.text + "\n";
      text += randomText(rng, 200) + "\n";
    }
    QElapsedTimer timer;
    timer.start();
    std::size_t tokens = 0;
    int rounds = 0;
    while (rounds < 3 || timer.elapsed() < 1000) {
      tokens += tik.encode(text).size();
      ++rounds;
    }
    const double seconds = static_cast<double>(timer.nsecsElapsed()) * 1e-9;
    const double megabytes = static_cast<double>(text.size()) * rounds / (1024.0 * 1024.0);
    qInfo("encode: %.1f KB of mixed text, %.2f MB/s, %.0f tokens/s", static_cast<double>(text.size()) / 1024.0,
          megabytes / seconds, static_cast<double>(tokens) / seconds);
    QCOMPARE(tik.decode(tik.encode(text)), text);
  }

  void emptyTokenizer() {
    const ByteBpeTokenizer empty;
    QCOMPARE(empty.vocabSize(), 0);
    QVERIFY(empty.encode("hello").empty());
    QCOMPARE(empty.decode({1, 2}), std::string());
    QCOMPARE(empty.tokenId("a"), std::nullopt);
    QVERIFY(!empty.isSpecial(0));
  }
};

QTEST_GUILESS_MAIN(TestByteBpe)
#include "tst_bytebpe.moc"
