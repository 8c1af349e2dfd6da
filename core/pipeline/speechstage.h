#pragma once
// The synthesis stage's work on the TTS thread: each translation is spoken sentence by sentence,
// every piece handed on as soon as it exists. A pause's provisional translation is spoken ahead
// (kept, not handed on) and handed out at once when its sentence closes with the same
// translation. Internal to core/pipeline.
#include "core/pipeline/stagetypes.h"

#include <functional>
#include <optional>
#include <vector>

namespace dragoman::pipelinestage {

class SpeechStage {
public:
  using Piece = std::function<void(const SynthAudio &)>;
  SpeechStage(const PipelineOptions &options, Piece piece);

  // Speaks `job` (a provisional one ahead, unless `otherWorkWaits`). Returns the synthesis error.
  Status speak(ISynthesizer &engine, Job &job, const AbortFlag &abort, bool otherWorkWaits);

private:
  void speakAhead(ISynthesizer &engine, const Job &job, const AbortFlag &abort, bool otherWorkWaits);

  struct SpokenAhead {
    QString text;
    std::vector<AudioBuffer> pieces;
    AudioBuffer whole;
  };
  const PipelineOptions &m_options;
  Piece m_piece;
  std::optional<SpokenAhead> m_ahead;
};

} // namespace dragoman::pipelinestage
