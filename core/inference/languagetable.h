#pragma once
// The languages of NLLB-200 and the codes people and other engines use for them. NLLB names a
// language by its FLORES-200 code ("deu_Latn": ISO 639-3 plus ISO 15924 script); Whisper, the
// config and the HTTP API use ISO 639-1 ("de"). The table is resources/languages/nllb-languages.json,
// compiled in as ":/dragoman/languages/nllb-languages.json" and read once, on first use, from any thread.

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace dragoman {

struct NllbLanguage {
  QString code;    // FLORES-200, e.g. "zho_Hant"
  QString iso6393; // the language part of code, e.g. "zho"
  QString iso6391; // e.g. "zh"; empty when the language has no two-letter code
  QString name;    // English, e.g. "Chinese (Traditional)"
};

// The NLLB code for "en", "eng", "eng_Latn" (any case), a macrolanguage or legacy code the table
// lists ("ara", "no", "iw", Whisper's "jw"), or a BCP 47-style tag: "zh-Hant", "zh_TW", "ks-Deva"
// pick the entry in that script, other regions are ignored ("pt-BR": por_Latn). A code shared by
// several entries gives the one the table marks as default ("zh": zho_Hans). Empty when unknown.
std::optional<QString> toNllbCode(const QString &code);

// ISO 639-1 when the language has one, else ISO 639-3, for an NLLB code ("deu_Latn": "de",
// "ast_Latn": "ast"); any case. Empty when unknown.
QString isoFromNllbCode(const QString &nllb);

// Every language NLLB-200 translates, in the order of the model's language tokens (202).
QList<NllbLanguage> nllbLanguages();

// The ISO code (639-1, else 639-3) of every NLLB language, sorted, once each: what pickers offer.
QStringList nllbIsoCodes();

} // namespace dragoman
