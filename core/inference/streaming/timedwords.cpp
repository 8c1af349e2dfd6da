#include "core/inference/streaming/timedwords.h"

#include <QChar>

#include <algorithm>
#include <string>

namespace dragoman::streaming {

namespace {

bool isCjk(char32_t c) {
  const QChar::Script script = QChar::script(c);
  return script == QChar::Script_Han || script == QChar::Script_Hiragana || script == QChar::Script_Katakana ||
         c == U'\u30FC'; // the prolonged sound mark is "Common" but belongs to the kana around it
}

// Letters, digits and CJK characters carry a word; marks, punctuation and symbols ride along.
bool isContent(char32_t c) {
  return QChar::isLetterOrNumber(c) || isCjk(c);
}

bool isMark(char32_t c) {
  const QChar::Category cat = QChar::category(c);
  return cat == QChar::Mark_NonSpacing || cat == QChar::Mark_SpacingCombining || cat == QChar::Mark_Enclosing;
}

struct Token {
  QString text;
  bool joinsPrevious = false;
  bool cjk = false; // its content is one CJK character
  int weight = 0;   // content characters, for spreading the piece's duration
};

// One piece's text as tokens, in order. previousCjk: whether the word before the piece was CJK.
QList<Token> tokenize(const QString &text, bool previousCjk) {
  QList<Token> tokens;
  Token current;
  bool spaceBefore = false; // white space since the last token closed
  bool first = true;
  auto close = [&] {
    if (current.text.isEmpty())
      return;
    tokens.append(current);
    current = Token{};
  };
  auto open = [&](bool cjk) {
    // A token joins the one before when no space separates them in the piece; across pieces only
    // CJK joins CJK, since Whisper's pieces of spaced scripts do not always start with a space.
    current.joinsPrevious = first ? (!spaceBefore && cjk && previousCjk) : !spaceBefore;
    first = false;
    spaceBefore = false;
  };
  for (const char32_t c : text.toUcs4()) {
    if (QChar::isSpace(c)) {
      close();
      spaceBefore = true;
      continue;
    }
    if (isCjk(c)) {
      if (current.weight > 0)
        close();
      if (current.text.isEmpty())
        open(true);
      current.cjk = true;
    } else if (isContent(c)) {
      if (current.cjk)
        close();
      if (current.text.isEmpty())
        open(false);
    } else if (current.text.isEmpty()) {
      open(false); // opening punctuation starts the word it belongs to
    }
    current.text.append(QString::fromUcs4(&c, 1));
    if (isContent(c))
      ++current.weight;
  }
  close();
  return tokens;
}

} // namespace

QList<TimedWord> wordsFromPieces(const QList<TimedText> &pieces, double offsetSeconds) {
  QList<TimedWord> words;
  bool previousCjk = false;
  for (const TimedText &piece : pieces) {
    const QList<Token> tokens = tokenize(piece.text, previousCjk);
    if (tokens.isEmpty())
      continue;
    const double start = piece.startSeconds;
    const double end = std::max(piece.endSeconds, piece.startSeconds);
    int total = 0;
    for (const Token &t : tokens)
      total += std::max(t.weight, 1);
    int before = 0;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
      const Token &t = tokens[i];
      const int weight = std::max(t.weight, 1);
      TimedWord w;
      w.text = t.text;
      w.joinsPrevious = t.joinsPrevious;
      w.startSeconds = offsetSeconds + start + (end - start) * before / total;
      before += weight;
      // The last word ends exactly at the piece's end: that time is measured, not estimated.
      w.endsPiece = i + 1 == tokens.size();
      w.endSeconds = offsetSeconds + (w.endsPiece ? end : start + (end - start) * before / total);
      words.append(w);
    }
    previousCjk = tokens.last().cjk;
  }
  return words;
}

QString joinWords(const QList<TimedWord> &words) {
  QString out;
  for (const TimedWord &w : words) {
    if (!out.isEmpty() && !w.joinsPrevious)
      out.append(QLatin1Char(' '));
    out.append(w.text);
  }
  return out;
}

QString comparableWord(const QString &word) {
  const std::u32string chars = word.toCaseFolded().toStdU32String();
  std::size_t begin = 0;
  std::size_t end = chars.size();
  while (begin < end && !isContent(chars[begin]))
    ++begin;
  while (end > begin && !isContent(chars[end - 1]) && !isMark(chars[end - 1]))
    --end;
  return QString::fromStdU32String(chars.substr(begin, end - begin));
}

bool sameWord(const TimedWord &a, const TimedWord &b) {
  return comparableWord(a.text) == comparableWord(b.text);
}

namespace {

// The word's last character once closing quotes and brackets are set aside; null for none.
QChar lastMark(const QString &word) {
  qsizetype end = word.size();
  while (end > 0) {
    const QChar c = word[end - 1];
    const QChar::Category cat = c.category();
    if (c == QLatin1Char('"') || c == QLatin1Char('\'') || cat == QChar::Punctuation_Close ||
        cat == QChar::Punctuation_FinalQuote)
      --end;
    else
      break;
  }
  return end == 0 ? QChar() : word[end - 1];
}

} // namespace

bool endsSentence(const QString &word) {
  static const QString enders = QStringLiteral(".?!\u2026\u3002\uFF1F\uFF01");
  const QChar mark = lastMark(word);
  return !mark.isNull() && enders.contains(mark);
}

bool endsClause(const QString &word) {
  static const QString marks = QStringLiteral(",;:\u2014\uFF0C\u3001\uFF1B\uFF1A");
  const QChar mark = lastMark(word);
  return !mark.isNull() && marks.contains(mark);
}

} // namespace dragoman::streaming
