#pragma once
// Rule-based translation with apertium, run as a managed child process (`apertium -u eng-spa`):
// apertium has no stable library interface. Each call has a timeout and honours the abort flag.
// A batch is one call: the texts go in as paragraphs of one input (see translateBatch()).

#include "core/inference/engineregistry.h"

namespace dragoman {

class ApertiumTranslator : public ITranslator {
public:
  static EngineInfo probe();
  // Accepts ISO 639-1 ("en") or apertium's ISO 639-3 ("eng") codes.
  static Result<std::unique_ptr<ITranslator>> create(const TranslatorParams &params);
  // Pairs whose mode files are installed, in ISO 639-1 where a two-letter code exists.
  static QList<LanguagePair> installedPairs();

  QString name() const override { return QStringLiteral("apertium"); }
  // One text in, one translation out: line breaks in the input are joined with spaces.
  Result<QString> translate(const QString &text, const AbortFlag &abort) override;
  // All texts in one apertium process, each prepared as translate() prepares it; gives the same
  // strings as one translate() per text. Blank texts give empty strings and are not sent.
  Result<QStringList> translateBatch(const QStringList &texts, const AbortFlag &abort) override;

private:
  ApertiumTranslator(QString program, QString mode, int timeoutMs);
  Result<QString> run(const QString &input, qint64 timeoutMs, const AbortFlag &abort);
  QString m_program;
  QString m_mode; // e.g. "eng-spa"
  int m_timeoutMs;
};

} // namespace dragoman
