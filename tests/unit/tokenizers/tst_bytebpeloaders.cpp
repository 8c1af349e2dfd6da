// ByteBpeTokenizer's loaders on small hand-made vocabularies: which pair merges first under each
// format's rules, and corrupt or missing files, which must throw ModelError with a message naming
// the file and the line or JSON path (and never crash).

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/bytebpe.h"
#include "tests/unit/tokenizers/tokenizerfiles.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <random>

using dragoman::torchrt::ByteBpeTokenizer;
using dragoman::torchrt::ErrorCode;
using dragoman::torchrt::ModelError;
using namespace dragoman::test;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(ErrorCode)

namespace {

// A .tiktoken body: the 256 single bytes (ranks 0..255), then `extra` with ranks from 256.
std::string tiktokenBody(const std::vector<std::string> &extra, int skipByte = -1) {
  std::string out;
  int rank = 0;
  for (int b = 0; b < 256; ++b, ++rank)
    if (b != skipByte)
      out += QByteArray(1, static_cast<char>(b)).toBase64().toStdString() + " " + std::to_string(rank) + "\n";
  for (const std::string &token : extra)
    out += QByteArray::fromStdString(token).toBase64().toStdString() + " " + std::to_string(rank++) + "\n";
  return out;
}

nlohmann::json byteLevelVocab(const std::vector<std::string> &extra) {
  nlohmann::json vocab = nlohmann::json::object();
  for (int b = 0; b < 256; ++b)
    vocab[toByteLevel(std::string(1, static_cast<char>(b)))] = b;
  int id = 256;
  for (const std::string &token : extra)
    vocab[toByteLevel(token)] = id++;
  return vocab;
}

std::string tokenizerJson(const std::vector<std::string> &extra, const std::vector<std::string> &merges,
                          bool ignoreMerges = false) {
  const nlohmann::json root = {
      {"added_tokens", nlohmann::json::array({{{"id", 300}, {"content", "<|x|>"}, {"special", true}}})},
      {"normalizer", nullptr},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}}},
      {"model",
       {{"type", "BPE"}, {"ignore_merges", ignoreMerges}, {"vocab", byteLevelVocab(extra)}, {"merges", merges}}}};
  return root.dump();
}

class TempFiles {
public:
  QString write(const QString &name, const std::string &content) {
    const QString path = m_dir.path() + "/" + name;
    return writeFile(path, content) ? path : QString();
  }
  QString path(const QString &name) const { return m_dir.path() + "/" + name; }

private:
  QTemporaryDir m_dir;
};

} // namespace

class TestByteBpeLoaders : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void tiktokenMergesLowestRankedToken() {
    TempFiles files;
    // "ab" ranks before "bc": abc -> ab + c. Swapped: a + bc.
    auto t1 = ByteBpeTokenizer::fromTiktoken(files.write("1.tiktoken", tiktokenBody({"ab", "bc"})).toStdString(), {});
    QCOMPARE(t1.encode("abc"), (std::vector<int>{256, 'c'}));
    auto t2 = ByteBpeTokenizer::fromTiktoken(files.write("2.tiktoken", tiktokenBody({"bc", "ab"})).toStdString(), {});
    QCOMPARE(t2.encode("abc"), (std::vector<int>{'a', 256}));
    // Ties go to the leftmost pair.
    auto t3 = ByteBpeTokenizer::fromTiktoken(files.write("3.tiktoken", tiktokenBody({"aa"})).toStdString(), {"<|s|>"});
    QCOMPARE(t3.encode("aaa"), (std::vector<int>{256, 'a'}));
    QCOMPARE(t3.encode("aaaa"), (std::vector<int>{256, 256}));
    QCOMPARE(t3.tokenId("<|s|>"), std::optional<int>(257));
    QCOMPARE(t3.vocabSize(), 258);
    // A piece that is a token as a whole is taken whole, even when no merge leads to it.
    auto t4 = ByteBpeTokenizer::fromTiktoken(files.write("4.tiktoken", tiktokenBody({"abc"})).toStdString(), {});
    QCOMPARE(t4.encode("abc"), (std::vector<int>{256}));
    QCOMPARE(t4.encode("abcd"), (std::vector<int>{'a', 'b', 'c', 'd'}));
  }

  void huggingFaceMergesRankByLine() {
    TempFiles files;
    const std::vector<std::string> extra = {"ab", "bc", "abc"};
    auto first =
        ByteBpeTokenizer::fromTokenizerJson(files.write("a.json", tokenizerJson(extra, {"b c", "a b"})).toStdString());
    QCOMPARE(first.encode("abc"), (std::vector<int>{'a', 257}));
    auto second =
        ByteBpeTokenizer::fromTokenizerJson(files.write("b.json", tokenizerJson(extra, {"a b", "b c"})).toStdString());
    QCOMPARE(second.encode("abc"), (std::vector<int>{256, 'c'}));
    // ignore_merges: a piece that is in the vocabulary is taken whole.
    auto whole =
        ByteBpeTokenizer::fromTokenizerJson(files.write("c.json", tokenizerJson(extra, {"a b"}, true)).toStdString());
    QCOMPARE(whole.encode("abc"), (std::vector<int>{258}));
    QVERIFY(whole.isSpecial(300));
    QVERIFY(!whole.isSpecial(258));
    QCOMPARE(whole.vocabSize(), 301);
    QCOMPARE(whole.tokenBytes(299), std::string()); // an unused id
    // merges.txt: same ranks by line; "#version" header and CRLF line ends are fine.
    files.write("vocab.json", byteLevelVocab(extra).dump());
    files.write("merges.txt", "#version: 0.2\r\nb c\r\na b\r\n");
    auto slow = ByteBpeTokenizer::fromVocabMerges(files.path("vocab.json").toStdString(),
                                                  files.path("merges.txt").toStdString(), "");
    QCOMPARE(slow.encode("abc"), (std::vector<int>{'a', 257}));
    QCOMPARE(slow.encode(" abc"), (std::vector<int>{' ', 'a', 257}));
  }

  void corruptFiles_data() {
    QTest::addColumn<QString>("format"); // tiktoken, json, slow (vocab.json + merges.txt + added_tokens.json)
    QTest::addColumn<std::string>("main");
    QTest::addColumn<std::string>("merges");
    QTest::addColumn<std::string>("added");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message");
    const std::string tik = tiktokenBody({"ab"});
    const std::string noMerges;
    const std::string json = tokenizerJson({"ab"}, {"a b"});
    const std::string vocab = byteLevelVocab({"ab"}).dump();
    const std::string merges = "#version: 0.2\na b\n";
    const ErrorCode corrupt = ErrorCode::Corrupt;

    QTest::newRow("tiktoken missing") << "tiktoken" << std::string("\x01") << noMerges << noMerges
                                      << ErrorCode::NotFound << "main.tiktoken: tokenizer file not found";
    QTest::newRow("tiktoken empty") << "tiktoken" << std::string("\n\n") << noMerges << noMerges << corrupt
                                    << "no tokens";
    QTest::newRow("tiktoken bad base64") << "tiktoken" << tik + "Y!!= 257\n"
                                         << noMerges << noMerges << corrupt << "main.tiktoken:258: bad base64 'Y!!='";
    QTest::newRow("tiktoken bad padding") << "tiktoken" << tik + "Y=Jj 257\n"
                                          << noMerges << noMerges << corrupt << "main.tiktoken:258: bad base64";
    QTest::newRow("tiktoken duplicate rank")
        << "tiktoken" << tik + "YWJj 256\n"
        << noMerges << noMerges << corrupt << "main.tiktoken:258: rank 256 is given twice";
    QTest::newRow("tiktoken duplicate token")
        << "tiktoken" << tik + "YWI= 300\n"
        << noMerges << noMerges << corrupt << "main.tiktoken:258: token 'ab' is given twice";
    QTest::newRow("tiktoken no rank") << "tiktoken" << tik + "YWJj\n"
                                      << noMerges << noMerges << corrupt << "main.tiktoken:258: expected";
    QTest::newRow("tiktoken bad rank") << "tiktoken" << tik + "YWJj -4\n"
                                       << noMerges << noMerges << corrupt << "main.tiktoken:258: bad rank '-4'";
    QTest::newRow("tiktoken raw bytes in message")
        << "tiktoken" << tik + "YWJj 2\xFF\n"
        << noMerges << noMerges << corrupt << "main.tiktoken:258: bad rank '2\\xFF'";
    QTest::newRow("tiktoken huge rank") << "tiktoken" << tik + "YWJj 99999999999\n"
                                        << noMerges << noMerges << corrupt << "main.tiktoken:258: bad rank";
    QTest::newRow("tiktoken missing byte") << "tiktoken" << tiktokenBody({}, 0xFF) << noMerges << noMerges << corrupt
                                           << "no token for the single byte 0xFF";

    QTest::newRow("json missing") << "json" << std::string("\x01") << noMerges << noMerges << ErrorCode::NotFound
                                  << "main.json: tokenizer file not found";
    QTest::newRow("json truncated") << "json" << json.substr(0, json.size() / 2) << noMerges << noMerges << corrupt
                                    << "main.json: not valid JSON";
    // Found by fuzz_bytebpe: a number beyond double's range threw out_of_range past the loader.
    QTest::newRow("json number beyond double") << "json" << std::string(R"({"model": {"type": "BPE", "dropout": 1E999}})")
                                               << noMerges << noMerges << corrupt << "main.json: not valid JSON";
    QTest::newRow("json not an object") << "json" << std::string("[1, 2]") << noMerges << noMerges << corrupt
                                        << "expected a JSON object";
    QTest::newRow("json unknown merge token")
        << "json" << tokenizerJson({"ab"}, {"a b", "ab zz"}) << noMerges << noMerges << corrupt
        << "main.json: /model/merges/1: merge refers to unknown token 'zz'";
    QTest::newRow("json merge result missing")
        << "json" << tokenizerJson({}, {"a b"}) << noMerges << noMerges << corrupt
        << "/model/merges/0: the merge result 'ab' is not in the vocabulary";
    QTest::newRow("json bad merge") << "json" << tokenizerJson({"ab"}, {"a  b"}) << noMerges << noMerges << corrupt
                                    << "/model/merges/0: expected";
    QTest::newRow("json model type") << "json" << std::string(R"({"model": {"type": "Unigram"}})") << noMerges
                                     << noMerges << ErrorCode::Unsupported << "/model/type";
    QTest::newRow("json no model") << "json" << std::string(R"({"version": "1.0"})") << noMerges << noMerges << corrupt
                                   << "main.json: /model: missing";
    nlohmann::json badId = nlohmann::json::parse(json);
    badId["model"]["vocab"]["ab"] = "x";
    QTest::newRow("json bad id") << "json" << badId.dump() << noMerges << noMerges << corrupt
                                 << "/model/vocab/ab: expected an integer token id";
    nlohmann::json notByteLevel = nlohmann::json::parse(json);
    notByteLevel["model"]["vocab"]["a b"] = 400;
    QTest::newRow("json not byte-level") << "json" << notByteLevel.dump() << noMerges << noMerges << corrupt
                                         << "/model/vocab/a b: token is not spelled in the byte-level alphabet";
    nlohmann::json clash = nlohmann::json::parse(json);
    clash["added_tokens"][0]["id"] = 256;
    QTest::newRow("json added token clash") << "json" << clash.dump() << noMerges << noMerges << corrupt
                                            << "/added_tokens/0: id 256 is both 'ab' and special token '<|x|>'";
    nlohmann::json prefix = nlohmann::json::parse(json);
    prefix["pre_tokenizer"]["add_prefix_space"] = true;
    QTest::newRow("json prefix space") << "json" << prefix.dump() << noMerges << noMerges << ErrorCode::Unsupported
                                       << "add_prefix_space";

    QTest::newRow("slow vocab truncated")
        << "slow" << vocab.substr(0, 100) << merges << noMerges << corrupt << "vocab.json: not valid JSON";
    QTest::newRow("slow vocab number beyond double")
        << "slow" << std::string(R"({"a": -9e99999})") << merges << noMerges << corrupt << "vocab.json: not valid JSON";
    QTest::newRow("slow unknown merge token")
        << "slow" << vocab << merges + "ab q\xC4\xA0q\n"
        << noMerges << corrupt << "merges.txt:3: merge refers to unknown token 'q\xC4\xA0q'";
    QTest::newRow("slow merge line") << "slow" << vocab << merges + "a b c\n"
                                     << noMerges << corrupt << "merges.txt:3: expected \"left right\"";
    QTest::newRow("slow merges missing") << "slow" << vocab << std::string("\x01") << noMerges << ErrorCode::NotFound
                                         << "merges.txt: tokenizer file not found";
    QTest::newRow("slow added not object")
        << "slow" << vocab << merges << std::string("[1]") << corrupt << "added_tokens.json: expected an object";
    QTest::newRow("slow added twice") << "slow" << vocab << merges << std::string(R"({"<|a|>": 300, "<|b|>": 300})")
                                      << corrupt << "added_tokens.json: /<|b|>: id 300 is both '<|a|>'";
  }

  void corruptFiles() {
    QFETCH(QString, format);
    QFETCH(std::string, main);
    QFETCH(std::string, merges);
    QFETCH(std::string, added);
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);
    TempFiles files;
    // "\x01" stands for "this file does not exist".
    const auto put = [&](const QString &name, const std::string &content) {
      return content == "\x01" ? files.path(name).toStdString() : files.write(name, content).toStdString();
    };
    try {
      if (format == "tiktoken")
        ByteBpeTokenizer::fromTiktoken(put("main.tiktoken", main), {"<|s|>"});
      else if (format == "json")
        ByteBpeTokenizer::fromTokenizerJson(put("main.json", main));
      else
        ByteBpeTokenizer::fromVocabMerges(put("vocab.json", main), put("merges.txt", merges),
                                          added.empty() ? std::string() : put("added_tokens.json", added));
      QFAIL("no ModelError");
    } catch (const ModelError &e) {
      const QString what = QString::fromStdString(e.what());
      QVERIFY2(e.code() == code, qPrintable(what));
      QVERIFY2(what.contains(message), qPrintable(what));
      QCOMPARE(what.toStdString(), std::string(e.what())); // valid UTF-8, fit for a log or the UI
    }
  }

  void garbageNeverCrashes() {
    // Random bytes and random cuts of valid files: each either loads or throws ModelError.
    TempFiles files;
    const std::string valid[] = {tiktokenBody({"ab", "abc"}), tokenizerJson({"ab", "abc"}, {"a b", "ab c"})};
    std::mt19937 rng(5);
    int thrown = 0;
    for (int round = 0; round < 200; ++round) {
      std::string content = valid[round % 2];
      content.resize(std::uniform_int_distribution<std::size_t>(0, content.size())(rng));
      for (int flips = round % 5; flips > 0 && !content.empty(); --flips)
        content[std::uniform_int_distribution<std::size_t>(0, content.size() - 1)(rng)] =
            static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
      const std::string path = files.write(QStringLiteral("g%1").arg(round), content).toStdString();
      try {
        const ByteBpeTokenizer t =
            round % 2 ? ByteBpeTokenizer::fromTokenizerJson(path) : ByteBpeTokenizer::fromTiktoken(path, {"<|s|>"});
        QCOMPARE(t.decode(t.encode("abc abcab")), std::string("abc abcab"));
      } catch (const ModelError &e) {
        QVERIFY(e.code() == ErrorCode::Corrupt || e.code() == ErrorCode::Unsupported);
        QCOMPARE(QString::fromStdString(e.what()).toStdString(), std::string(e.what()));
        ++thrown;
      }
    }
    QVERIFY(thrown > 100);
  }
};

QTEST_GUILESS_MAIN(TestByteBpeLoaders)
#include "tst_bytebpeloaders.moc"
