#pragma once
// Words with a place in the audio stream, cut from the recogniser's timed pieces.
//
// Whisper gives timestamps per segment (a "piece" here), not per word. The streaming policy needs
// word times only to decide what was already committed and where the audio buffer may be cut, so
// the times inside a piece are estimated: the piece's duration is spread over its words in
// proportion to their character counts (no gaps between words; the last word ends exactly where
// the piece ends). An estimate is off by a fraction of a word, which the policy tolerates; a piece
// end is exact, which is why trimming prefers piece and sentence ends.

#include "core/inference/engines.h"

#include <QList>
#include <QString>

namespace dragoman::streaming {

struct TimedWord {
  QString text;              // as recognised, punctuation attached ("world,")
  double startSeconds = 0.0; // absolute position in the stream
  double endSeconds = 0.0;
  // Written with no space before it (scripts without word spaces: Chinese, Japanese).
  bool joinsPrevious = false;
  // The last word of its segment: its end is the segment's measured end, not an estimate.
  bool endsPiece = false;
};

// Splits pieces (times relative to the audio that starts at offsetSeconds in the stream) into words.
// Words are separated by white space; every Han, Hiragana and Katakana character is a word of its
// own, since those scripts write no spaces. Punctuation stays attached to the word before it (or
// to the word after it when it opens one, as in "«Bonjour").
QList<TimedWord> wordsFromPieces(const QList<TimedText> &pieces, double offsetSeconds);

// Joins words with single spaces, except before a word that joins the previous one.
QString joinWords(const QList<TimedWord> &words);

// The form two hypotheses are compared in: case folded, leading and trailing punctuation and
// symbols removed ("World!" and "world" are the same word; "don't" keeps its apostrophe).
QString comparableWord(const QString &word);
bool sameWord(const TimedWord &a, const TimedWord &b);

// True when the word ends a sentence: its last character, closing quotes and brackets aside, is
// one of . ? ! … 。 ？ ！ (abbreviations such as "Mr." count too; a trim there is harmless).
bool endsSentence(const QString &word);
// True when the word ends a clause: its last character, as above, is one of , ; : — ， 、 ； ：.
bool endsClause(const QString &word);

} // namespace dragoman::streaming
