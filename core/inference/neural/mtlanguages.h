#pragma once
// Which language tokens a translation model needs for a pair given as ISO 639-1/-3 codes or NLLB
// codes: NLLB's source and target codes, M2M100's "__de__" tokens (read from the model's files), a
// multi-target Marian model's ">>xx<<" token, and the check that a single-pair Marian model serves
// the pair at all.

#include "core/common/result.h"

#include <QString>

#include <string>

namespace dragoman::torchrt::seq2seq {
class Translator;
}

namespace dragoman {

struct MtLanguageTokens {
  std::string source; // NLLB: the source code ("eng_Latn"); M2M100: "__en__"; Marian: ""
  std::string target; // NLLB: the target code; M2M100: "__de__"; multi-target Marian: ">>spa<<"; else ""
};

// ErrorKind::Unsupported naming the pair and what the model serves when it does not serve it.
Result<MtLanguageTokens> resolveMtLanguages(const torchrt::seq2seq::Translator &translator, const QString &from, const QString &to);

// The languages a model's files declare, as ISO codes for people ("en → de", "* → es, fr, it").
QString describeMtLanguages(const torchrt::seq2seq::Translator &translator);

} // namespace dragoman
