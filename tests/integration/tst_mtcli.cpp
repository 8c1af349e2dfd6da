// `dragoman mt` as a subprocess on the tiny random-weight Marian and NLLB fixtures: the probe
// contract (--json ids, texts and scores; --dump of input ids, encoder output and raw step logits
// equal to the reference port of Hugging Face's code), ISO codes for NLLB, and the errors for bad
// models, pairs and options.
#include "core/inference/torch/runtime/safetensors.h"
#include "tests/support/processrunner.h"
#include "tests/support/testpaths.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace dragoman::test;
using namespace dragoman::torchrt;

namespace {

std::vector<float> floats(const TensorView &v) {
  std::vector<float> out(std::size_t(v.numel()));
  std::memcpy(out.data(), v.data, v.bytes);
  return out;
}

std::vector<std::int64_t> ints(const TensorView &v) {
  std::vector<std::int64_t> out(std::size_t(v.numel()));
  std::memcpy(out.data(), v.data, v.bytes);
  return out;
}

QJsonArray jsonIds(const std::vector<std::int64_t> &ids) {
  QJsonArray out;
  for (std::int64_t id : ids)
    out.append(double(id));
  return out;
}

const TensorView &tensorOf(const SafetensorsFile &file, const std::string &name) {
  static const TensorView none;
  const TensorView *v = file.find(name);
  if (!v)
    qWarning("%s has no tensor %s", file.path().c_str(), name.c_str());
  return v ? *v : none;
}

double maxAbsDiff(const TensorView &a, const TensorView &b) {
  const std::vector<float> x = floats(a), y = floats(b);
  if (x.size() != y.size())
    return INFINITY;
  double m = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    m = std::max(m, double(std::fabs(x[i] - y[i])));
  return m;
}

} // namespace

class TestMtCli : public QObject {
  Q_OBJECT
  QTemporaryDir m_home;
  QProcessEnvironment m_env;
  QString m_marian, m_nllb;
  QJsonObject m_marianCases, m_nllbCases;

  static QJsonObject readJson(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
  }

  QJsonArray run(const QStringList &args) {
    const ProcessResult r = runDragoman(args + QStringList{QStringLiteral("--json")}, m_env);
    if (r.exitCode != 0)
      qWarning("dragoman %s: exit %d: %s", qPrintable(args.join(QLatin1Char(' '))), r.exitCode, qPrintable(r.err));
    return QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("translations")).toArray();
  }

private Q_SLOTS:
  void initTestCase() {
    const QString marian = sharedFile(QStringLiteral("fixtures/marian-tiny-random/cases.json"));
    const QString nllb = sharedFile(QStringLiteral("fixtures/nllb-tiny-random/cases.json"));
    if (marian.isEmpty() || nllb.isEmpty())
      QSKIP("shared fixtures marian-tiny-random / nllb-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_marian = QFileInfo(marian).absolutePath();
    m_nllb = QFileInfo(nllb).absolutePath();
    m_marianCases = readJson(marian);
    m_nllbCases = readJson(nllb);
    m_env = isolatedEnvironment(m_home.path());
  }

  // Marian serves one pair: every case in one process, greedy and beam.
  void marianMatchesReference() {
    const QJsonArray cases = m_marianCases.value(QStringLiteral("cases")).toArray();
    QStringList texts;
    for (const QJsonValue &c : cases)
      texts << QStringLiteral("--text") << c.toObject().value(QStringLiteral("text")).toString();
    const QStringList base{QStringLiteral("mt"), QStringLiteral("--model"), m_marian, QStringLiteral("--from"), QStringLiteral("en"),
                           QStringLiteral("--to"), QStringLiteral("de"), QStringLiteral("--max-length"), QStringLiteral("20")};
    const QJsonArray greedy = run(base + QStringList{QStringLiteral("--greedy")} + texts);
    const QJsonArray beam = run(base + QStringList{QStringLiteral("--beam"), QStringLiteral("4")} + texts);
    QCOMPARE(greedy.size(), cases.size());
    QCOMPARE(beam.size(), cases.size());
    for (qsizetype i = 0; i < cases.size(); ++i) {
      const QJsonObject c = cases.at(i).toObject();
      QCOMPARE(greedy.at(i)[QStringLiteral("ids")].toArray(), c.value(QStringLiteral("greedy")).toArray());
      QCOMPARE(greedy.at(i)[QStringLiteral("text")].toString(), c.value(QStringLiteral("greedy_text")).toString());
      QCOMPARE(beam.at(i)[QStringLiteral("ids")].toArray(), c.value(QStringLiteral("beam")).toArray());
      QCOMPARE(beam.at(i)[QStringLiteral("text")].toString(), c.value(QStringLiteral("beam_text")).toString());
      QVERIFY(std::abs(beam.at(i)[QStringLiteral("score")].toDouble() - c.value(QStringLiteral("beam_score")).toDouble()) < 1e-4);
    }
  }

  void nllbMatchesReference_data() {
    QTest::addColumn<QJsonObject>("c");
    for (const QJsonValue &c : m_nllbCases.value(QStringLiteral("cases")).toArray())
      QTest::newRow(qPrintable(c.toObject().value(QStringLiteral("name")).toString())) << c.toObject();
  }
  void nllbMatchesReference() {
    QFETCH(QJsonObject, c);
    const QStringList base{QStringLiteral("mt"), QStringLiteral("--model"), m_nllb,
                           QStringLiteral("--from"), c.value(QStringLiteral("src_lang")).toString(),
                           QStringLiteral("--to"), c.value(QStringLiteral("tgt_lang")).toString(),
                           QStringLiteral("--max-length"), QStringLiteral("20"), QStringLiteral("--text"),
                           c.value(QStringLiteral("text")).toString()};
    const QJsonArray greedy = run(base + QStringList{QStringLiteral("--greedy")});
    const QJsonArray beam = run(base + QStringList{QStringLiteral("--beam"), QStringLiteral("4")});
    QCOMPARE(greedy.size(), 1);
    QCOMPARE(greedy.at(0)[QStringLiteral("ids")].toArray(), c.value(QStringLiteral("greedy")).toArray());
    QCOMPARE(greedy.at(0)[QStringLiteral("text")].toString(), c.value(QStringLiteral("greedy_text")).toString());
    QCOMPARE(beam.at(0)[QStringLiteral("ids")].toArray(), c.value(QStringLiteral("beam")).toArray());
    QCOMPARE(beam.at(0)[QStringLiteral("text")].toString(), c.value(QStringLiteral("beam_text")).toString());
  }

  // ISO 639-1 codes go through the language table to the NLLB codes the tokenizer has.
  void nllbTakesIsoCodes() {
    const QStringList text{QStringLiteral("--text"), QStringLiteral("Ok."), QStringLiteral("--greedy"), QStringLiteral("--max-length"), QStringLiteral("20")};
    const QJsonArray iso = run(QStringList{QStringLiteral("mt"), QStringLiteral("--model"), m_nllb, QStringLiteral("--from"),
                                           QStringLiteral("en"), QStringLiteral("--to"), QStringLiteral("de")} + text);
    const QJsonArray nllb = run(QStringList{QStringLiteral("mt"), QStringLiteral("--model"), m_nllb, QStringLiteral("--from"),
                                            QStringLiteral("eng_Latn"), QStringLiteral("--to"), QStringLiteral("deu_Latn")} + text);
    QCOMPARE(iso.size(), 1);
    QCOMPARE(iso, nllb);
  }

  void noRepeatNgram_data() {
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QJsonObject>("cases");
    QTest::newRow("marian") << m_marian << m_marianCases;
    QTest::newRow("nllb") << m_nllb << m_nllbCases;
  }
  void noRepeatNgram() {
    QFETCH(QString, folder);
    QFETCH(QJsonObject, cases);
    const QJsonObject ngram = cases.value(QStringLiteral("ngram_case")).toObject();
    QJsonObject source;
    for (const QJsonValue &c : cases.value(QStringLiteral("cases")).toArray())
      if (c.toObject().value(QStringLiteral("name")) == ngram.value(QStringLiteral("source_case")))
        source = c.toObject();
    const bool nllb = folder == m_nllb;
    const QStringList base{QStringLiteral("mt"), QStringLiteral("--model"), folder, QStringLiteral("--from"),
                           nllb ? source.value(QStringLiteral("src_lang")).toString() : QStringLiteral("en"), QStringLiteral("--to"),
                           nllb ? source.value(QStringLiteral("tgt_lang")).toString() : QStringLiteral("de"),
                           QStringLiteral("--max-length"), QStringLiteral("20"), QStringLiteral("--no-repeat-ngram"), QStringLiteral("2"),
                           QStringLiteral("--text"), source.value(QStringLiteral("text")).toString()};
    QCOMPARE(run(base + QStringList{QStringLiteral("--greedy")}).at(0)[QStringLiteral("ids")].toArray(),
             ngram.value(QStringLiteral("greedy")).toArray());
    QCOMPARE(run(base + QStringList{QStringLiteral("--beam"), QStringLiteral("4")}).at(0)[QStringLiteral("ids")].toArray(),
             ngram.value(QStringLiteral("beam")).toArray());
  }

  // Without --from/--to a single-pair model translates its own pair (not the configured en→es).
  void marianDefaultsToItsPair() {
    const QJsonObject c = m_marianCases.value(QStringLiteral("cases")).toArray().at(0).toObject();
    const QJsonArray out = run({QStringLiteral("mt"), QStringLiteral("--model"), m_marian, QStringLiteral("--greedy"),
                                QStringLiteral("--max-length"), QStringLiteral("20"), QStringLiteral("--text"),
                                c.value(QStringLiteral("text")).toString()});
    QCOMPARE(out.size(), 1);
    QCOMPARE(out.at(0)[QStringLiteral("ids")].toArray(), c.value(QStringLiteral("greedy")).toArray());
  }

  void dumpMatchesReference() {
    const QJsonArray cases = m_marianCases.value(QStringLiteral("cases")).toArray();
    QStringList args{QStringLiteral("mt"), QStringLiteral("--model"), m_marian, QStringLiteral("--from"), QStringLiteral("en"),
                     QStringLiteral("--to"), QStringLiteral("de"), QStringLiteral("--max-length"), QStringLiteral("20")};
    for (const QJsonValue &c : cases)
      args << QStringLiteral("--text") << c.toObject().value(QStringLiteral("text")).toString();
    const QString dump = m_home.filePath(QStringLiteral("marian.safetensors"));
    args << QStringLiteral("--dump") << dump;
    QCOMPARE(run(args).size(), cases.size());
    const auto mine = SafetensorsFile::open(dump.toStdString());
    const auto ref = SafetensorsFile::open((m_marian + QStringLiteral("/cases.safetensors")).toStdString());
    for (qsizetype k = 0; k < cases.size(); ++k) {
      const std::string name = cases.at(k).toObject().value(QStringLiteral("name")).toString().toStdString();
      const std::string key = std::to_string(k);
      QCOMPARE(jsonIds(ints(tensorOf(*mine, key + ".input_ids"))), jsonIds(ints(tensorOf(*ref, name + ".input_ids"))));
      const double enc = maxAbsDiff(tensorOf(*mine, key + ".encoder_out"), tensorOf(*ref, name + ".encoder_out"));
      const double logits = maxAbsDiff(tensorOf(*mine, key + ".step_logits"), tensorOf(*ref, name + ".step_logits"));
      QVERIFY2(enc < 1e-4, qPrintable(QStringLiteral("%1: encoder_out differs by %2").arg(QString::fromStdString(name)).arg(enc)));
      QVERIFY2(logits < 1e-3, qPrintable(QStringLiteral("%1: step_logits differ by %2").arg(QString::fromStdString(name)).arg(logits)));
    }
  }

  void errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no text") << QStringList{QStringLiteral("mt"), QStringLiteral("--model"), QStringLiteral("x")} << 2 << "--text";
    QTest::newRow("no model") << QStringList{QStringLiteral("mt"), QStringLiteral("--text"), QStringLiteral("hi")} << 2 << "--model";
    QTest::newRow("missing folder") << QStringList{QStringLiteral("mt"), QStringLiteral("--model"), QStringLiteral("/nonexistent/m"),
                                                   QStringLiteral("--text"), QStringLiteral("hi")}
                                    << 5 << "/nonexistent/m";
    QTest::newRow("marian pair") << QStringList{QStringLiteral("mt"), QStringLiteral("--model"), m_marian, QStringLiteral("--from"),
                                                QStringLiteral("en"), QStringLiteral("--to"), QStringLiteral("fr"),
                                                QStringLiteral("--text"), QStringLiteral("hi")}
                                 << 5 << "'fr'";
    QTest::newRow("nllb language") << QStringList{QStringLiteral("mt"), QStringLiteral("--model"), m_nllb, QStringLiteral("--from"),
                                                  QStringLiteral("en"), QStringLiteral("--to"), QStringLiteral("ja"),
                                                  QStringLiteral("--text"), QStringLiteral("hi")}
                                   << 5 << "jpn_Jpan";
    QTest::newRow("bad beam") << QStringList{QStringLiteral("mt"), QStringLiteral("--model"), m_marian, QStringLiteral("--beam"),
                                             QStringLiteral("zero"), QStringLiteral("--text"), QStringLiteral("hi")}
                              << 2 << "--beam";
    QTest::newRow("greedy and beam") << QStringList{QStringLiteral("mt"), QStringLiteral("--model"), m_marian, QStringLiteral("--greedy"),
                                                    QStringLiteral("--beam"), QStringLiteral("2"), QStringLiteral("--text"), QStringLiteral("hi")}
                                     << 2 << "--greedy";
  }
  void errors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    const ProcessResult r = runDragoman(args, m_env);
    QVERIFY(!r.crashed);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
  }

  // A text longer than the model reads at once is refused with its length, never cut silently.
  // bench make-model --kind mt --tokenizer: a random OPUS-MT-size folder with the test folder's
  // tokenizer (its vocabulary filled up with made-up pieces) translates like any Marian folder, so
  // live sessions and calls can time it; its output is made-up words.
  void randomOpusMtWithATokenizerTranslates() {
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("opus-mt"));
    const ProcessResult made = runDragoman({QStringLiteral("bench"), QStringLiteral("make-model"), QStringLiteral("--kind"),
                                            QStringLiteral("mt"), QStringLiteral("--size"), QStringLiteral("opus-mt"),
                                            QStringLiteral("--tokenizer"), m_marian, QStringLiteral("--out"), folder},
                                           m_env, 300000);
    QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    QFile vocabFile(QDir(folder).filePath(QStringLiteral("vocab.json")));
    QVERIFY(vocabFile.open(QIODevice::ReadOnly));
    const QJsonObject vocab = QJsonDocument::fromJson(vocabFile.readAll()).object();
    QCOMPARE(vocab.size(), 58101);
    QCOMPARE(vocab.value(QStringLiteral("<pad>")).toInt(), 58100);
    QCOMPARE(vocab.value(QStringLiteral("</s>")).toInt(), 0);
    const ProcessResult r = runDragoman({QStringLiteral("mt"), QStringLiteral("--model"), folder, QStringLiteral("--from"),
                                         QStringLiteral("en"), QStringLiteral("--to"), QStringLiteral("de"), QStringLiteral("--greedy"),
                                         QStringLiteral("--max-length"), QStringLiteral("8"), QStringLiteral("--text"),
                                         QStringLiteral("Good morning, everyone."), QStringLiteral("--json")},
                                        m_env, 120000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject t = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("translations")).toArray().at(0).toObject();
    const QString text = t.value(QStringLiteral("text")).toString();
    // Words of letters apart from each other, as a voice needs them.
    static const QRegularExpression words(QStringLiteral("^[a-z]{3,}( [a-z]{3,})*$"));
    QVERIFY2(words.match(text).hasMatch() || t.value(QStringLiteral("ids")).toArray().size() <= 2, qPrintable(r.out));
    const ProcessResult nllb = runDragoman({QStringLiteral("bench"), QStringLiteral("make-model"), QStringLiteral("--kind"),
                                            QStringLiteral("mt"), QStringLiteral("--size"), QStringLiteral("nllb-600m"),
                                            QStringLiteral("--tokenizer"), m_marian, QStringLiteral("--out"), folder},
                                           m_env);
    QVERIFY(nllb.exitCode != 0);
    QVERIFY2(nllb.err.contains(QStringLiteral("Marian")), qPrintable(nllb.err));
  }

  void longTextIsRefused() {
    const QString text = QStringLiteral("word ").repeated(700);
    const ProcessResult r = runDragoman({QStringLiteral("mt"), QStringLiteral("--model"), m_marian, QStringLiteral("--from"),
                                         QStringLiteral("en"), QStringLiteral("--to"), QStringLiteral("de"), QStringLiteral("--text"), text},
                                        m_env);
    QVERIFY(r.exitCode != 0 && !r.crashed);
    QVERIFY2(r.err.contains(QStringLiteral("longer than")), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestMtCli)
#include "tst_mtcli.moc"
