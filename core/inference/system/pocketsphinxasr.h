#pragma once
// English speech recognition with CMU pocketsphinx (libpocketsphinx, Debian's pocketsphinx-en-us).

#include "core/inference/engineregistry.h"

namespace dragoman {

class PocketsphinxAsr : public IAsrEngine {
public:
  // modelDir: a folder with en-us/ (acoustic model), en-us.lm.bin and cmudict-en-us.dict;
  // empty for Debian's default.
  static EngineInfo probe(const QString &modelDir);
  static Result<std::unique_ptr<IAsrEngine>> create(const AsrParams &params);
  static QString defaultModelDir();

  ~PocketsphinxAsr() override;
  PocketsphinxAsr(const PocketsphinxAsr &) = delete;
  PocketsphinxAsr &operator=(const PocketsphinxAsr &) = delete;

  QString name() const override { return QStringLiteral("pocketsphinx"); }
  Result<QString> transcribe(const AudioBuffer &audio, const AbortFlag &abort) override;

private:
  struct Decoder;
  explicit PocketsphinxAsr(std::unique_ptr<Decoder> decoder);
  std::unique_ptr<Decoder> m_decoder;
};

} // namespace dragoman
