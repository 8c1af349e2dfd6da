#include "core/pipeline/speechstage.h"

#include "core/common/logcategories.h"
#include "core/telemetry/profiler/profiler.h"

namespace dragoman::pipelinestage {

SpeechStage::SpeechStage(const PipelineOptions &options, Piece piece) : m_options(options), m_piece(std::move(piece)) {}

void SpeechStage::speakAhead(ISynthesizer &engine, const Job &job, const AbortFlag &abort, bool otherWorkWaits) {
  m_ahead.reset();
  if (otherWorkWaits)
    return;
  SpokenAhead made{job.result.translation, {}, {}};
  Result<AudioBuffer> audio = engine.synthesizeStreaming(made.text, abort, [&](const AudioBuffer &piece, bool) { made.pieces.push_back(piece); });
  if (!audio || abort.load())
    return; // the sentence's own synthesis reports the error, if it has it too
  made.whole = std::move(audio).value();
  m_ahead = std::move(made);
}

Status SpeechStage::speak(ISynthesizer &engine, Job &job, const AbortFlag &abort, bool otherWorkWaits) {
  if (job.provisional) {
    speakAhead(engine, job, abort, otherWorkWaits);
    return Status::success();
  }
  StageTimes &times = job.result.times;
  times.ttsStart = SteadyClock::now();
  const quint64 id = job.result.segmentId;
  int pieces = 0;
  const auto handOn = [&](const AudioBuffer &piece, bool) {
    if (pieces == 0) {
      times.ttsFirstAudio = SteadyClock::now();
      if (m_options.profiler)
        m_options.profiler->record("tts.first_audio", times.ttsStart, times.ttsFirstAudio);
    }
    m_piece(SynthAudio{id, pieces++, piece});
  };
  std::optional<SpokenAhead> ahead = std::exchange(m_ahead, std::nullopt);
  const QString &text = job.result.translation;
  if (ahead && !text.isEmpty() && ahead->text == text) {
    for (const AudioBuffer &piece : ahead->pieces)
      handOn(piece, false);
    job.result.speech = std::move(ahead->whole);
  } else if (!text.isEmpty()) {
    Result<AudioBuffer> audio = engine.synthesizeStreaming(text, abort, handOn);
    if (!audio) {
      times.ttsDone = SteadyClock::now();
      return audio.error();
    }
    job.result.speech = std::move(audio).value();
  }
  times.ttsDone = SteadyClock::now();
  qCDebug(lcPipeline, "speech %s, segment %llu: %lld characters, first piece in %.0f ms, %.1f s of speech in %.0f ms%s",
          qUtf8Printable(m_options.targetLanguage), static_cast<unsigned long long>(id), qlonglong(text.size()),
          times.ttsFirstAudio != TimePoint{} ? millisBetween(times.ttsStart, times.ttsFirstAudio) : 0.0,
          job.result.speech.durationSeconds(), millisBetween(times.ttsStart, times.ttsDone),
          ahead && ahead->text == text ? " (made as the speech paused)" : "");
  return Status::success();
}

} // namespace dragoman::pipelinestage
