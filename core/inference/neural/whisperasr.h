#pragma once
// Whisper (LibTorch) as an IAsrEngine: asr.engine whisper, asr.model <Hugging Face folder>.

#include "core/inference/engineregistry.h"

#include <memory>

namespace dragoman {

namespace torchrt::whisper {
class Recognizer;
struct Transcript;
}

class WhisperAsr : public IAsrEngine {
public:
  static EngineInfo probe();
  // Loads the model (seconds for large ones); errors name the folder and the fault.
  static Result<std::unique_ptr<IAsrEngine>> create(const AsrParams &params);
  ~WhisperAsr() override;

  QString name() const override { return QStringLiteral("whisper"); }
  // The model folder, its device and the bytes of its weights as loaded.
  EngineFootprint footprint() const override { return m_footprint; }
  Result<QString> transcribe(const AudioBuffer &audio, const AbortFlag &abort) override;
  // Confidence: exp of the mean token log-probability over the segment's text.
  Result<Recognition> recognise(const AudioBuffer &audio, const AbortFlag &abort) override;
  // The streaming policy's passes: greedy or beam at temperature 0 only, no fallback ladder.
  Result<QList<TimedText>> transcribeTimed(const AudioBuffer &audio, const QString &prompt,
                                           const AbortFlag &abort) override;

private:
  Result<torchrt::whisper::Transcript> run(const AudioBuffer &audio, const QString &prompt, const AbortFlag &abort,
                                           bool streamingPass);
  WhisperAsr(std::unique_ptr<torchrt::whisper::Recognizer> recognizer, const AsrParams &params);
  std::unique_ptr<torchrt::whisper::Recognizer> m_recognizer;
  AsrParams m_params;
  EngineFootprint m_footprint;
};

} // namespace dragoman
