#pragma once
// The ASR stage's streaming half, on the ASR thread: each partial or final segment of an utterance
// is one more look at it (StreamingRecognizer, LocalAgreement-2); the words two passes agree on are
// gathered into sentences (SentenceBuffer) and each sentence goes on to translation as its own
// segment as soon as it closes, with ids 1, 2, ... in order. The caption in progress is the
// committed words of the open sentence and then the words not yet agreed; the open sentence, once
// it changes, also goes to translation as a provisional job that the translator may answer
// before the sentence closes. Internal to core/pipeline.
#include "core/inference/streaming/sentencebuffer.h"
#include "core/inference/streaming/streamingrecognizer.h"
#include "core/pipeline/stagetypes.h"

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace dragoman::pipelinestage {

class StreamingAsrStage {
public:
  using Publish = std::function<void(const Transcript &)>;
  StreamingAsrStage(const PipelineOptions &options, Publish publish);

  // One more look at `job`'s utterance. Returns the jobs for translation: closed sentences in order,
  // then at most one provisional job; `job` itself is not passed on (its drop is set). A failed
  // pass is retried by the next partial; when the last one fails, what the earlier passes heard is
  // committed.
  std::vector<Job> process(IAsrEngine &engine, Job &job, const AbortFlag &abort);
  // Partial words shown and then changed or withdrawn, over the whole run.
  quint64 retractions() const { return m_retractions; }

private:
  void startUtterance(const Job &job);
  void publishPartial(const Job &job, const streaming::StreamUpdate &update, TimePoint started);
  std::optional<Job> provisionalJob(const Job &job, const streaming::StreamUpdate &update);
  Job sentenceJob(const Job &job, const streaming::Sentence &sentence, TimePoint started, bool loopCut);

  const PipelineOptions &m_options;
  Publish m_publish;
  std::unique_ptr<streaming::StreamingRecognizer> m_recognizer;
  std::optional<streaming::SentenceBuffer> m_sentences;
  quint64 m_utterance = 0;   // segment id of the utterance being recognised
  std::size_t m_pushed = 0;  // its samples appended so far
  quint64 m_nextId = 1;      // the id of the next sentence
  QString m_lastPartial;     // the caption in progress as last published
  QString m_lastProvisional; // the open sentence as last sent for a provisional translation
  TimePoint m_lastProvisionalAt{}; // when (none yet in this sentence: unset)
  quint64 m_retractions = 0;
  quint64 m_retractionsBefore = 0; // of the utterances already finished
};

} // namespace dragoman::pipelinestage
