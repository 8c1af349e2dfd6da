#pragma once
// VITS voices in LibTorch as an ISynthesizer: tts.engine vits, tts.model <a Hugging Face VITS /
// MMS-TTS folder>. A text is cut into sentences (ICU), each spoken on its own with the same seed
// (a sentence sounds the same every time), and the sentences are joined with a short pause. A Piper
// voice (tts.model NAME.onnx) is phonemised as piper does it (eSpeak NG, core/inference/system).

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

  static constexpr int kPauseMs = 250; // between sentences

private:
  VitsSynthesizer(std::unique_ptr<torchrt::vits::Synthesizer> voice, int seed);
  std::vector<std::vector<long long>> pieces(const QString &sentence) const;
  std::unique_ptr<torchrt::vits::Synthesizer> m_voice;
  EngineFootprint m_footprint;
  int m_seed = 0;
};

} // namespace dragoman
