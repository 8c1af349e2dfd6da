// Seq2SeqTokenizer (Marian, NLLB): pieces, encoder ids and decoded texts of every case recorded
// from Hugging Face's slow tokenizers in shared/fixtures/{marian,nllb}-tiny-random/cases.json, the
// padded batch, the special and language ids, the other layouts of NLLB's added tokens, the
// tokenizer_config.json switches, and the errors of broken folders and bad input.

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/seq2seqtokenizer.h"
#include "tests/support/testpaths.h"
#include "tests/unit/tokenizers/seq2seqtokenizertest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>

using dragoman::torchrt::ErrorCode;
using dragoman::torchrt::ModelError;
using dragoman::torchrt::Seq2SeqTokenizer;
using Json = nlohmann::json;
using Ids = std::vector<long long>;
using dragoman::test::expectError;
using dragoman::test::show;

namespace {

const char *const kFamilies[] = {"marian", "nllb"};

QString fixtureFolder(const QString &family) {
  const QString cases = dragoman::test::sharedFile(QStringLiteral("fixtures/%1-tiny-random/cases.json").arg(family));
  return cases.isEmpty() ? QString() : QFileInfo(cases).absolutePath();
}

std::unique_ptr<Seq2SeqTokenizer> load(const QString &family, const std::string &folder) {
  return family == "marian" ? dragoman::torchrt::loadMarianTokenizer(folder)
                            : dragoman::torchrt::loadNllbTokenizer(folder);
}

Json readJsonFile(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  return Json::parse(file.readAll().toStdString(), nullptr, false);
}

const Json &cases(const QString &family) {
  static std::map<QString, Json> cache;
  auto it = cache.find(family);
  if (it == cache.end())
    it = cache.emplace(family, readJsonFile(fixtureFolder(family) + "/cases.json")).first;
  return it->second;
}

const Seq2SeqTokenizer &fixtureTokenizer(const QString &family) {
  static std::map<QString, std::unique_ptr<Seq2SeqTokenizer>> cache;
  auto &slot = cache[family];
  if (!slot)
    slot = load(family, fixtureFolder(family).toStdString());
  return *slot;
}

QString text(const std::string &utf8) {
  return QString::fromStdString(utf8);
}

std::string language(const Json &entry) {
  const auto it = entry.find("src_lang");
  return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A writable copy of a fixture folder: links to its files, minus the cases and the weights.
struct FolderCopy {
  QTemporaryDir dir;
  explicit FolderCopy(const QString &source) {
    for (const QFileInfo &info : QDir(source).entryInfoList(QDir::Files))
      if (!info.fileName().startsWith("cases") && !info.fileName().startsWith("model"))
        QFile::link(info.absoluteFilePath(), dir.filePath(info.fileName()));
  }
  std::string path() const { return dir.path().toStdString(); }
  bool write(const QString &name, const QByteArray &bytes) {
    QFile::remove(dir.filePath(name));
    QFile file(dir.filePath(name));
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
  }
  bool writeJson(const QString &name, const Json &json) { return write(name, QByteArray::fromStdString(json.dump(2))); }
  bool remove(const QString &name) { return QFile::remove(dir.filePath(name)); }
};

#define REQUIRE_FIXTURES()                                                                                             \
  if (fixtureFolder("marian").isEmpty() || fixtureFolder("nllb").isEmpty())                                            \
  QSKIP("fixtures/marian-tiny-random or fixtures/nllb-tiny-random not found: set DRAGOMAN_SHARED to the shared/ "      \
        "folder")

} // namespace

class TestSeq2SeqTokenizers : public QObject {
  Q_OBJECT
private Q_SLOTS:
  // Every entry of "cases" and "tokenizer_cases": pieces, input ids, decode of the input ids and of
  // the greedy and beam outputs.
  void fixtureCases_data() {
    REQUIRE_FIXTURES();
    QTest::addColumn<QString>("family");
    QTest::addColumn<QByteArray>("entry");
    for (const char *family : kFamilies) {
      for (const char *list : {"cases", "tokenizer_cases"}) {
        const Json &entries = cases(family)[list];
        QVERIFY2(entries.is_array() && !entries.empty(), list);
        for (std::size_t i = 0; i < entries.size(); ++i) {
          const QString label = QString::fromStdString(entries[i].value("name", entries[i].value("text", ""))).left(24);
          QTest::addRow("%s/%s/%zu %s", family, list, i, qPrintable(label))
              << QString(family) << QByteArray::fromStdString(entries[i].dump());
        }
      }
    }
  }

  void fixtureCases() {
    QFETCH(QString, family);
    QFETCH(QByteArray, entry);
    const Json c = Json::parse(entry.toStdString());
    const Seq2SeqTokenizer &tokenizer = fixtureTokenizer(family);
    const std::string input = c["text"].get<std::string>();
    QCOMPARE(show(tokenizer.pieces(input)), show(c["pieces"].get<std::vector<std::string>>()));
    const Ids ids = c["input_ids"].get<Ids>();
    QCOMPARE(show(tokenizer.encode(input, language(c))), show(ids));
    if (c.contains("decoded"))
      QCOMPARE(text(tokenizer.decode(ids)), text(c["decoded"].get<std::string>()));
    for (const char *output : {"greedy", "beam"})
      if (c.contains(output))
        QCOMPARE(text(tokenizer.decode(c[output].get<Ids>())),
                 text(c[std::string(output) + "_text"].get<std::string>()));
  }

  // The padded batch (each row with its own source language) and the no-repeat-ngram outputs.
  void batchAndNgram_data() {
    REQUIRE_FIXTURES();
    QTest::addColumn<QString>("family");
    for (const char *family : kFamilies)
      QTest::newRow(family) << QString(family);
  }

  void batchAndNgram() {
    QFETCH(QString, family);
    const Seq2SeqTokenizer &tokenizer = fixtureTokenizer(family);
    const Json &all = cases(family);
    const Json &batch = all["batch"];
    std::vector<Ids> rows;
    std::size_t width = 0;
    for (std::size_t row = 0; row < batch["cases"].size(); ++row) {
      const std::string name = batch["cases"][row].get<std::string>();
      const auto c = std::find_if(all["cases"].begin(), all["cases"].end(),
                                  [&](const Json &entry) { return entry["name"] == name; });
      QVERIFY(c != all["cases"].end());
      const std::string lang = batch.contains("src_langs") ? batch["src_langs"][row].get<std::string>() : "";
      rows.push_back(tokenizer.encode((*c)["text"].get<std::string>(), lang));
      width = std::max(width, rows.back().size());
    }
    for (std::size_t row = 0; row < rows.size(); ++row) {
      rows[row].resize(width, tokenizer.padId());
      QCOMPARE(show(rows[row]), show(batch["input_ids"][row].get<Ids>()));
      for (const char *output : {"greedy", "beam"})
        QCOMPARE(text(tokenizer.decode(batch[output][row].get<Ids>())),
                 text(batch[std::string(output) + "_text"][row].get<std::string>()));
    }
    const Json &ngram = all["ngram_case"];
    for (const char *output : {"greedy", "beam"})
      QCOMPARE(text(tokenizer.decode(ngram[output].get<Ids>())),
               text(ngram[std::string(output) + "_text"].get<std::string>()));
  }

  void marianSpecialsAndLanguages() {
    REQUIRE_FIXTURES();
    const Seq2SeqTokenizer &marian = fixtureTokenizer("marian");
    const Json &generation = cases("marian")["cases"][0]["generation"];
    const Json vocab = readJsonFile(fixtureFolder("marian") + "/vocab.json");
    QCOMPARE(text(marian.family()), QString("marian"));
    QCOMPARE(marian.eosId(), generation["eos_token_id"].get<long long>());
    QCOMPARE(marian.padId(), generation["pad_token_id"].get<long long>());
    QCOMPARE(marian.unkId(), vocab["<unk>"].get<long long>());
    QCOMPARE(marian.vocabSize(), cases("marian")["dims"]["vocab_size"].get<long long>());
    QCOMPARE(text(marian.declaredPair().first), QString("en"));
    QCOMPARE(text(marian.declaredPair().second), QString("de"));
    QVERIFY(marian.languageTokens().empty());
    QVERIFY(!marian.languageTokenId(">>deu<<"));
    // A leading ">>xxx<<" stays one piece (not in this vocabulary: <unk>); codes elsewhere are dropped.
    const std::vector<std::string> hello = marian.pieces("Hello world");
    std::vector<std::string> tagged = {">>deu<<"};
    tagged.insert(tagged.end(), hello.begin(), hello.end());
    QCOMPARE(show(marian.pieces(">>deu<< Hello world")), show(tagged));
    QCOMPARE(marian.encode(">>deu<< Hello world", "").front(), marian.unkId());
    QCOMPARE(show(marian.pieces("Hello >>x<< world")), show(marian.pieces("Hello  world")));
    // An added (special) token in the text is one token; decoding skips it.
    std::vector<std::string> withEos = hello;
    withEos.push_back("</s>");
    QCOMPARE(show(marian.pieces("Hello world</s>")), show(withEos));
    // Ids vocab.json lacks are skipped, as <unk> is.
    QCOMPARE(text(marian.decode({-5, 100000, marian.unkId()})), QString());
  }

  void nllbSpecialsAndLanguages() {
    REQUIRE_FIXTURES();
    const Seq2SeqTokenizer &nllb = fixtureTokenizer("nllb");
    const Json &ids = cases("nllb")["tokenizer"]["ids"];
    QCOMPARE(text(nllb.family()), QString("nllb"));
    QCOMPARE(nllb.eosId(), ids["</s>"].get<long long>());
    QCOMPARE(nllb.padId(), ids["<pad>"].get<long long>());
    QCOMPARE(nllb.unkId(), ids["<unk>"].get<long long>());
    QCOMPARE(nllb.vocabSize(), cases("nllb")["dims"]["vocab_size"].get<long long>());
    QVERIFY(nllb.declaredPair().first.empty() && nllb.declaredPair().second.empty());
    // The language codes in id order, each with the fixture's id.
    std::vector<std::pair<long long, std::string>> expected;
    for (const auto &[token, id] : ids.items())
      if (token.find('_') != std::string::npos)
        expected.emplace_back(id.get<long long>(), token);
    std::sort(expected.begin(), expected.end());
    std::vector<std::string> codes;
    for (const auto &[id, code] : expected) {
      codes.push_back(code);
      QCOMPARE(nllb.languageTokenId(code).value_or(-1), id);
    }
    QCOMPARE(show(nllb.languageTokens()), show(codes));
    QVERIFY(!nllb.languageTokenId("<mask>"));
    QVERIFY(!nllb.languageTokenId("xxx_Latn"));
    // Added tokens in the text stay whole; <mask> takes the space before it.
    const long long deu = *nllb.languageTokenId("deu_Latn");
    const Ids encoded = nllb.encode("Hello deu_Latn world", "eng_Latn");
    QVERIFY(std::find(encoded.begin(), encoded.end(), deu) != encoded.end());
    std::vector<std::string> masked = nllb.pieces("Hello");
    masked.push_back("<mask>");
    QCOMPARE(show(nllb.pieces("Hello <mask>")), show(masked));
    // Codes, <mask> and ids past the vocabulary are skipped.
    const Ids hello = nllb.encode("Hello", "eng_Latn");
    Ids noisy = {deu, ids["<mask>"].get<long long>(), 100000, -1};
    noisy.insert(noisy.end(), hello.begin(), hello.end());
    QCOMPARE(text(nllb.decode(noisy)), text(nllb.decode(hello)));
  }

  // Without added_tokens_decoder the ids come from tokenizer.json's added_tokens, else from
  // additional_special_tokens (codes after the pieces, <mask> last): the same ids either way.
  void nllbOtherLayouts_data() {
    REQUIRE_FIXTURES();
    QTest::addColumn<bool>("withTokenizerJson");
    QTest::newRow("additional_special_tokens") << false;
    QTest::newRow("tokenizer.json") << true;
  }

  void nllbOtherLayouts() {
    QFETCH(bool, withTokenizerJson);
    const QString source = fixtureFolder("nllb");
    Json config = readJsonFile(source + "/tokenizer_config.json");
    const Json decoder = config["added_tokens_decoder"];
    QVERIFY(decoder.is_object());
    config.erase("added_tokens_decoder");
    FolderCopy copy(source);
    QVERIFY(copy.writeJson("tokenizer_config.json", config));
    if (withTokenizerJson) {
      Json added = Json::array();
      for (const auto &[id, entry] : decoder.items()) {
        Json token = entry;
        token["id"] = std::stoll(id);
        added.push_back(token);
      }
      QVERIFY(copy.writeJson("tokenizer.json", {{"version", "1.0"}, {"added_tokens", added}}));
    }
    const auto other = dragoman::torchrt::loadNllbTokenizer(copy.path());
    const Seq2SeqTokenizer &reference = fixtureTokenizer("nllb");
    QCOMPARE(show(other->languageTokens()), show(reference.languageTokens()));
    for (const std::string &code : reference.languageTokens())
      QCOMPARE(other->languageTokenId(code).value_or(-1), reference.languageTokenId(code).value_or(-2));
    QCOMPARE(other->vocabSize(), reference.vocabSize());
    QCOMPARE(show(other->encode("a <mask> b", "eng_Latn")), show(reference.encode("a <mask> b", "eng_Latn")));
    for (const Json &c : cases("nllb")["tokenizer_cases"]) {
      const Ids ids = other->encode(c["text"].get<std::string>(), language(c));
      QCOMPARE(show(ids), show(c["input_ids"].get<Ids>()));
      QCOMPARE(text(other->decode(ids)), text(c["decoded"].get<std::string>()));
    }
  }

  void nllbLegacyBehaviour() {
    REQUIRE_FIXTURES();
    const QString source = fixtureFolder("nllb");
    Json config = readJsonFile(source + "/tokenizer_config.json");
    config["legacy_behaviour"] = true;
    FolderCopy copy(source);
    QVERIFY(copy.writeJson("tokenizer_config.json", config));
    const auto legacy = dragoman::torchrt::loadNllbTokenizer(copy.path());
    for (const Json &c : cases("nllb")["tokenizer_cases"])
      QCOMPARE(show(legacy->encode(c["text"].get<std::string>(), language(c))),
               show(c["input_ids_legacy_behaviour"].get<Ids>()));
  }

  // clean_up_tokenization_spaces absent: transformers v4's default (true) applies.
  void cleanUpWhenConfigIsSilent_data() { batchAndNgram_data(); }

  void cleanUpWhenConfigIsSilent() {
    QFETCH(QString, family);
    const QString source = fixtureFolder(family);
    Json config = readJsonFile(source + "/tokenizer_config.json");
    config.erase("clean_up_tokenization_spaces");
    FolderCopy copy(source);
    QVERIFY(copy.writeJson("tokenizer_config.json", config));
    const auto tokenizer = load(family, copy.path());
    for (const Json &c : cases(family)["cases"])
      QCOMPARE(text(tokenizer->decode(c["greedy"].get<Ids>())), text(c["greedy_text_cleanup"].get<std::string>()));
    QCOMPARE(text(tokenizer->decode(tokenizer->encode("Hello , world !", "eng_Latn"))),
             text(fixtureTokenizer(family).decode(fixtureTokenizer(family).encode("Hello, world!", "eng_Latn"))));
  }

  void brokenFolders() {
    REQUIRE_FIXTURES();
    QTemporaryDir empty;
    const std::string missing = empty.filePath("absent").toStdString();
    expectError([&] { dragoman::torchrt::loadMarianTokenizer(missing); }, ErrorCode::NotFound, "source.spm");
    expectError([&] { dragoman::torchrt::loadNllbTokenizer(missing); }, ErrorCode::NotFound, "sentencepiece.bpe.model");

    const QString marian = fixtureFolder("marian");
    const QString nllb = fixtureFolder("nllb");
    QFile spm(marian + "/source.spm");
    QVERIFY(spm.open(QIODevice::ReadOnly));
    const QByteArray truncated = spm.readAll().left(spm.size() / 2);
    {
      FolderCopy copy(marian);
      QVERIFY(copy.remove("vocab.json"));
      expectError([&] { dragoman::torchrt::loadMarianTokenizer(copy.path()); }, ErrorCode::NotFound, "vocab.json");
      QVERIFY(copy.write("vocab.json", "{\"<unk>\": 1, \"</s>\": "));
      expectError([&] { dragoman::torchrt::loadMarianTokenizer(copy.path()); }, ErrorCode::Corrupt, "vocab.json");
      QVERIFY(copy.write("vocab.json", "{\"<unk>\": 1, \"</s>\": \"zero\"}"));
      expectError([&] { dragoman::torchrt::loadMarianTokenizer(copy.path()); }, ErrorCode::Corrupt, "vocab.json");
      // A number beyond double's range is refused as bad JSON (it used to escape as out_of_range).
      QVERIFY(copy.write("vocab.json", "{\"<unk>\": 1, \"</s>\": 1e999}"));
      expectError([&] { dragoman::torchrt::loadMarianTokenizer(copy.path()); }, ErrorCode::Corrupt, "vocab.json: not valid JSON");
      QVERIFY(copy.write("vocab.json", "{\"</s>\": 0, \"<pad>\": 1}"));
      expectError([&] { dragoman::torchrt::loadMarianTokenizer(copy.path()); }, ErrorCode::Corrupt, "<unk>");
    }
    {
      FolderCopy copy(marian);
      QVERIFY(copy.write("source.spm", truncated));
      expectError([&] { dragoman::torchrt::loadMarianTokenizer(copy.path()); }, ErrorCode::Corrupt, "source.spm");
      QVERIFY(copy.write("source.spm", QByteArray()));
      expectError([&] { dragoman::torchrt::loadMarianTokenizer(copy.path()); }, ErrorCode::Corrupt, "source.spm");
    }
    {
      FolderCopy copy(marian);
      Json config = readJsonFile(marian + "/tokenizer_config.json");
      config["separate_vocabs"] = true;
      QVERIFY(copy.writeJson("tokenizer_config.json", config));
      expectError([&] { dragoman::torchrt::loadMarianTokenizer(copy.path()); }, ErrorCode::Unsupported,
                  "tokenizer_config.json");
      QVERIFY(copy.write("tokenizer_config.json", "{ not json"));
      expectError([&] { dragoman::torchrt::loadMarianTokenizer(copy.path()); }, ErrorCode::Corrupt,
                  "tokenizer_config.json");
    }
    {
      FolderCopy copy(nllb);
      QVERIFY(copy.write("sentencepiece.bpe.model", truncated));
      expectError([&] { dragoman::torchrt::loadNllbTokenizer(copy.path()); }, ErrorCode::Corrupt,
                  "sentencepiece.bpe.model");
    }
    {
      FolderCopy copy(nllb);
      Json config = readJsonFile(nllb + "/tokenizer_config.json");
      config["tokenizer_class"] = "M2M100Tokenizer";
      QVERIFY(copy.writeJson("tokenizer_config.json", config));
      expectError([&] { dragoman::torchrt::loadNllbTokenizer(copy.path()); }, ErrorCode::Unsupported,
                  "M2M100Tokenizer");
      // The loader of m2m_100 folders takes the class at its word: an M2M100 tokenizer, which needs
      // vocab.json (tst_m2m100tokenizer covers real M2M100 folders).
      expectError([&] { dragoman::torchrt::loadM2M100FamilyTokenizer(copy.path()); }, ErrorCode::NotFound,
                  "vocab.json");
      config["tokenizer_class"] = "NllbTokenizer";
      config["added_tokens_decoder"] = {{"701", {{"lstrip", false}}}};
      QVERIFY(copy.writeJson("tokenizer_config.json", config));
      expectError([&] { dragoman::torchrt::loadNllbTokenizer(copy.path()); }, ErrorCode::Corrupt,
                  "added_tokens_decoder/701");
      config.erase("added_tokens_decoder");
      config.erase("additional_special_tokens");
      QVERIFY(copy.writeJson("tokenizer_config.json", config));
      QVERIFY(copy.remove("special_tokens_map.json"));
      expectError([&] { dragoman::torchrt::loadNllbTokenizer(copy.path()); }, ErrorCode::Corrupt, "language codes");
    }
  }

  void badInput() {
    REQUIRE_FIXTURES();
    const Seq2SeqTokenizer &nllb = fixtureTokenizer("nllb");
    expectError([&] { nllb.encode("Hello", "xxx_Latn"); }, ErrorCode::Input, "xxx_Latn");
    expectError([&] { nllb.encode("Hello", ""); }, ErrorCode::Input, "language");
    for (const char *family : kFamilies) {
      const Seq2SeqTokenizer &tokenizer = fixtureTokenizer(family);
      for (const std::string &bad :
           {std::string("abc\xff"), std::string("\xc3"), std::string("a\xed\xa0\x80z"), std::string("\xe2\x82")}) {
        expectError([&] { tokenizer.pieces(bad); }, ErrorCode::Input, "UTF-8");
        expectError([&] { tokenizer.encode(bad, "eng_Latn"); }, ErrorCode::Input, "UTF-8");
      }
      QCOMPARE(text(tokenizer.decode({})), QString());
      QVERIFY(tokenizer.encode(std::string("a\0b", 3), "eng_Latn").size() > 1);
    }
  }
};

QTEST_GUILESS_MAIN(TestSeq2SeqTokenizers)
#include "tst_seq2seqtokenizers.moc"
