#pragma once
// The catalogue of models Dragoman knows how to fetch: which Hugging Face repository and
// revision, which files, roughly how big. The built-in one is resources/models/catalogue.json,
// compiled in as ":/dragoman/models/catalogue.json"; tests and mirrors may give their own file.
//
// Format (version 1):
//   { "format": 1,
//     "file_sets": { "whisper": { "files": [...required...], "one_of": [[...], ...], "optional_files": [...] } },
//     "models": [ { "id", "kind": "asr"|"mt"|"tts", "engine", "repo", "revision", "license",
//                   "file_set" or "files"/"one_of"/"optional_files", "approx_bytes", "description",
//                   "languages": [...], "source_language", "target_language", "target_tokens" } ] }
// "one_of" lists groups of alternatives, each needing one file: the first of the group that the
// repository lists is fetched (["model.safetensors", "pytorch_model.bin"]: whichever weights the
// repository has, safetensors preferred). A reader that predates it would skip those files, so
// catalogues that use it still say format 1 but need this version to install such models.
// MT: source_language and target_language are a code, "*" (any language the engine knows) or a
// list of codes (a multilingual model). "target_tokens" says the source text must begin with a
// target-language token, as multi-target OPUS-MT models want: true, the token is the target code
// (">>es<<"); or an object from target code to token id where they differ ({"zh": "cmn_Hans"}).
// Keys this code does not know are kept in CatalogueEntry::raw, so later kinds can add fields
// without changing the parser.

#include "core/common/result.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace dragoman::models {

struct CatalogueEntry {
  QString id;                // e.g. "whisper-tiny": also the folder name under the models folder
  QString kind;              // asr | mt | tts
  QString engine;            // e.g. "whisper", "marian", "vits"
  QString repo;              // e.g. "openai/whisper-tiny"
  QString revision;          // branch, tag or commit; "main" when absent
  QString license;           // SPDX-style id of the model's licence, e.g. "mit", "cc-by-4.0"; empty: not stated
  QStringList files;         // must exist in the repository
  QList<QStringList> oneOf;  // each group: its first file the repository has is fetched; none is an error
  QStringList optionalFiles; // fetched when the repository has them
  qint64 approxBytes = 0;    // for `models list` before anything is downloaded
  QString description;
  QStringList languages;                 // ASR/TTS: what it speaks or hears; empty: unspecified
  QString sourceLanguage;                // MT: a code, "*" (any), or "mul" when source_language lists several
  QString targetLanguage;                // MT: likewise
  QStringList sourceLanguages;           // MT: every code source_language gives ({"*"} for any)
  QStringList targetLanguages;           // MT: every code target_language gives
  bool targetTokens = false;             // MT: the source text starts with ">>id<<" naming the target language
  QMap<QString, QString> targetTokenIds; // MT: target code -> id where the id is not the code itself
  QJsonObject raw;                       // the whole entry as written
};

class Catalogue {
public:
  static constexpr const char *builtInPath = ":/dragoman/models/catalogue.json";

  // Parses a catalogue document. Errors are ErrorKind::Config naming origin and the bad entry.
  static Result<Catalogue> fromJson(const QByteArray &json, const QString &origin);
  // Reads a file (or a ":/" resource). Errors name the path.
  static Result<Catalogue> load(const QString &path);
  // The catalogue compiled into the program.
  static Result<Catalogue> builtIn();

  const QList<CatalogueEntry> &entries() const { return m_entries; }
  const CatalogueEntry *find(const QString &id) const;
  QStringList ids() const;
  // find(), or ErrorKind::Usage "unknown model 'x'; known models: a, b, c".
  Result<CatalogueEntry> require(const QString &id) const;

private:
  QList<CatalogueEntry> m_entries;
};

// True for a name that is safe as one folder under the models folder: letters, digits, '.',
// '-', '_', not starting with '.', so it can never reach outside it.
bool isValidModelId(const QString &id);

} // namespace dragoman::models
