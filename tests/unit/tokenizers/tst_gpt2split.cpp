// gpt2Split: GPT-2's pre-tokenisation pattern, alternative by alternative, with the Unicode
// classes (letters, numbers, White_Space) and bytes that are not UTF-8.

#include "core/inference/torch/tokenizers/gpt2split.h"

#include <QTest>

#include <random>

using dragoman::torchrt::gpt2Pieces;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(std::vector<std::string>)

namespace {

std::vector<std::string> pieces(std::string_view text) {
  std::vector<std::string> out;
  for (const std::string_view p : gpt2Pieces(text))
    out.emplace_back(p);
  return out;
}

QString show(const std::vector<std::string> &v) {
  QStringList parts;
  for (const std::string &s : v)
    parts << QString::fromUtf8(QByteArray::fromStdString(s).toPercentEncoding(" "));
  return "[" + parts.join("|") + "]";
}

} // namespace

class TestGpt2Split : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void split_data() {
    QTest::addColumn<std::string>("text");
    QTest::addColumn<std::vector<std::string>>("expected");
    using V = std::vector<std::string>;
    QTest::newRow("empty") << std::string() << V{};
    QTest::newRow("words") << std::string("Hello world") << V{"Hello", " world"};
    QTest::newRow("contractions") << std::string("I'll we've it's she'd")
                                  << V{"I", "'ll", " we", "'ve", " it", "'s", " she", "'d"};
    QTest::newRow("contraction case") << std::string("DON'T don't") << V{"DON", "'", "T", " don", "'t"};
    QTest::newRow("apostrophe in punctuation") << std::string("?'s") << V{"?'", "s"};
    QTest::newRow("spaced apostrophe") << std::string("a 're") << V{"a", " '", "re"};
    QTest::newRow("numbers") << std::string("abc123 3.14 ½Ⅻ") << V{"abc", "123", " 3", ".", "14", " ½Ⅻ"};
    QTest::newRow("punctuation run") << std::string("wow!!! ...ok") << V{"wow", "!!!", " ...", "ok"};
    QTest::newRow("two spaces") << std::string("x  y") << V{"x", " ", " y"};
    QTest::newRow("leading trailing") << std::string("  leading and trailing  ")
                                      << V{" ", " leading", " and", " trailing", "  "};
    QTest::newRow("newlines") << std::string("a\n\nb") << V{"a", "\n", "\n", "b"};
    QTest::newRow("space newline space") << std::string("a \n b") << V{"a", " \n", " b"};
    QTest::newRow("tab") << std::string("new lines\t tab") << V{"new", " lines", "\t", " tab"};
    QTest::newRow("spaces before tab") << std::string("  \tx") << V{"  ", "\t", "x"};
    QTest::newRow("only spaces") << std::string("   ") << V{"   "};
    QTest::newRow("space then punctuation end") << std::string("a ?") << V{"a", " ?"};
    // U+00A0 and U+3000 are White_Space but not U+0020: they never lead a word.
    QTest::newRow("no-break space") << std::string("a\u00A0b") << V{"a", "\u00A0", "b"};
    QTest::newRow("ideographic space") << std::string("日本\u3000語") << V{"日本", "\u3000", "語"};
    // U+001C..U+001F are spaces to Python's str.isspace() but not White_Space.
    QTest::newRow("file separator") << std::string("a \x1C b") << V{"a", " \x1C", " b"};
    QTest::newRow("next line") << std::string("a\u0085\u0085b") << V{"a", "\u0085", "\u0085", "b"};
    // A combining mark is neither letter nor number.
    QTest::newRow("combining mark") << std::string("e\u0301t\u00E9") << V{"e", "\u0301", "t\u00E9"};
    QTest::newRow("cjk and emoji") << std::string("日本語のテキスト 🎉🚀 ok") << V{"日本語のテキスト", " 🎉🚀", " ok"};
    QTest::newRow("invalid bytes") << std::string("a\xFF\xFE b \x80x") << V{"a", "\xFF\xFE", " b", " \x80", "x"};
    QTest::newRow("truncated sequence") << std::string("ab\xE2\x82") << V{"ab", "\xE2\x82"};
    QTest::newRow("surrogate bytes") << std::string("\xED\xA0\x80z") << V{"\xED\xA0\x80", "z"};
  }

  void split() {
    QFETCH(std::string, text);
    QFETCH(std::vector<std::string>, expected);
    const std::vector<std::string> got = pieces(text);
    QVERIFY2(got == expected, qPrintable(show(got) + " != " + show(expected)));
  }

  void piecesCoverTheText() {
    std::mt19937 rng(9);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int round = 0; round < 2000; ++round) {
      std::string text;
      const int length = round % 64;
      for (int i = 0; i < length; ++i)
        text.push_back(static_cast<char>(round % 3 == 0 ? byte(rng) : " a1.\n'\xC3\xA9"[byte(rng) % 9]));
      std::string joined;
      for (const std::string_view p : gpt2Pieces(text)) {
        QVERIFY(!p.empty());
        joined += p;
      }
      QCOMPARE(joined, text);
    }
  }
};

QTEST_GUILESS_MAIN(TestGpt2Split)
#include "tst_gpt2split.moc"
