#pragma once
// English speech recognition with CMU pocketsphinx (libpocketsphinx, Debian's pocketsphinx-en-us).

#include "core/inference/engineregistry.h"

namespace dragoman {

class PocketsphinxAsr : public IAsrEngine {
public:
  // modelDir: a folder with en-us/ (acoustic model), en-us.lm.bin and cmudict-en-us.dict;
  // empty for Debian's default (pkg-config's modeldir at configure time, plus /en-us).
  static EngineInfo probe(const QString &modelDir);
  static Result<std::unique_ptr<IAsrEngine>> create(const AsrParams &params);
  static QString defaultModelDir();

  ~PocketsphinxAsr() override;
  PocketsphinxAsr(const PocketsphinxAsr &) = delete;
  PocketsphinxAsr &operator=(const PocketsphinxAsr &) = delete;

  QString name() const override { return QStringLiteral("pocketsphinx"); }
  // 16 kHz mono only (ErrorKind::Input otherwise); the abort flag is checked every 0.5 s of audio.
  Result<QString> transcribe(const AudioBuffer &audio, const AbortFlag &abort) override;

private:
  struct Decoder;
  explicit PocketsphinxAsr(std::unique_ptr<Decoder> decoder);
  static Result<std::unique_ptr<IAsrEngine>> createDecoder(const AsrParams &params);
  Result<QString> decode(const AudioBuffer &audio, const AbortFlag &abort);
  std::unique_ptr<Decoder> m_decoder;
};

} // namespace dragoman
