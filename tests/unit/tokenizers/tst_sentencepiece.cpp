// SentencePieceModel against libsentencepiece (the reference; this test links it and does not link
// torch). The models: the fixtures' (Marian source/target unigram, NLLB BPE), any .model/.spm under
// shared/data, and models trained here with the reference trainer to reach what the fixtures do
// not (byte fallback, user-defined and control symbols, unused pieces, custom normalization and
// denormalization rules, whitespace options). The texts: every text of both cases.json files and
// generated strings (scripts, emoji, full-width forms, ligatures, combining marks, whitespace,
// control characters, invalid UTF-8). Pieces, DecodePieces and the vocabulary must be identical.
// Then the errors: missing, truncated, random and unsupported files.

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/sentencepiece.h"
#include "tests/support/testpaths.h"
#include "tests/unit/tokenizers/spmtestdata.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>
#include <sentencepiece_processor.h>

#include <optional>
#include <random>

using dragoman::torchrt::ErrorCode;
using dragoman::torchrt::ModelError;
using dragoman::torchrt::SentencePieceModel;
using Json = nlohmann::json;
using Pieces = std::vector<std::string>;
using dragoman::test::spm::escape;
using dragoman::test::spm::show;
using dragoman::test::spm::TestModel;
using dragoman::test::spm::TextGenerator;

namespace {

constexpr std::size_t kMaxReported = 5; // mismatches listed per model and check

std::string readBytes(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  const QByteArray bytes = file.readAll();
  return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

} // namespace

class TestSentencePiece : public QObject {
  Q_OBJECT

private:
  std::vector<TestModel> m_models;
  std::vector<std::string> m_texts; // the cases' texts and some of the training corpus

  void compareModel(const TestModel &model);

private Q_SLOTS:
  void initTestCase();
  void matchesReference_data();
  void matchesReference();
  void truncatedFiles_data();
  void truncatedFiles();
  void errors();
  void unsupportedModels();
};

void TestSentencePiece::initTestCase() {
  DRAGOMAN_REQUIRE_SHARED(marian, "fixtures/marian-tiny-random/cases.json");
  DRAGOMAN_REQUIRE_SHARED(nllb, "fixtures/nllb-tiny-random/cases.json");
  const QString shared = dragoman::test::sharedDir();
  for (const char *relative : {"fixtures/marian-tiny-random/source.spm", "fixtures/marian-tiny-random/target.spm",
                               "fixtures/nllb-tiny-random/sentencepiece.bpe.model"}) {
    m_models.push_back({relative, readBytes(shared + "/" + relative)});
    QVERIFY2(!m_models.back().bytes.empty(), relative);
  }
  QDirIterator data(shared + "/data", {"*.model", "*.spm"}, QDir::Files, QDirIterator::Subdirectories);
  while (data.hasNext()) {
    const QString path = data.next();
    m_models.push_back({QDir(shared).relativeFilePath(path).toStdString(), readBytes(path)});
  }

  for (const QString &path : {marian, nllb}) {
    const Json cases = Json::parse(readBytes(path), nullptr, false);
    QVERIFY2(cases.is_object(), qPrintable(path));
    for (const char *list : {"cases", "tokenizer_cases"})
      for (const Json &entry : cases.value(list, Json::array()))
        if (entry.contains("text") && entry["text"].is_string())
          m_texts.push_back(entry["text"].get<std::string>());
  }
  QVERIFY(m_texts.size() >= 20);

  // Models for what the fixtures lack, trained by the reference itself.
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::vector<std::string> corpus = dragoman::test::spm::trainingCorpus();
  for (std::size_t i = 0; i < corpus.size(); i += 30)
    m_texts.push_back(corpus[i]);
  const std::vector<TestModel> trained = dragoman::test::spm::trainedModels(corpus, dir.path().toStdString());
  for (const TestModel &model : trained) {
    QVERIFY2(!model.bytes.empty(), model.name.c_str());
    m_models.push_back(model);
  }
  const std::size_t firstTrained = m_models.size() - std::size(trained);
  // Unused pieces (SetVocabulary, which would retype byte pieces: models without byte fallback).
  for (const std::size_t index : {std::size_t{0}, std::size_t{2}, firstTrained + 1, firstTrained + 3}) {
    std::string bytes = dragoman::test::spm::withUnusedPieces(m_models[index].bytes, 3);
    QVERIFY2(!bytes.empty(), m_models[index].name.c_str());
    m_models.push_back({m_models[index].name + " + unused pieces", std::move(bytes)});
  }
  // Whitespace not escaped, which the trainers refuse: a second normalizer_spec appended to the
  // file, which protobuf merges into the first.
  for (const std::size_t index : {std::size_t{0}, firstTrained + 3, firstTrained + 4})
    m_models.push_back({m_models[index].name + " + escape_whitespaces false",
                        m_models[index].bytes + std::string("\x1A\x02\x28\x00", 4)});
  m_models.push_back({m_models[2].name + " + no dummy prefix, extra whitespace kept",
                      m_models[2].bytes + std::string("\x1A\x04\x18\x00\x20\x00", 6)});
}

void TestSentencePiece::matchesReference_data() {
  QTest::addColumn<int>("index");
  for (std::size_t i = 0; i < m_models.size(); ++i)
    QTest::newRow(m_models[i].name.c_str()) << static_cast<int>(i);
}

void TestSentencePiece::matchesReference() {
  QFETCH(int, index);
  compareModel(m_models[static_cast<std::size_t>(index)]);
}

void TestSentencePiece::compareModel(const TestModel &model) {
  sentencepiece::SentencePieceProcessor reference;
  const auto status = reference.LoadFromSerializedProto(model.bytes);
  QVERIFY2(status.ok(), status.ToString().c_str());
  std::optional<SentencePieceModel> ours;
  try {
    ours = SentencePieceModel::fromBytes(model.bytes, model.name);
  } catch (const ModelError &e) {
    QFAIL(e.what());
  }

  // The vocabulary.
  QCOMPARE(ours->size(), reference.GetPieceSize());
  QCOMPARE(ours->unkId(), reference.unk_id());
  std::vector<std::string> vocabulary;
  for (int id = 0; id < reference.GetPieceSize(); ++id) {
    const std::string &piece = reference.IdToPiece(id);
    vocabulary.push_back(piece);
    QCOMPARE(ours->idToPiece(id), piece);
    QCOMPARE(ours->pieceToId(piece), reference.PieceToId(piece));
    QCOMPARE(ours->score(id), reference.GetScore(id));
    QCOMPARE(ours->isUnknown(id), reference.IsUnknown(id));
    QCOMPARE(ours->isControl(id), reference.IsControl(id));
    QCOMPARE(ours->isUnused(id), reference.IsUnused(id));
    QCOMPARE(ours->isByte(id), reference.IsByte(id));
  }
  std::size_t unusedPieces = 0, userPieces = 0;
  for (int id = 0; id < ours->size(); ++id) {
    unusedPieces += ours->isUnused(id) ? 1 : 0;
    userPieces += ours->isUserDefined(id) ? 1 : 0;
  }
  qInfo("%d pieces, %zu unused, %zu user-defined", ours->size(), unusedPieces, userPieces);
  QCOMPARE(ours->pieceToId("no such piece \xE2\x96\x81"), reference.PieceToId("no such piece \xE2\x96\x81"));

  // Encoding and decoding of the corpus.
  std::vector<std::string> texts = m_texts;
  texts.insert(texts.end(),
               {"", " ", "   ", "\t\n", "\xE2\x96\x81", "a", " a ", "a  b", "\xEF\xBC\xA1", std::string(1, '\0'),
                std::string("a\0b", 3), "\xC3", "\xE2\x80\x83x", "<unk>", "<s>x</s>"});
  TextGenerator generator(1234, vocabulary);
  for (int i = 0; i < 600; ++i)
    texts.push_back(generator.text(1 + generator.below(i % 50 == 49 ? 600 : 24)));

  std::vector<std::string> mismatches;
  std::vector<Pieces> encoded;
  std::size_t pieceCount = 0, unknownCount = 0, byteCount = 0, userCount = 0, errorCount = 0;
  for (const std::string &text : texts) {
    Pieces expected;
    const bool referenceOk = reference.Encode(text, &expected).ok();
    Pieces actual;
    bool oursOk = true;
    try {
      actual = ours->encodeAsPieces(text);
    } catch (const ModelError &) {
      oursOk = false;
    }
    if (referenceOk != oursOk || expected != actual) {
      if (mismatches.size() < kMaxReported)
        mismatches.push_back("encode \"" + escape(text) + "\": reference " + (referenceOk ? show(expected) : "error") +
                             ", ours " + (oursOk ? show(actual) : "error"));
      continue;
    }
    encoded.push_back(expected);
    for (const std::string &piece : expected) {
      const int id = reference.PieceToId(piece);
      ++pieceCount;
      unknownCount += reference.IsUnknown(id) ? 1 : 0;
      byteCount += reference.IsByte(id) ? 1 : 0;
      userCount += ours->isUserDefined(id) ? 1 : 0;
    }
    errorCount += referenceOk ? 0 : 1;
    const std::string decoded = reference.DecodePieces(expected);
    if (ours->decodePieces(expected) != decoded && mismatches.size() < kMaxReported)
      mismatches.push_back("decode " + show(expected) + ": reference \"" + escape(decoded) + "\", ours \"" +
                           escape(ours->decodePieces(expected)) + "\"");
  }

  // Decoding of random piece lists: vocabulary pieces of every kind, pieces the model lacks (with
  // and without U+2581), the unknown piece, empty pieces and byte pieces in any order.
  std::mt19937 random(99);
  TextGenerator fragments(4321);
  for (int i = 0; i < 400; ++i) {
    Pieces pieces;
    for (std::size_t n = random() % 12; n > 0; --n) {
      switch (random() % 8) {
      case 0: pieces.push_back("\xE2\x96\x81" + fragments.text(1 + random() % 2)); break;
      case 1: pieces.push_back(fragments.text(1)); break;
      case 2: pieces.push_back(random() % 4 == 0 ? std::string() : reference.IdToPiece(reference.unk_id())); break;
      case 3: {
        char byte[8];
        std::snprintf(byte, sizeof byte, "<0x%02X>", static_cast<unsigned>(random() % 256));
        pieces.push_back(byte);
        break;
      }
      case 4: pieces.push_back(random() % 2 == 0 ? "\xE2\x96\x81" : "\xE2\x96\x81\xE2\x96\x81"); break;
      default: pieces.push_back(vocabulary[random() % vocabulary.size()]);
      }
    }
    if (i % 3 == 0 && !encoded.empty()) { // a real encoding, with something mixed in
      Pieces real = encoded[random() % encoded.size()];
      real.insert(real.begin() + static_cast<std::ptrdiff_t>(random() % (real.size() + 1)), pieces.begin(),
                  pieces.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(pieces.size(), 2)));
      pieces = real;
    }
    const std::string expected = reference.DecodePieces(pieces);
    const std::string actual = ours->decodePieces(pieces);
    if (expected != actual && mismatches.size() < kMaxReported)
      mismatches.push_back("decode " + show(pieces) + ": reference \"" + escape(expected) + "\", ours \"" +
                           escape(actual) + "\"");
  }

  qInfo("%zu texts, %zu pieces: %zu unknown, %zu bytes, %zu user-defined; %zu encoding errors", texts.size(),
        pieceCount, unknownCount, byteCount, userCount, errorCount);
  QVERIFY(unknownCount + byteCount > 0);
  std::string report;
  for (const std::string &line : mismatches)
    report += "\n  " + line;
  QVERIFY2(mismatches.empty(), report.c_str());
}

void TestSentencePiece::truncatedFiles_data() {
  QTest::addColumn<int>("index");
  for (std::size_t i = 0; i < std::min<std::size_t>(m_models.size(), 3); ++i)
    QTest::newRow(m_models[i].name.c_str()) << static_cast<int>(i);
}

// A cut file must fail as the reference fails (Corrupt), or, when the cut happens to fall between
// two fields, load and encode as the reference does.
void TestSentencePiece::truncatedFiles() {
  QFETCH(int, index);
  const std::string &bytes = m_models[static_cast<std::size_t>(index)].bytes;
  std::vector<std::size_t> cuts = {
      1, 2, 5, 10, 100, bytes.size() / 3, bytes.size() / 2, bytes.size() - 100, bytes.size() - 3, bytes.size() - 1};
  std::mt19937 random(5);
  for (int i = 0; i < 40; ++i)
    cuts.push_back(random() % bytes.size());
  int corrupt = 0;
  for (const std::size_t cut : cuts) {
    const std::string part = bytes.substr(0, cut);
    sentencepiece::SentencePieceProcessor reference;
    const bool referenceOk = reference.LoadFromSerializedProto(part).ok();
    try {
      const SentencePieceModel ours = SentencePieceModel::fromBytes(part, "cut.model");
      QVERIFY2(referenceOk, qPrintable(QStringLiteral("cut at %1 loads, the reference fails").arg(cut)));
      QCOMPARE(ours.size(), reference.GetPieceSize());
      for (const std::string &text : m_texts)
        QCOMPARE(ours.encodeAsPieces(text), reference.EncodeAsPieces(text));
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Corrupt);
      QVERIFY2(QString(e.what()).contains("cut.model"), e.what());
      QVERIFY2(!referenceOk,
               qPrintable(QStringLiteral("cut at %1 fails (%2), the reference loads").arg(cut).arg(e.what())));
      ++corrupt;
    }
  }
  QVERIFY(corrupt > static_cast<int>(cuts.size()) / 2);
}

void TestSentencePiece::errors() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string missing = dir.filePath("missing.model").toStdString();
  try {
    SentencePieceModel::load(missing);
    QFAIL("a missing file loaded");
  } catch (const ModelError &e) {
    QCOMPARE(e.code(), ErrorCode::NotFound);
    QVERIFY2(QString(e.what()).contains("missing.model"), e.what());
  }

  // A truncated file on disk.
  const std::string truncated = dir.filePath("truncated.spm").toStdString();
  {
    QFile file(QString::fromStdString(truncated));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(m_models[0].bytes.data(), static_cast<qint64>(m_models[0].bytes.size() - 7));
  }
  try {
    SentencePieceModel::load(truncated);
    QFAIL("a truncated file loaded");
  } catch (const ModelError &e) {
    QCOMPARE(e.code(), ErrorCode::Corrupt);
    QVERIFY2(QString(e.what()).contains("truncated.spm"), e.what());
  }

  // Random bytes and text files: Corrupt, never a crash, and never a load the reference refuses.
  std::mt19937 random(17);
  std::vector<std::string> garbage = {"",
                                      "hello, world\n",
                                      "{\"model\": \"unigram\"}",
                                      std::string(64, '\xFF'),
                                      std::string(16, '\0'),
                                      "\x0A\x05\x0A\x03<unk>",
                                      "\x0A\x80"};
  for (int i = 0; i < 200; ++i) {
    std::string bytes(1 + random() % 300, '\0');
    for (char &c : bytes)
      c = static_cast<char>(random());
    garbage.push_back(std::move(bytes));
  }
  for (const std::string &bytes : garbage) {
    sentencepiece::SentencePieceProcessor reference;
    const bool referenceOk = reference.LoadFromSerializedProto(bytes).ok();
    try {
      const SentencePieceModel ours = SentencePieceModel::fromBytes(bytes, "garbage.model");
      QVERIFY2(referenceOk, qPrintable("loads: " + QString::fromStdString(escape(bytes))));
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Corrupt);
      QVERIFY2(QString(e.what()).contains("garbage.model"), e.what());
    }
  }

  // Structurally valid models that the reference refuses too: no unknown piece, a piece twice.
  const auto piece = [](const std::string &text, int type) {
    std::string body = "\x0A" + std::string(1, static_cast<char>(text.size())) + text + "\x18" +
                       std::string(1, static_cast<char>(type));
    return "\x0A" + std::string(1, static_cast<char>(body.size())) + body;
  };
  for (const std::string &bytes :
       {piece("a", 1), piece("<unk>", 2) + piece("a", 1) + piece("a", 1), piece("<unk>", 2) + piece("<unk>", 2),
        piece("<unk>", 2) + piece("<0x41>", 6), piece("<unk>", 2) + piece("", 1)}) {
    sentencepiece::SentencePieceProcessor reference;
    QVERIFY(!reference.LoadFromSerializedProto(bytes).ok());
    QVERIFY_THROWS_EXCEPTION(ModelError, SentencePieceModel::fromBytes(bytes, "bad.model"));
  }
  // The smallest model the reference accepts loads here too.
  const std::string minimal = piece("<unk>", 2) + piece("a", 1);
  sentencepiece::SentencePieceProcessor reference;
  QVERIFY(reference.LoadFromSerializedProto(minimal).ok());
  const SentencePieceModel ours = SentencePieceModel::fromBytes(minimal, "minimal.model");
  for (const std::string text : {"a", "aa b", "", "xa"})
    QCOMPARE(ours.encodeAsPieces(text), reference.EncodeAsPieces(text));

  QVERIFY_THROWS_EXCEPTION(ModelError, ours.idToPiece(-1));
  QVERIFY_THROWS_EXCEPTION(ModelError, ours.idToPiece(ours.size()));
  QVERIFY(!ours.isControl(ours.size()));
}

void TestSentencePiece::unsupportedModels() {
  const std::vector<std::string> corpus = dragoman::test::spm::trainingCorpus();
  for (const char *type : {"word", "char"}) {
    const std::string bytes = dragoman::test::spm::trainModelOfType(type, corpus);
    QVERIFY2(!bytes.empty(), type);
    try {
      SentencePieceModel::fromBytes(bytes, std::string(type) + ".model");
      QFAIL("a WORD/CHAR model loaded");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Unsupported);
      QVERIFY2(QString(e.what()).contains(type), e.what());
    }
  }
}

QTEST_GUILESS_MAIN(TestSentencePiece)
#include "tst_sentencepiece.moc"
