// The M2M100 tokenizer (loadM2M100Tokenizer) on folders made at test time: the NLLB fixture's
// sentencepiece.bpe.model, linked in place, with a vocab.json derived from its pieces as fairseq's
// dictionary is (<s> <pad> </s> <unk> = 0..3, then the pieces in order) and "__xx__" language tokens
// in each layout the folders use. Ids, languages, the made-up words, decoding, the loader that
// picks NLLB or M2M100, and the errors of broken folders and bad input.

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/sentencepiece.h"
#include "core/inference/torch/tokenizers/seq2seqtokenizer.h"
#include "tests/support/testpaths.h"
#include "tests/unit/tokenizers/seq2seqtokenizertest.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

using dragoman::torchrt::ErrorCode;
using dragoman::torchrt::ModelError;
using dragoman::torchrt::SentencePieceModel;
using dragoman::torchrt::Seq2SeqTokenizer;
using Json = nlohmann::json;
using Ids = std::vector<long long>;
using dragoman::test::expectError;
using dragoman::test::show;

namespace {

// The order the folders list them in; the NLLB fixture has deu_Latn eng_Latn fra_Latn spa_Latn
// at 701..704, so the same order gives the same ids over the same pieces.
const std::vector<std::string> kLanguages = {"__de__", "__en__", "__fr__", "__es__"};

QString nllbFolder() {
  const QString spm = dragoman::test::sharedFile(QStringLiteral("fixtures/nllb-tiny-random/sentencepiece.bpe.model"));
  return spm.isEmpty() ? QString() : QFileInfo(spm).absolutePath();
}

Json readJsonFile(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  return Json::parse(file.readAll().toStdString(), nullptr, false);
}

// fairseq's dictionary over a SentencePiece model: the four specials, then every piece that is
// neither unknown nor control, in the model's order.
Json fairseqVocab(const SentencePieceModel &spm) {
  Json vocab = {{"<s>", 0}, {"<pad>", 1}, {"</s>", 2}, {"<unk>", 3}};
  long long next = 4;
  for (int id = 0; id < spm.size(); ++id)
    if (!spm.isUnknown(id) && !spm.isControl(id))
      vocab[spm.idToPiece(id)] = next++;
  return vocab;
}

// An M2M100 tokenizer folder. Layouts of the language tokens: "map" (special_tokens_map.json's
// additional_special_tokens, as the original checkpoints), "decoder" (tokenizer_config.json's
// added_tokens_decoder), "added" (added_tokens.json).
struct M2M100Folder {
  QTemporaryDir dir;
  Json vocab;
  Json config = {{"tokenizer_class", "M2M100Tokenizer"},
                 {"language_codes", "m2m100"},
                 {"bos_token", "<s>"},
                 {"eos_token", "</s>"},
                 {"sep_token", "</s>"},
                 {"pad_token", "<pad>"},
                 {"unk_token", "<unk>"},
                 {"model_max_length", 1024}};
  Json map = {{"bos_token", "<s>"},   {"eos_token", "</s>"},  {"sep_token", "</s>"},
              {"pad_token", "<pad>"}, {"unk_token", "<unk>"}, {"additional_special_tokens", kLanguages}};

  explicit M2M100Folder(const QString &layout = QStringLiteral("map")) {
    const QString spmPath = nllbFolder() + "/sentencepiece.bpe.model";
    QFile::link(spmPath, dir.filePath("sentencepiece.bpe.model"));
    vocab = fairseqVocab(SentencePieceModel::load(spmPath.toStdString()));
    const long long size = static_cast<long long>(vocab.size());
    if (layout == "decoder") {
      Json decoder = Json::object();
      for (const char *special : {"<s>", "<pad>", "</s>", "<unk>"})
        decoder[std::to_string(vocab[special].get<long long>())] = {{"content", special}, {"special", true}};
      for (std::size_t i = 0; i < kLanguages.size(); ++i)
        decoder[std::to_string(size + static_cast<long long>(i))] = {
            {"content", kLanguages[i]}, {"lstrip", false}, {"rstrip", false}, {"normalized", false}, {"special", true}};
      config["added_tokens_decoder"] = decoder;
    } else if (layout == "added") {
      Json added = Json::object();
      for (std::size_t i = 0; i < kLanguages.size(); ++i)
        added[kLanguages[i]] = size + static_cast<long long>(i);
      writeJson("added_tokens.json", added);
    }
    if (layout != "map")
      map.erase("additional_special_tokens");
    save();
  }
  void save() {
    writeJson("vocab.json", vocab);
    writeJson("tokenizer_config.json", config);
    writeJson("special_tokens_map.json", map);
  }
  std::string path() const { return dir.path().toStdString(); }
  bool write(const QString &name, const QByteArray &bytes) {
    QFile::remove(dir.filePath(name));
    QFile file(dir.filePath(name));
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
  }
  bool writeJson(const QString &name, const Json &json) { return write(name, QByteArray::fromStdString(json.dump(2))); }
  bool remove(const QString &name) { return QFile::remove(dir.filePath(name)); }
  std::unique_ptr<Seq2SeqTokenizer> load() const { return dragoman::torchrt::loadM2M100Tokenizer(path()); }
};

#define REQUIRE_FIXTURE()                                                                                              \
  if (nllbFolder().isEmpty())                                                                                          \
  QSKIP("fixtures/nllb-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder")

} // namespace

class TestM2M100Tokenizer : public QObject {
  Q_OBJECT
private Q_SLOTS:
  // [__src__] + vocab.json's ids of the pieces + [</s>].
  void encodeIds() {
    REQUIRE_FIXTURE();
    M2M100Folder folder;
    const auto tokenizer = folder.load();
    QCOMPARE(QString::fromStdString(tokenizer->family()), QStringLiteral("m2m100"));
    for (const char *text : {"Hello, world!", "Straße, Mädchen, Übermut", "tab\tand\nnewline", ""}) {
      Ids expected = {*tokenizer->languageTokenId("__en__")};
      for (const std::string &piece : tokenizer->pieces(text)) // a piece vocab.json lacks is <unk>
        expected.push_back(folder.vocab.contains(piece) ? folder.vocab.at(piece).get<long long>() : 3);
      expected.push_back(2);
      QCOMPARE(show(tokenizer->encode(text, "__en__")), show(expected));
      // A bare code reads as its token.
      QCOMPARE(show(tokenizer->encode(text, "en")), show(expected));
    }
    QCOMPARE(tokenizer->eosId(), 2);
    QCOMPARE(tokenizer->padId(), 1);
    QCOMPARE(tokenizer->unkId(), 3);
    // Language and special tokens in the text stay whole.
    const Ids ids = tokenizer->encode("Hello __de__ world</s>", "__fr__");
    QCOMPARE(ids.front(), *tokenizer->languageTokenId("__fr__"));
    QVERIFY(std::find(ids.begin(), ids.end(), *tokenizer->languageTokenId("__de__")) != ids.end());
    QCOMPARE(std::count(ids.begin(), ids.end(), 2LL), std::ptrdiff_t(2));
  }

  // The dictionary is fairseq's over the same pieces, so the ids are NLLB's (language tokens in the
  // fixture's order): every recorded tokenizer case of the NLLB fixture.
  void sameIdsAsNllbFixture() {
    REQUIRE_FIXTURE();
    const Json cases = readJsonFile(nllbFolder() + "/cases.json");
    if (!cases.contains("tokenizer_cases"))
      QSKIP("fixtures/nllb-tiny-random/cases.json has no tokenizer_cases");
    M2M100Folder folder;
    const auto tokenizer = folder.load();
    for (const Json &c : cases["tokenizer_cases"]) {
      QCOMPARE(c.value("src_lang", std::string()), std::string("eng_Latn"));
      QCOMPARE(show(tokenizer->encode(c["text"].get<std::string>(), "__en__")), show(c["input_ids"].get<Ids>()));
    }
  }

  void missingPieceIsUnk() {
    REQUIRE_FIXTURE();
    M2M100Folder folder;
    const std::vector<std::string> pieces = folder.load()->pieces("Hello world");
    QVERIFY(pieces.size() >= 2);
    // Renamed, not removed: the dictionary keeps its size and the language ids stay where they are.
    const std::string dropped = pieces.back();
    const long long id = folder.vocab.at(dropped).get<long long>();
    folder.vocab.erase(dropped);
    folder.vocab[dropped + "\xE2\x80\xA0"] = id;
    folder.save();
    const auto tokenizer = folder.load();
    const Ids ids = tokenizer->encode("Hello world", "__en__");
    QCOMPARE(ids.size(), pieces.size() + 2);
    QCOMPARE(ids[ids.size() - 2], 3LL);
    QCOMPARE(ids.back(), 2LL);
  }

  // Languages: len(vocab.json) + i in the order listed, whichever file lists them.
  void languageIds_data() {
    QTest::addColumn<QString>("layout");
    QTest::newRow("special_tokens_map.json") << "map";
    QTest::newRow("added_tokens_decoder") << "decoder";
    QTest::newRow("added_tokens.json") << "added";
  }
  void languageIds() {
    REQUIRE_FIXTURE();
    QFETCH(QString, layout);
    M2M100Folder folder(layout);
    const auto tokenizer = folder.load();
    const long long size = static_cast<long long>(folder.vocab.size());
    QCOMPARE(show(tokenizer->languageTokens()), show(kLanguages));
    for (std::size_t i = 0; i < kLanguages.size(); ++i)
      QCOMPARE(tokenizer->languageTokenId(kLanguages[i]).value_or(-1), size + static_cast<long long>(i));
    QCOMPARE(tokenizer->languageTokenId("de").value_or(-1), size);
    QVERIFY(!tokenizer->languageTokenId("__ja__"));
    QVERIFY(!tokenizer->languageTokenId("<s>"));
    QVERIFY(!tokenizer->languageTokenId(""));
    // Eight made-up words follow the languages.
    QCOMPARE(tokenizer->vocabSize(), size + static_cast<long long>(kLanguages.size()) + 8);
  }

  // The order of the list is the order of the ids; num_madeup_words sets how many ids follow.
  void listedOrderAndMadeupWords() {
    REQUIRE_FIXTURE();
    M2M100Folder folder;
    folder.map["additional_special_tokens"] = {"__es__", "__ast__", "__de__"};
    folder.config["num_madeup_words"] = 1;
    folder.save();
    const auto tokenizer = folder.load();
    const long long size = static_cast<long long>(folder.vocab.size());
    QCOMPARE(show(tokenizer->languageTokens()), QStringList({"__es__", "__ast__", "__de__"}));
    QCOMPARE(tokenizer->languageTokenId("__ast__").value_or(-1), size + 1);
    QCOMPARE(tokenizer->vocabSize(), size + 3 + 1);
    // tokenizer_config.json's own list wins over special_tokens_map.json's.
    folder.config["additional_special_tokens"] = {"__fr__"};
    folder.save();
    QCOMPARE(show(folder.load()->languageTokens()), QStringList({"__fr__"}));
  }

  void decode() {
    REQUIRE_FIXTURE();
    M2M100Folder folder;
    const auto tokenizer = folder.load();
    const long long size = static_cast<long long>(folder.vocab.size());
    for (const char *text : {"Hello, world!", "Straße, Mädchen", "numbers 3.14159, 1,000,000 and -42"})
      QCOMPARE(QString::fromStdString(tokenizer->decode(tokenizer->encode(text, "__de__"))), QString::fromUtf8(text));
    // Language tokens, specials, made-up words and ids past the end are skipped.
    const Ids hello = tokenizer->encode("Hello", "__en__");
    Ids noisy = {2, size + 2, 0, 1, 3, size + 4, size + 11, 100000, -1};
    noisy.insert(noisy.end(), hello.begin(), hello.end());
    QCOMPARE(QString::fromStdString(tokenizer->decode(noisy)), QStringLiteral("Hello"));
    QCOMPARE(QString::fromStdString(tokenizer->decode({})), QString());
    // clean_up_tokenization_spaces: on by default, off when the config says so.
    const Ids spaced = tokenizer->encode("Hello , world !", "__en__");
    QCOMPARE(QString::fromStdString(tokenizer->decode(spaced)), QStringLiteral("Hello, world!"));
    folder.config["clean_up_tokenization_spaces"] = false;
    folder.save();
    QCOMPARE(QString::fromStdString(folder.load()->decode(spaced)), QStringLiteral("Hello , world !"));
  }

  // The loader of model_type m2m_100 folders: tokenizer_class picks, else vocab.json means M2M100.
  void familyLoader() {
    REQUIRE_FIXTURE();
    M2M100Folder folder;
    QCOMPARE(QString::fromStdString(dragoman::torchrt::loadM2M100FamilyTokenizer(folder.path())->family()),
             QStringLiteral("m2m100"));
    folder.config.erase("tokenizer_class");
    folder.save();
    QCOMPARE(QString::fromStdString(dragoman::torchrt::loadM2M100FamilyTokenizer(folder.path())->family()),
             QStringLiteral("m2m100"));
    QCOMPARE(QString::fromStdString(dragoman::torchrt::loadM2M100FamilyTokenizer(nllbFolder().toStdString())->family()),
             QStringLiteral("nllb"));
    // The NLLB loader refuses an M2M100 folder by its class.
    folder.config["tokenizer_class"] = "M2M100Tokenizer";
    folder.save();
    expectError([&] { dragoman::torchrt::loadNllbTokenizer(folder.path()); }, ErrorCode::Unsupported,
                "M2M100Tokenizer");
  }

  void brokenFolders() {
    REQUIRE_FIXTURE();
    QTemporaryDir empty;
    expectError([&] { dragoman::torchrt::loadM2M100Tokenizer(empty.filePath("absent").toStdString()); },
                ErrorCode::NotFound, "vocab.json");
    {
      M2M100Folder folder;
      QVERIFY(folder.remove("vocab.json"));
      expectError([&] { folder.load(); }, ErrorCode::NotFound, "vocab.json");
      // Named by its class, the folder goes to M2M100 and its error names the missing file.
      expectError([&] { dragoman::torchrt::loadM2M100FamilyTokenizer(folder.path()); }, ErrorCode::NotFound,
                  "vocab.json");
      QVERIFY(folder.write("vocab.json", "{\"<unk>\": 3, \"</s>\": "));
      expectError([&] { folder.load(); }, ErrorCode::Corrupt, "vocab.json");
      QVERIFY(folder.write("vocab.json", "{\"<unk>\": 3, \"</s>\": \"two\"}"));
      expectError([&] { folder.load(); }, ErrorCode::Corrupt, "vocab.json");
      QVERIFY(folder.write("vocab.json", "{\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2}"));
      expectError([&] { folder.load(); }, ErrorCode::Corrupt, "<unk>");
      QVERIFY(folder.write("vocab.json", "{\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2, \"<unk>\": 2}"));
      expectError([&] { folder.load(); }, ErrorCode::Corrupt, "the same id");
    }
    {
      M2M100Folder folder;
      QVERIFY(folder.remove("sentencepiece.bpe.model"));
      expectError([&] { folder.load(); }, ErrorCode::NotFound, "sentencepiece.bpe.model");
      QVERIFY(folder.write("sentencepiece.bpe.model", QByteArray("\x0a\x05", 2)));
      expectError([&] { folder.load(); }, ErrorCode::Corrupt, "sentencepiece.bpe.model");
    }
    {
      M2M100Folder folder;
      folder.map["additional_special_tokens"] = Json::array();
      folder.save();
      expectError([&] { folder.load(); }, ErrorCode::Corrupt, "language tokens");
      QVERIFY(folder.writeJson("added_tokens.json", {{"__de__", "x"}}));
      expectError([&] { folder.load(); }, ErrorCode::Corrupt, "added_tokens.json");
      // An id vocab.json gives another piece.
      QVERIFY(folder.writeJson("added_tokens.json", {{"__de__", 5}}));
      expectError([&] { folder.load(); }, ErrorCode::Corrupt, "vocab.json gives");
    }
    {
      M2M100Folder folder;
      folder.config["tokenizer_class"] = "NllbTokenizer";
      folder.save();
      expectError([&] { folder.load(); }, ErrorCode::Unsupported, "NllbTokenizer");
      folder.config["tokenizer_class"] = "M2M100Tokenizer";
      folder.config["num_madeup_words"] = -1;
      folder.save();
      expectError([&] { folder.load(); }, ErrorCode::Corrupt, "num_madeup_words");
    }
  }

  void badInput() {
    REQUIRE_FIXTURE();
    M2M100Folder folder;
    const auto tokenizer = folder.load();
    expectError([&] { tokenizer->encode("Hello", "__ja__"); }, ErrorCode::Input, "__ja__");
    expectError([&] { tokenizer->encode("Hello", ""); }, ErrorCode::Input, "language");
    for (const std::string &bad :
         {std::string("abc\xff"), std::string("\xc3"), std::string("a\xed\xa0\x80z"), std::string("\xe2\x82")}) {
      expectError([&] { tokenizer->pieces(bad); }, ErrorCode::Input, "UTF-8");
      expectError([&] { tokenizer->encode(bad, "__en__"); }, ErrorCode::Input, "UTF-8");
    }
    QVERIFY(tokenizer->encode(std::string("a\0b", 3), "__en__").size() > 2);
  }
};

QTEST_GUILESS_MAIN(TestM2M100Tokenizer)
#include "tst_m2m100tokenizer.moc"
