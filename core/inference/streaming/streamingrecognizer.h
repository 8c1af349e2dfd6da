#pragma once
// Live recognition of a growing 16 kHz audio buffer with the LocalAgreement-2 commit policy and
// buffer trimming (Macháček et al. 2023).
//
// Audio is appended as it is captured. Each pass (process(), or pushAudio() once minChunkSeconds of
// new audio arrived) recognises the whole buffer, prompted with the committed text that lies just
// before it, and feeds the words to LocalAgreement: what two passes agree on is committed, the rest
// is the partial caption. Then the buffer is cut so that it stays short, because every pass re-reads
// all of it and Whisper sees at most 30 s. Cuts go where a time was measured: the end of a
// committed word that ended one of the recogniser's segments (times inside a segment are estimates,
// see timedwords.h, and a cut that lands too late loses the start of the next word):
//  - Sentence mode: at the last such word that ends a sentence (. ? ! … 。？！). Whisper ends its
//    segments at sentence ends, so this is the usual case; a sentence end inside a segment waits
//    for the segment's end.
//  - Segment mode: at the last such word, sentence or not.
//  - Either mode, when the buffer is still longer than maxBufferSeconds: at the last such word, or,
//    if that leaves it too long still, at the last committed word's (estimated) end. If the pass
//    left no uncommitted words at all (silence, noise) the buffer keeps only its last
//    silenceKeepSeconds, where a word may be starting.
//  - Hard limit: if the next pass would see more than windowSeconds, the partial is committed as it
//    stands (the recogniser cannot see further, so it would never be agreed) and the buffer is cut
//    after it, or to its last maxBufferSeconds.
// finish() at the end of speech runs a last pass over audio no pass has seen, commits whatever the
// newest hypothesis says and empties the buffer; the stream position and the prompt carry on.
//
// Not thread-safe: one worker thread owns it.

#include "core/common/result.h"
#include "core/inference/engines.h"
#include "core/inference/streaming/localagreement.h"

#include <QList>
#include <QString>

#include <cstddef>
#include <vector>

namespace dragoman::streaming {

enum class TrimMode { Sentence, Segment };

struct StreamingOptions {
  double minChunkSeconds = 1.0;   // new audio between passes
  double maxBufferSeconds = 15.0; // past this, cut at the last committed word even mid-sentence
  TrimMode trimMode = TrimMode::Sentence;
  double windowSeconds = 30.0;     // the recogniser's window (Whisper: 30 s)
  double silenceKeepSeconds = 1.0; // kept of a long buffer that holds no uncommitted words
  int promptCharacters = 200;      // committed text given to the recogniser as context
  LocalAgreementOptions agreement;
};

// A person-readable complaint about the first bad option, or success.
Status validateStreamingOptions(const StreamingOptions &options);

struct StreamUpdate {
  bool ranPass = false;  // false: no pass was due (or the buffer is empty) and nothing changed
  QString committedText; // newly committed, may be empty; never changes once given out
  double committedStartSeconds = 0.0;
  double committedEndSeconds = 0.0;
  bool committedJoinsPrevious = false; // append without a space (CJK continuing earlier text)
  QString partialText;                 // the whole current partial, may be empty
  double partialStartSeconds = 0.0;
  double partialEndSeconds = 0.0;
  QList<TimedWord> committedWords;
  QList<TimedWord> partialWords;
  double bufferStartSeconds = 0.0; // the buffer after this update's trimming
  double bufferSeconds = 0.0;
  AgreementCounters counters;
  bool loopCut = false; // the recogniser cut a repetition loop in this update's pass
};

class StreamingRecognizer {
public:
  static constexpr int kSampleRate = 16000;

  // streamStartSeconds: where the first appended sample sits in the stream. Options must be valid.
  explicit StreamingRecognizer(StreamingOptions options = {}, double streamStartSeconds = 0.0);

  void appendAudio(const float *samples, std::size_t count);
  void appendAudio(const AudioBuffer &audio); // 16 kHz mono
  // True once minChunkSeconds of audio arrived since the last pass.
  bool passDue() const;

  // Appends, then runs a pass if one is due; otherwise returns an update with ranPass false.
  Result<StreamUpdate> pushAudio(const float *samples, std::size_t count, IAsrEngine &engine, const AbortFlag &abort);
  // Runs one pass over the buffer now. On an engine error (or when abort is already set) the error
  // is returned and nothing changes: the same audio is recognised again by the next pass. (Audio
  // that pushAudio() appended before the failed pass stays appended.)
  Result<StreamUpdate> process(IAsrEngine &engine, const AbortFlag &abort);
  // End of speech: a last pass if audio arrived since the previous one, then flush().
  Result<StreamUpdate> finish(IAsrEngine &engine, const AbortFlag &abort);
  // Commits the newest hypothesis as it stands and empties the buffer, without a pass (also the way
  // out when finish()'s last pass failed).
  StreamUpdate flush();
  // Moves the stream position of the next appended sample forward, e.g. past a silence that was not
  // pushed. Only between utterances: the buffer must be empty (after flush()).
  void skipTo(double streamSeconds);

  double bufferStartSeconds() const;
  double bufferSeconds() const { return double(m_buffer.size()) / kSampleRate; }
  double bufferEndSeconds() const { return bufferStartSeconds() + bufferSeconds(); }
  double pendingSeconds() const { return double(m_pendingSamples) / kSampleRate; }
  // The context for the next pass: committed words that end at or before the buffer's start, the
  // last promptCharacters characters of them at most (whole words). Words still inside the buffer
  // are left out: the recogniser reads them again from the audio, and a prompt that already holds
  // them invites it to skip them.
  QString prompt() const;
  QString partialText() const { return joinWords(m_agreement.partial()); }
  const AgreementCounters &counters() const { return m_agreement.counters(); }
  const StreamingOptions &options() const { return m_options; }

private:
  StreamUpdate makeUpdate(const QList<TimedWord> &committed, bool ranPass) const;
  QList<TimedWord> trim();
  void cutAt(double seconds);
  struct HistoryRange {
    qsizetype begin = 0; // the prompt's first word in m_history
    qsizetype end = 0;   // the first committed word still inside the buffer
  };
  HistoryRange promptRange() const;
  void pruneHistory();

  StreamingOptions m_options;
  LocalAgreement m_agreement;
  double m_originSeconds = 0.0;   // stream position of sample 0
  qint64 m_bufferStartSample = 0; // the buffer's first sample, counted from the origin
  std::vector<float> m_buffer;
  qint64 m_pendingSamples = 0; // appended since the last successful pass
  QList<TimedWord> m_history;  // committed words still in the buffer, plus the prompt's
};

} // namespace dragoman::streaming
