// Piper's phonemisation with Debian's libespeak-ng, against the reference (piper-phonemize) run
// stored in the piper-tiny-random fixture: per clause the IPA, the text consumed and the
// terminator; per sentence the phoneme string, its code points, the ids with the fixture voice's
// phoneme_id_map, and the phonemes missing from the map.
#include "core/inference/system/espeakphonemizer.h"
#include "tests/support/testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace dragoman;

namespace {

QJsonObject readJson(const QString &path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly))
    return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}

QString terminatorName(ClauseTerminator t) {
  switch (t) {
  case ClauseTerminator::Period: return QStringLiteral("period");
  case ClauseTerminator::Question: return QStringLiteral("question");
  case ClauseTerminator::Exclamation: return QStringLiteral("exclamation");
  case ClauseTerminator::Comma: return QStringLiteral("comma");
  case ClauseTerminator::Colon: return QStringLiteral("colon");
  case ClauseTerminator::Semicolon: return QStringLiteral("semicolon");
  case ClauseTerminator::None: break;
  }
  return QStringLiteral("none");
}

} // namespace

class TestEspeakPhonemizer : public QObject {
  Q_OBJECT
  QJsonArray m_cases;
  PhonemeIdMap m_idMap;

private Q_SLOTS:
  void initTestCase() {
    const QString cases = test::sharedFile(QStringLiteral("fixtures/piper-tiny-random/cases.json"));
    if (cases.isEmpty())
      QSKIP("shared fixture piper-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_cases = readJson(cases).value(QStringLiteral("phonemize_cases")).toArray();
    QCOMPARE(m_cases.size(), 6);
    const QJsonObject voice =
        readJson(test::sharedFile(QStringLiteral("fixtures/piper-tiny-random/en_US-tiny_random-medium.onnx.json")));
    const QJsonObject map = voice.value(QStringLiteral("phoneme_id_map")).toObject();
    QVERIFY(!map.isEmpty());
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::vector<long long> ids;
      for (const QJsonValue &v : it.value().toArray())
        ids.push_back(v.toInteger());
      m_idMap[it.key().toStdString()] = ids;
    }
  }

  void matchesPiperPhonemize_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < m_cases.size(); ++i)
      QTest::newRow(qPrintable(m_cases[i].toObject().value(QStringLiteral("text")).toString())) << i;
  }

  void matchesPiperPhonemize() {
    QFETCH(int, index);
    const QJsonObject c = m_cases[index].toObject();
    const Result<PiperPhonemes> got =
        phonemizeForPiper(c.value(QStringLiteral("text")).toString(), c.value(QStringLiteral("voice")).toString());
    QVERIFY2(got, qPrintable(got ? QString() : got.error().message));

    const QJsonArray clauses = c.value(QStringLiteral("clauses")).toArray();
    QCOMPARE(int(got->clauses.size()), clauses.size());
    for (int k = 0; k < clauses.size(); ++k) {
      const QJsonObject want = clauses[k].toObject();
      const PiperClause &have = got->clauses[std::size_t(k)];
      QCOMPARE(have.ipa, want.value(QStringLiteral("ipa")).toString());
      QCOMPARE(have.consumed, want.value(QStringLiteral("consumed")).toString());
      QCOMPARE(terminatorName(have.terminator), want.value(QStringLiteral("terminator")).toString());
      QCOMPARE(have.sentenceEnd, want.value(QStringLiteral("sentence_end")).toBool());
    }

    const QJsonArray sentences = c.value(QStringLiteral("sentences")).toArray();
    const QJsonArray phonemes = c.value(QStringLiteral("phonemes")).toArray();
    const QJsonArray ids = c.value(QStringLiteral("ids")).toArray();
    const QJsonArray missing = c.value(QStringLiteral("missing")).toArray();
    QCOMPARE(int(got->sentences.size()), sentences.size());
    for (int s = 0; s < sentences.size(); ++s) {
      const PiperSentence &have = got->sentences[std::size_t(s)];
      QCOMPARE(have.phonemes, sentences[s].toString());
      std::vector<char32_t> wantPoints;
      for (const QJsonValue &p : phonemes[s].toArray()) {
        const QList<uint> u = p.toString().toUcs4();
        QCOMPARE(u.size(), 1);
        wantPoints.push_back(char32_t(u.first()));
      }
      QVERIFY(have.codePoints == wantPoints);

      const PiperIds mapped = piperPhonemeIds(have.codePoints, m_idMap);
      std::vector<long long> wantIds;
      for (const QJsonValue &v : ids[s].toArray())
        wantIds.push_back(v.toInteger());
      QVERIFY(mapped.ids == wantIds);
      std::map<std::string, int> wantMissing;
      const QJsonObject m = missing[s].toObject();
      for (auto it = m.begin(); it != m.end(); ++it)
        wantMissing[it.key().toStdString()] = it.value().toInt();
      QVERIFY(mapped.missing == wantMissing);
    }
  }

  void missingPhonemesAreSkippedAndCounted() {
    const PiperIds mapped = piperPhonemeIds({U'h', U'\u2603', U'h'}, m_idMap);
    QCOMPARE(mapped.missing.size(), std::size_t(1));
    QCOMPARE(mapped.missing.begin()->second, 1);
    const long long h = m_idMap.at("h").front();
    const std::vector<long long> want{1, 0, h, 0, h, 0, 2};
    QVERIFY(mapped.ids == want);
  }

  void terminatorFromConsumedText() {
    QCOMPARE(clauseTerminator(QStringLiteral("Hello world. H"), true), ClauseTerminator::Period);
    QCOMPARE(clauseTerminator(QStringLiteral("2024 — t"), true), ClauseTerminator::None);
    QCOMPARE(clauseTerminator(QStringLiteral("OK"), false), ClauseTerminator::None);
    QCOMPARE(clauseTerminator(QStringLiteral("eally?"), false), ClauseTerminator::Question);
    QCOMPARE(clauseTerminator(QStringLiteral("\"Hi!\" S"), true), ClauseTerminator::Exclamation);
    // Marks beyond ASCII, as eSpeak classes them and piper-phonemize masks them.
    QCOMPARE(clauseTerminator(QStringLiteral("\u0645\u0631\u062d\u0628\u0627\u061f \u0643"), true), ClauseTerminator::Question); // Arabic ؟
    QCOMPARE(clauseTerminator(QStringLiteral("\u03bd\u03b1\u03b9\u037e \u03ba"), true), ClauseTerminator::Question); // Greek ;
    QCOMPARE(clauseTerminator(QStringLiteral("\u4f60\u597d\u3002\u6211"), true), ClauseTerminator::None); // 。 writes none
    QVERIFY(clauseEndsSentence(QStringLiteral("\u4f60\u597d\u3002\u6211"), true)); // but ends the sentence
    QVERIFY(!clauseEndsSentence(QStringLiteral("\u4f60\u597d\uff0c\u6211"), true)); // ， does not
    QVERIFY(clauseEndsSentence(QStringLiteral("\u0928\u092e\u0938\u094d\u0924\u0947\u0964 \u0906"), true)); // danda
    QVERIFY(!clauseEndsSentence(QStringLiteral("Wait, w"), true));
    QVERIFY(clauseEndsSentence(QStringLiteral("OK"), false)); // the end of the text
  }

  // Chinese: eSpeak ends a sentence at 。 with no terminator written, so two sentences come out
  // and neither ends in a period phoneme.
  void ideographicFullStopSplitsSentences() {
    Result<PiperPhonemes> p = phonemizeForPiper(QStringLiteral("\u4f60\u597d\u3002\u6211\u5f88\u597d\u3002"), QStringLiteral("cmn"));
    if (!p && p.error().kind == ErrorKind::Unsupported)
      QSKIP("this eSpeak NG has no cmn voice");
    QVERIFY2(p, qPrintable(p ? QString() : p.error().message));
    QCOMPARE(p->sentences.size(), std::size_t(2));
    for (const PiperSentence &s : p->sentences)
      QVERIFY2(!s.phonemes.endsWith(QLatin1Char('.')), qPrintable(s.phonemes));
  }

  // libespeak-ng reads "meeting" with English rules in French and marks the switch, "(en)…(fr)";
  // piper-phonemize drops the marks (the default, without keeping language flags).
  void languageFlagsAreDropped() {
    const Result<PiperPhonemes> got =
        phonemizeForPiper(QStringLiteral("Le meeting avec le manager."), QStringLiteral("fr"));
    QVERIFY2(got, qPrintable(got ? QString() : got.error().message));
    QCOMPARE(got->clauses.size(), std::size_t(1));
    const QString ipa = got->clauses.front().ipa;
    QVERIFY2(ipa.contains(QStringLiteral("(en)")) && ipa.contains(QStringLiteral("(fr)")), qPrintable(ipa));
    QCOMPARE(got->sentences.size(), std::size_t(1));
    QString want = ipa;
    want.remove(QStringLiteral("(en)")).remove(QStringLiteral("(fr)"));
    QCOMPARE(got->sentences.front().phonemes, want.normalized(QString::NormalizationForm_D) + QLatin1Char('.'));
  }

  void unknownVoiceIsAnError() {
    const Result<PiperPhonemes> got = phonemizeForPiper(QStringLiteral("Hello."), QStringLiteral("no-such-voice"));
    QVERIFY(!got);
    QCOMPARE(got.error().kind, ErrorKind::Unsupported);
  }
};

QTEST_GUILESS_MAIN(TestEspeakPhonemizer)
#include "tst_espeakphonemizer.moc"
