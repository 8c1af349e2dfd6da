#pragma once
// Whisper (LibTorch) as an IAsrEngine: asr.engine whisper, asr.model <Hugging Face folder>.

#include "core/common/turngate.h"
#include "core/inference/engineregistry.h"
#include "core/inference/neural/loadedmodels.h"

#include <memory>

namespace dragoman {

namespace torchrt::whisper {
class Recognizer;
struct Transcript;
}

// Loaded Whisper models shared by the recognisers of one registry: the two directions of a call
// (each its own language) use one copy of a multilingual model's weights. A model is unloaded
// when its last engine goes; engines on different threads take turns on it (TurnGate: the
// direction whose speech ended first goes first).
class WhisperModels {
public:
  struct Model {
    std::unique_ptr<torchrt::whisper::Recognizer> recognizer;
    TurnGate turns; // one transcription at a time, the longest-waiting speech first
  };
  ~WhisperModels();
  // Loads the folder on this runtime, or returns the copy already loaded. Throws ModelError.
  std::shared_ptr<Model> acquire(const QString &folder, const RuntimeParams &runtime);
  int loadedCount(); // models some engine still holds

private:
  LoadedModels<Model> m_models;
};

class WhisperAsr : public IAsrEngine {
public:
  static EngineInfo probe();
  // Loads the model, or shares one already loaded in `models` (seconds for large ones); errors
  // name the folder and the fault.
  static Result<std::unique_ptr<IAsrEngine>> create(const AsrParams &params, WhisperModels &models);
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
  WhisperAsr(std::shared_ptr<WhisperModels::Model> model, const AsrParams &params);
  std::shared_ptr<WhisperModels::Model> m_model;
  AsrParams m_params;
  EngineFootprint m_footprint;
};

} // namespace dragoman
