// WhisperVocab: special ids found by their text in each kind of model folder (a bare .tiktoken,
// tokenizer.json, vocab.json + merges.txt + added_tokens.json, the older layout without timestamp
// tokens), the vocabulary size checks, languages, non-speech tokens and text decoding.

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/whispervocab.h"
#include "tests/support/testpaths.h"
#include "tests/unit/tokenizers/tokenizerfiles.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>

using dragoman::torchrt::ErrorCode;
using dragoman::torchrt::ModelError;
using dragoman::torchrt::whisper::whisperSpecialTokens;
using dragoman::torchrt::whisper::WhisperVocab;
using namespace dragoman::test;

namespace {

// A temporary model folder holding links to shared vocabulary files.
struct Folder {
  QTemporaryDir dir;
  QString path() const { return dir.path(); }
  std::string str() const { return dir.path().toStdString(); }
  bool link(const QString &target, const QString &name) { return QFile::link(target, dir.path() + "/" + name); }
};

// openai's Tokenizer.non_speech_tokens for the two vocabularies, as openai/whisper computes them.
const std::vector<int> kNonSpeechMultilingual = {
    1,     2,     7,     8,     9,     10,    14,    25,    26,    27,    28,    29,    31,    58,
    59,    60,    61,    62,    63,    90,    91,    92,    93,    359,   503,   522,   542,   873,
    893,   902,   918,   922,   931,   1350,  1853,  1982,  2460,  2627,  3246,  3253,  3268,  3536,
    3846,  3961,  4183,  4667,  6585,  6647,  7273,  9061,  9383,  10428, 10929, 11938, 12033, 12331,
    12562, 13793, 14157, 14635, 15265, 15618, 16553, 16604, 18362, 18956, 20075, 21675, 22520, 26130,
    26161, 26435, 28279, 29464, 31650, 32302, 32470, 36865, 42863, 47425, 49870, 50254};
const std::vector<int> kNonSpeechEnglish = {
    1,     2,     7,     8,     9,     10,    14,    25,    26,    27,    28,    29,    31,    58,
    59,    60,    61,    62,    63,    90,    91,    92,    93,    357,   366,   438,   532,   685,
    705,   796,   930,   1058,  1220,  1267,  1279,  1303,  1343,  1377,  1391,  1635,  1782,  1875,
    2162,  2361,  2488,  3467,  4008,  4211,  4600,  4808,  5299,  5855,  6329,  7203,  9609,  9959,
    10563, 10786, 11420, 11709, 11907, 13163, 13697, 13700, 14808, 15306, 16410, 16791, 17992, 19203,
    19510, 20724, 22305, 22935, 27007, 30109, 30420, 33409, 34949, 40283, 40493, 40549, 47282, 49146};

void expectError(const std::function<void()> &load, ErrorCode code, const QString &fragment) {
  try {
    load();
    QFAIL("no ModelError");
  } catch (const ModelError &e) {
    QVERIFY2(e.code() == code, e.what());
    QVERIFY2(QString::fromStdString(e.what()).contains(fragment), e.what());
  }
}

void compareVocabs(const WhisperVocab &a, const WhisperVocab &b) {
  QCOMPARE(a.eot, b.eot);
  QCOMPARE(a.sot, b.sot);
  QCOMPARE(a.translate, b.translate);
  QCOMPARE(a.transcribe, b.transcribe);
  QCOMPARE(a.startOfLm, b.startOfLm);
  QCOMPARE(a.startOfPrev, b.startOfPrev);
  QCOMPARE(a.noSpeech, b.noSpeech);
  QCOMPARE(a.noTimestamps, b.noTimestamps);
  QCOMPARE(a.timestampBegin, b.timestampBegin);
  QCOMPARE(a.multilingual, b.multilingual);
  QVERIFY(a.languages == b.languages);
  QVERIFY(a.nonSpeechTokens() == b.nonSpeechTokens());
  for (const char *text : {" And so my fellow Americans", "Guten Morgen! Wie geht's dir heute?", "日本語のテキスト"})
    QVERIFY(a.encodeText(text) == b.encodeText(text));
}

} // namespace

class TestWhisperVocab : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void referenceSpecialIds() {
    DRAGOMAN_REQUIRE_SHARED(tiktoken, "data/whisper/multilingual.tiktoken");
    DRAGOMAN_REQUIRE_SHARED(cases, "fixtures/whisper-tokenizer/cases.json");
    QFile file(cases);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString reference = QJsonDocument::fromJson(file.readAll()).object().value("reference").toString();
    Folder folder;
    QVERIFY(folder.link(tiktoken, "multilingual.tiktoken"));
    for (const int modelVocab : {51865, 0}) {
      const WhisperVocab v = WhisperVocab::load(folder.str(), modelVocab);
      const std::map<QString, int> fields = {{"<|endoftext|>", v.eot},
                                             {"<|startoftranscript|>", v.sot},
                                             {"<|translate|>", v.translate},
                                             {"<|transcribe|>", v.transcribe},
                                             {"<|notimestamps|>", v.noTimestamps},
                                             {"<|0.00|>", v.timestampBegin},
                                             {"<|en|>", v.languageToken("en").value_or(-1)}};
      int checked = 0;
      for (const auto &match : QRegularExpression(R"((<\|[^|]+\|>)=(\d+))").globalMatch(reference)) {
        const QString text = match.captured(1);
        const int id = match.captured(2).toInt();
        QVERIFY2(v.tokenizer.tokenId(text.toStdString()) == std::optional<int>(id), qPrintable(text));
        QVERIFY2(fields.count(text) && fields.at(text) == id, qPrintable(text));
        ++checked;
      }
      QCOMPARE(checked, 7);
      QVERIFY(v.multilingual);
      QCOMPARE(v.languages.size(), std::size_t(99));
      QCOMPARE(v.languages.front(), (std::pair<std::string, int>("en", v.sot + 1)));
      QCOMPARE(v.languages.back(), (std::pair<std::string, int>("su", v.sot + 99)));
      // openai's order after the languages: translate, transcribe, startoflm, startofprev, nospeech, notimestamps.
      QCOMPARE(v.translate, v.sot + 100);
      QCOMPARE(v.startOfLm, v.transcribe + 1);
      QCOMPARE(v.startOfPrev, v.transcribe + 2);
      QCOMPARE(v.noSpeech, v.transcribe + 3);
      QCOMPARE(v.noTimestamps, v.transcribe + 4);
      QCOMPARE(v.tokenizer.vocabSize(), 51865);
      QCOMPARE(v.tokenizer.tokenBytes(v.timestampBegin + 1500), std::string("<|30.00|>"));
      QCOMPARE(v.tokenizer.tokenBytes(v.timestampBegin + 77), std::string("<|1.54|>"));
    }
  }

  void largeV3HasHundredLanguages() {
    DRAGOMAN_REQUIRE_SHARED(tiktoken, "data/whisper/multilingual.tiktoken");
    Folder folder;
    QVERIFY(folder.link(tiktoken, "multilingual.tiktoken"));
    const WhisperVocab v = WhisperVocab::load(folder.str(), 51866);
    QCOMPARE(v.languages.size(), std::size_t(100));
    QCOMPARE(v.languages.back().first, std::string("yue"));
    QCOMPARE(v.translate, v.sot + 101);
    QCOMPARE(v.timestampBegin + 1501, 51866);
    QCOMPARE(v.tokenizer.vocabSize(), 51866);
    QVERIFY(v.multilingual);
    QCOMPARE(v.languageCode(v.sot + 100), std::string("yue"));
  }

  void englishOnly() {
    DRAGOMAN_REQUIRE_SHARED(gpt2, "data/whisper/gpt2.tiktoken");
    DRAGOMAN_REQUIRE_SHARED(multi, "data/whisper/multilingual.tiktoken");
    Folder folder;
    QVERIFY(folder.link(gpt2, "gpt2.tiktoken"));
    QVERIFY(folder.link(multi, "multilingual.tiktoken"));
    // Both files present: the model's vocabulary size picks the one that fits.
    const WhisperVocab en = WhisperVocab::load(folder.str(), 51864);
    QVERIFY(!en.multilingual);
    QCOMPARE(en.eot, 50256);
    QCOMPARE(en.sot, en.eot + 1);
    QCOMPARE(en.timestampBegin + 1501, 51864);
    QVERIFY(en.nonSpeechTokens() == kNonSpeechEnglish);
    const WhisperVocab multi99 = WhisperVocab::load(folder.str(), 51865);
    QVERIFY(multi99.multilingual);
    QCOMPARE(multi99.eot, 50257);
  }

  void vocabularySizeMustFitTheModel() {
    DRAGOMAN_REQUIRE_SHARED(tiktoken, "data/whisper/multilingual.tiktoken");
    Folder folder;
    QVERIFY(folder.link(tiktoken, "multilingual.tiktoken"));
    for (const int size : {51864, 52000, 50000})
      expectError([&] { WhisperVocab::load(folder.str(), size); }, ErrorCode::Corrupt,
                  QStringLiteral("vocab_size %1").arg(size));
  }

  void huggingFaceFoldersAgree() {
    DRAGOMAN_REQUIRE_SHARED(tiktoken, "data/whisper/multilingual.tiktoken");
    Folder tik, json, slow;
    QVERIFY(tik.link(tiktoken, "multilingual.tiktoken"));
    const RankedVocab vocab = rankedVocabFromTiktoken(tiktoken, whisperSpecialTokens(99));
    QVERIFY(!vocab.tokens.empty());
    QVERIFY(writeTokenizerJson(json.path() + "/tokenizer.json", vocab, MergeStyle::Pairs));
    QVERIFY(writeVocabMerges(slow.path(), vocab));
    const WhisperVocab reference = WhisperVocab::load(tik.str(), 51865);
    compareVocabs(WhisperVocab::load(json.str(), 51865), reference);
    compareVocabs(WhisperVocab::load(slow.str(), 51865), reference);
    // tokenizer.json wins over the other files in the same folder.
    QVERIFY(json.link(tiktoken, "gpt2.tiktoken"));
    compareVocabs(WhisperVocab::load(json.str(), 0), reference);
  }

  void olderLayoutWithoutTimestampTokens() {
    DRAGOMAN_REQUIRE_SHARED(tiktoken, "data/whisper/multilingual.tiktoken");
    // Hugging Face's first Whisper uploads: <|nocaptions|> for no-speech, no timestamp tokens.
    std::vector<std::string> specials = whisperSpecialTokens(99);
    specials.resize(specials.size() - 1501);
    std::replace(specials.begin(), specials.end(), std::string("<|nospeech|>"), std::string("<|nocaptions|>"));
    Folder folder;
    QVERIFY(writeVocabMerges(folder.path(), rankedVocabFromTiktoken(tiktoken, specials)));
    const WhisperVocab v = WhisperVocab::load(folder.str(), 51865);
    QCOMPARE(v.noSpeech, v.tokenizer.tokenId("<|nocaptions|>").value_or(-2));
    QCOMPARE(v.noSpeech, v.transcribe + 3);
    QCOMPARE(v.timestampBegin, v.noTimestamps + 1);
    QCOMPARE(v.timestampBegin, 50364);
    QCOMPARE(v.tokenizer.vocabSize(), 50364);
    QVERIFY(v.isTimestamp(51864));
    QCOMPARE(v.decodeText({v.sot, 50364, 7751, 51000, v.eot}), std::string(" hello"));
  }

  void nonSpeechTokens() {
    DRAGOMAN_REQUIRE_SHARED(tiktoken, "data/whisper/multilingual.tiktoken");
    Folder folder;
    QVERIFY(folder.link(tiktoken, "multilingual.tiktoken"));
    const WhisperVocab v = WhisperVocab::load(folder.str(), 51865);
    QVERIFY(v.nonSpeechTokens() == kNonSpeechMultilingual);
  }

  void textAndTimestamps() {
    DRAGOMAN_REQUIRE_SHARED(tiktoken, "data/whisper/multilingual.tiktoken");
    Folder folder;
    QVERIFY(folder.link(tiktoken, "multilingual.tiktoken"));
    const WhisperVocab v = WhisperVocab::load(folder.str(), 51865);
    const std::vector<int> hello = v.encodeText(" Hello world");
    QCOMPARE(hello.size(), std::size_t(2));
    QCOMPARE(hello[1], 1002); // " world", as in cases.json
    std::vector<int> ids = {v.sot, *v.languageToken("de"), v.transcribe, v.timestampBegin};
    ids.insert(ids.end(), hello.begin(), hello.end());
    ids.insert(ids.end(), {v.timestampBegin + 50, v.eot});
    QCOMPARE(v.decodeText(ids), std::string(" Hello world"));
    QVERIFY(v.isTimestamp(v.timestampBegin + 50));
    QVERIFY(!v.isTimestamp(v.noTimestamps));
    QCOMPARE(v.timestampSeconds(v.timestampBegin + 50), 1.0);
    QCOMPARE(v.languageCode(*v.languageToken("de")), std::string("de"));
    QCOMPARE(v.languageCode(v.sot), std::string());
    QCOMPARE(v.languageToken("xx"), std::nullopt);
    // A character cut after its first byte: U+FFFD, as Python's errors="replace".
    const std::vector<int> e = v.encodeText("\xC3\xA9");
    const int firstByte = *v.tokenizer.tokenId("\xC3");
    QCOMPARE(v.decodeText({firstByte}), std::string("\uFFFD"));
    QCOMPARE(v.decodeText({firstByte, hello[0]}), std::string("\uFFFD Hello"));
    QCOMPARE(v.decodeText(e), std::string("\xC3\xA9"));
  }

  void missingOrBrokenFolders() {
    expectError([] { WhisperVocab::load("/nonexistent/dragoman-model", 0); }, ErrorCode::NotFound,
                "/nonexistent/dragoman-model");
    Folder empty;
    expectError([&] { WhisperVocab::load(empty.str(), 0); }, ErrorCode::NotFound, "no Whisper tokenizer");
    Folder broken;
    QVERIFY(writeFile(broken.path() + "/tokenizer.json", "{\"model\": {\"type\": \"BPE\", \"vocab\": {"));
    expectError([&] { WhisperVocab::load(broken.str(), 0); }, ErrorCode::Corrupt, "tokenizer.json: not valid JSON");
    // A byte-level vocabulary without Whisper's specials.
    nlohmann::json vocab = nlohmann::json::object();
    for (int b = 0; b < 256; ++b)
      vocab[toByteLevel(std::string(1, static_cast<char>(b)))] = b;
    const nlohmann::json root = {{"added_tokens", nlohmann::json::array({{{"id", 256}, {"content", "<|endoftext|>"}}})},
                                 {"pre_tokenizer", {{"type", "ByteLevel"}}},
                                 {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", nlohmann::json::array()}}}};
    Folder plain;
    QVERIFY(writeFile(plain.path() + "/tokenizer.json", root.dump()));
    expectError([&] { WhisperVocab::load(plain.str(), 0); }, ErrorCode::Corrupt,
                "special token <|startoftranscript|> is missing");
  }
};

QTEST_GUILESS_MAIN(TestWhisperVocab)
#include "tst_whispervocab.moc"
