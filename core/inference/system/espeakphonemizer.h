#pragma once
// Piper's phonemisation: a text turned into the IPA phonemes and ids a Piper voice was trained on,
// the way piper-phonemize does it. libespeak-ng reads the text clause by clause (IPA); each
// clause's terminator (. ? ! , : ;) follows its IPA, a comma, colon or semicolon with a space after
// it; the clauses of one sentence are joined, and a sentence ends at . ? ! or at the end of the
// text. The phonemes are the code points of the NFD form. Ids: ^ _ (phoneme _)* $.

#include "core/common/result.h"

#include <QString>

#include <map>
#include <string>
#include <vector>

namespace dragoman {

enum class ClauseTerminator { None, Period, Question, Exclamation, Comma, Colon, Semicolon };

struct PiperClause {
  QString ipa;      // libespeak-ng's IPA for the clause, as returned
  QString consumed; // the text the call read (it can end with the first letter of the next clause)
  ClauseTerminator terminator = ClauseTerminator::None;
  bool sentenceEnd = false;
};

struct PiperSentence {
  QString phonemes;                 // NFD, terminators included
  std::vector<char32_t> codePoints; // the phonemes, one code point each
};

struct PiperPhonemes {
  std::vector<PiperClause> clauses;
  std::vector<PiperSentence> sentences;
};

// Takes the process-wide libespeak-ng lock. EngineUnavailable when the library or its data is
// missing, Unsupported for an unknown voice (e.g. "en-us", "es").
Result<PiperPhonemes> phonemizeForPiper(const QString &text, const QString &espeakVoice);

// The terminator espeak found for a clause, recovered from the text the call consumed;
// `moreText`: the call did not reach the end of the text (so it read one character ahead).
ClauseTerminator clauseTerminator(const QString &consumed, bool moreText);
// Whether that clause ends a sentence (the text's end, or eSpeak's sentence-type punctuation, some
// of which writes no terminator: 。 ！ ？ ।).
bool clauseEndsSentence(const QString &consumed, bool moreText);

// A Piper voice's phoneme_id_map (phoneme, one UTF-8 code point → ids).
using PhonemeIdMap = std::map<std::string, std::vector<long long>>;

struct PiperIds {
  std::vector<long long> ids;
  std::map<std::string, int> missing; // phonemes the map lacks (skipped), with their counts
};

// ^ _ (ids of each phoneme, then _)* $, with the ids of "^", "_" and "$" from the map.
PiperIds piperPhonemeIds(const std::vector<char32_t> &phonemes, const PhonemeIdMap &idMap);

} // namespace dragoman
