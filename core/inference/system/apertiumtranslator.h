#pragma once
// Rule-based translation with apertium, run as a managed child process (`apertium -u eng-spa`):
// apertium has no stable library interface. Each call has a timeout and honours the abort flag.

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

private:
  ApertiumTranslator(QString program, QString mode, int timeoutMs);
  Result<QString> run(const QString &input, const AbortFlag &abort);
  QString m_program;
  QString m_mode; // e.g. "eng-spa"
  int m_timeoutMs;
};

} // namespace dragoman
