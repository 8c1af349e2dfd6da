#pragma once
// VITS voices in LibTorch as an ISynthesizer: tts.engine vits, tts.model <a Hugging Face VITS /
// MMS-TTS folder>. A text is cut into sentences (ICU), each spoken on its own with the same seed
// (a sentence sounds the same every time) and handed on as soon as it exists (streaming), with
// tts.pause_ms of silence before every sentence but the first. A Piper voice (tts.model
// NAME.onnx) is phonemised as piper does it (eSpeak NG, core/inference/system). tts.rate divides
// the voice's length scale; tts.speaker picks a speaker of a multi-speaker voice.

#include "core/inference/engineregistry.h"

#include <memory>
#include <vector>

namespace dragoman {

namespace torchrt::vits {
class Synthesizer;
}

class VitsSynthesizer : public ISynthesizer {
public:
  static EngineInfo probe();
  // Loads the voice; errors name the folder or the file at fault.
  static Result<std::unique_ptr<ISynthesizer>> create(const SynthParams &params);
  ~VitsSynthesizer() override;

  QString name() const override { return QStringLiteral("vits"); }
  EngineFootprint footprint() const override { return m_footprint; }
  // Text with nothing the voice can say gives empty audio, not an error.
  Result<AudioBuffer> synthesize(const QString &text, const AbortFlag &abort) override;
  Result<AudioBuffer> synthesizeStreaming(const QString &text, const AbortFlag &abort, const SpeechPiece &piece) override;

private:
  VitsSynthesizer(std::unique_ptr<torchrt::vits::Synthesizer> voice, const SynthParams &params);
  std::vector<std::vector<long long>> pieces(const QString &sentence) const;
  std::unique_ptr<torchrt::vits::Synthesizer> m_voice;
  EngineFootprint m_footprint;
  SynthParams m_params;
};

} // namespace dragoman
