#pragma once
// Speech synthesis with eSpeak NG (libespeak-ng): many languages, robotic but intelligible, offline.

#include "core/inference/engineregistry.h"

namespace dragoman {

class EspeakSynthesizer : public ISynthesizer {
public:
  static EngineInfo probe();
  static Result<std::unique_ptr<ISynthesizer>> create(const SynthParams &params);
  // Languages with at least one voice, as ISO 639-1 codes and as the voices' own codes ("en-us").
  static QStringList languages();

  QString name() const override { return QStringLiteral("espeak-ng"); }
  Result<AudioBuffer> synthesize(const QString &text, const AbortFlag &abort) override;

private:
  EspeakSynthesizer(QString language, QString voice, int wordsPerMinute);
  QString m_language;
  QString m_voice;
  int m_wordsPerMinute;
};

} // namespace dragoman
