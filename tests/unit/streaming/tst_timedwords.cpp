#include "core/inference/streaming/timedwords.h"

#include <QTest>

using dragoman::TimedText;
using namespace dragoman::streaming;

namespace {

QStringList texts(const QList<TimedWord> &words) {
  QStringList out;
  for (const TimedWord &w : words)
    out.append(w.text);
  return out;
}

} // namespace

class TestTimedWords : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void spreadsPieceOverWordsByCharacters() {
    // 2 + 4 + 6 = 12 characters over 1.2 s from stream second 10.
    const QList<TimedWord> words = wordsFromPieces({TimedText{0.5, 1.7, QStringLiteral(" ab cdef ghijkl")}}, 10.0);
    QCOMPARE(texts(words), QStringList({"ab", "cdef", "ghijkl"}));
    QCOMPARE(words[0].startSeconds, 10.5);
    QVERIFY(qAbs(words[0].endSeconds - 10.7) < 1e-9);
    QVERIFY(qAbs(words[1].startSeconds - 10.7) < 1e-9);
    QVERIFY(qAbs(words[1].endSeconds - 11.1) < 1e-9);
    QVERIFY(qAbs(words[2].startSeconds - 11.1) < 1e-9);
    QCOMPARE(words[2].endSeconds, 11.7); // exactly the piece's end
    QCOMPARE(words[0].endsPiece, false);
    QCOMPARE(words[1].endsPiece, false);
    QCOMPARE(words[2].endsPiece, true);
  }

  void punctuationDoesNotWeigh() {
    // "Hi," weighs 2 like "ok"; a lone dash weighs 1.
    const QList<TimedWord> words = wordsFromPieces({TimedText{0.0, 1.0, QStringLiteral("Hi, - ok")}}, 0.0);
    QCOMPARE(texts(words), QStringList({"Hi,", "-", "ok"}));
    QVERIFY(qAbs(words[0].endSeconds - 0.4) < 1e-9);
    QVERIFY(qAbs(words[1].endSeconds - 0.6) < 1e-9);
  }

  void piecesKeepTheirOwnTimes() {
    const QList<TimedWord> words = wordsFromPieces(
        {TimedText{0.0, 1.0, QStringLiteral(" Hello world.")}, TimedText{1.5, 2.0, QStringLiteral("How")},
         TimedText{2.0, 2.0, QStringLiteral("   ")}, TimedText{3.0, 2.5, QStringLiteral(" now")}},
        5.0);
    QCOMPARE(texts(words), QStringList({"Hello", "world.", "How", "now"}));
    QCOMPARE(words[1].endSeconds, 6.0);
    QCOMPARE(words[2].startSeconds, 6.5);
    QCOMPARE(words[2].endSeconds, 7.0);
    // A piece that ends before it starts is taken as having no length.
    QCOMPARE(words[3].startSeconds, 8.0);
    QCOMPARE(words[3].endSeconds, 8.0);
    QCOMPARE(joinWords(words), QStringLiteral("Hello world. How now"));
  }

  void splitsScriptsWithoutSpaces_data() {
    QTest::addColumn<QStringList>("pieces");
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("joined");
    QTest::newRow("chinese") << QStringList{QStringLiteral("你好。世界")} << QStringList{"你", "好。", "世", "界"}
                             << QStringLiteral("你好。世界");
    QTest::newRow("japanese quotes") << QStringList{QStringLiteral("「こんにちは」")}
                                     << QStringList{"「こ", "ん", "に", "ち", "は」"}
                                     << QStringLiteral("「こんにちは」");
    QTest::newRow("mixed") << QStringList{QStringLiteral("我用Qt6写")} << QStringList{"我", "用", "Qt6", "写"}
                           << QStringLiteral("我用Qt6写");
    QTest::newRow("cjk across pieces") << QStringList{QStringLiteral("你好"), QStringLiteral("世界")}
                                       << QStringList{"你", "好", "世", "界"} << QStringLiteral("你好世界");
    QTest::newRow("latin across pieces without a space")
        << QStringList{QStringLiteral("Hello"), QStringLiteral("world")} << QStringList{"Hello", "world"}
        << QStringLiteral("Hello world");
    QTest::newRow("opening quote") << QStringList{QStringLiteral(" «Bonjour» dit-il")}
                                   << QStringList{"«Bonjour»", "dit-il"} << QStringLiteral("«Bonjour» dit-il");
  }
  void splitsScriptsWithoutSpaces() {
    QFETCH(QStringList, pieces);
    QFETCH(QStringList, words);
    QFETCH(QString, joined);
    QList<TimedText> timed;
    for (qsizetype i = 0; i < pieces.size(); ++i)
      timed.append(TimedText{double(i), double(i) + 1.0, pieces[i]});
    const QList<TimedWord> out = wordsFromPieces(timed, 0.0);
    QCOMPARE(texts(out), words);
    QCOMPARE(joinWords(out), joined);
  }

  void comparableWords_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("case") << "World"
                          << "world" << true;
    QTest::newRow("trailing punctuation") << "world!"
                                          << "World" << true;
    QTest::newRow("quotes") << "\"Hello,\""
                            << "hello" << true;
    QTest::newRow("inner apostrophe kept") << "don't"
                                           << "dont" << false;
    QTest::newRow("inner apostrophe same") << "Don't."
                                           << "don't" << true;
    QTest::newRow("different") << "their"
                               << "there" << false;
    QTest::newRow("cjk punctuation") << "好。"
                                     << "好" << true;
    QTest::newRow("accents matter") << "resume"
                                    << "résumé" << false;
  }
  void comparableWords() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(sameWord(TimedWord{a, 0, 0, false, false}, TimedWord{b, 0, 0, false, false}), same);
  }

  void sentenceEnds_data() {
    QTest::addColumn<QString>("word");
    QTest::addColumn<bool>("ends");
    QTest::newRow("full stop") << "end." << true;
    QTest::newRow("question") << "why?" << true;
    QTest::newRow("exclamation") << "wow!" << true;
    QTest::newRow("ellipsis") << "so…" << true;
    QTest::newRow("quoted") << "said.\"" << true;
    QTest::newRow("closing bracket") << "(really?)" << true;
    QTest::newRow("ideographic") << "好。" << true;
    QTest::newRow("fullwidth question") << "吗？" << true;
    QTest::newRow("japanese quote") << "です。」" << true;
    QTest::newRow("comma") << "well," << false;
    QTest::newRow("plain") << "word" << false;
    QTest::newRow("only quote") << "\"" << false;
    QTest::newRow("empty") << "" << false;
  }
  void sentenceEnds() {
    QFETCH(QString, word);
    QFETCH(bool, ends);
    QCOMPARE(endsSentence(word), ends);
  }

  void clauseEnds_data() {
    QTest::addColumn<QString>("word");
    QTest::addColumn<bool>("ends");
    QTest::newRow("comma") << "well," << true;
    QTest::newRow("semicolon") << "so;" << true;
    QTest::newRow("colon in quotes") << "said:\"" << true;
    QTest::newRow("fullwidth comma") << "好，" << true;
    QTest::newRow("ideographic comma") << "我、" << true;
    QTest::newRow("full stop is a sentence") << "end." << false;
    QTest::newRow("inner comma") << "1,000" << false;
    QTest::newRow("empty") << "" << false;
  }
  void clauseEnds() {
    QFETCH(QString, word);
    QFETCH(bool, ends);
    QCOMPARE(endsClause(word), ends);
  }
};

QTEST_GUILESS_MAIN(TestTimedWords)
#include "tst_timedwords.moc"
