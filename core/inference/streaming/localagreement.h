#pragma once
// The LocalAgreement-2 commit policy for streaming recognition (Macháček et al. 2023, "Turning
// Whisper into Real-Time Transcription System").
//
// The recogniser re-reads a growing audio buffer every second or so, and its text for the same
// audio changes as more audio arrives. A word is committed (handed on to translation and speech,
// never taken back) once two successive hypotheses agree on it: each new hypothesis commits the
// longest common prefix it shares with the previous one beyond what is already committed. The rest
// of the newest hypothesis is the partial caption, which may still change.
//
// Words are compared case-insensitively with leading and trailing punctuation ignored; what is
// committed is spelled and timed as the newer hypothesis has it, except that committed times never
// go backwards (a start estimated before the previous committed end is moved up to it).
//
// Hypotheses cover the whole buffer, which usually still holds audio whose words are committed.
// Those words are dropped before comparing:
//  1. by text: when the hypothesis starts with exactly the committed words still in the buffer
//     (all committed words, until discardCommittedBefore() reports a cut), optionally preceded by
//     up to maxSeamWords of the committed words just before the cut (the recogniser repeating
//     them), those are dropped. The recogniser usually reads the same audio the same way, and the
//     text is exact where times inside a Whisper segment are estimates that every pass makes
//     afresh;
//  2. otherwise by time: a word whose end lies at or before the last committed word's end (within
//     overlapToleranceSeconds) was already heard;
//  3. and then at the seam: after a cut the recogniser may repeat the last words before it, and an
//     estimated time may put a committed word after the committed end. When the hypothesis starts
//     within seamWindowSeconds of the last committed end and its first n words (n = 1..maxSeamWords,
//     the longest match first) equal the last n committed words, those n words are dropped. The
//     last committed words are kept for this even after the audio under them has been cut away. A
//     speaker who really repeats the last committed words at the seam loses the repetition, a
//     trade-off the paper makes too.
//
// Counters (cumulative):
//  - hypotheses: hypotheses inserted;
//  - committedWords: words committed, by agreement or by flush();
//  - partialWordsShown: words that appeared in the partial caption for the first time. A word of
//    the new partial that is aligned with a word of the previous partial (see below) was shown
//    before and does not count again;
//  - retractions: words of the previous partial that the next update changed or removed. The
//    previous partial is aligned with what now stands in its place (the newly committed words and
//    the new partial) by a longest common subsequence of comparable words; each previous partial
//    word left unaligned is one retraction. So a corrected word is one retraction however many
//    words follow it, a word that disappears is one, a word that only changes case or punctuation
//    is none, and a new word appended is none. flush() retracts nothing.

#include "core/inference/streaming/timedwords.h"

#include <QList>

namespace dragoman::streaming {

struct LocalAgreementOptions {
  double overlapToleranceSeconds = 0.05; // keep below the shortest word's duration
  double seamWindowSeconds = 1.0;
  int maxSeamWords = 5;
};

struct AgreementCounters {
  quint64 hypotheses = 0;
  quint64 committedWords = 0;
  quint64 partialWordsShown = 0;
  quint64 retractions = 0;
};

struct AgreementUpdate {
  QList<TimedWord> committed; // newly committed, in order; may be empty
  QList<TimedWord> partial;   // the whole current partial (uncommitted tail of the newest hypothesis)
  int retracted = 0;          // retractions counted by this update
};

class LocalAgreement {
public:
  explicit LocalAgreement(LocalAgreementOptions options = {});

  // One new hypothesis: words with absolute stream times, in order.
  AgreementUpdate insert(QList<TimedWord> hypothesis);
  // End of speech: commits the current partial as it stands.
  AgreementUpdate flush();
  // The audio before this stream time was cut away: committed words that end there will not be
  // read again (except as the repeats the seam check catches).
  void discardCommittedBefore(double seconds);

  const QList<TimedWord> &partial() const { return m_partial; }
  bool hasCommitted() const { return m_hasCommitted; }
  double lastCommittedEnd() const { return m_lastCommittedEnd; }
  // The last few committed words (at most maxSeamWords), kept for the seam check.
  QList<TimedWord> recentCommitted() const;
  const AgreementCounters &counters() const { return m_counters; }
  const LocalAgreementOptions &options() const { return m_options; }

private:
  QList<TimedWord> dropCommitted(QList<TimedWord> words) const;
  bool headRepeats(const QList<TimedWord> &words, qsizetype n) const; // words[0, n) == last n committed
  void commit(QList<TimedWord> &words);                               // adjusts their times
  void pruneCommitted();

  LocalAgreementOptions m_options;
  QList<TimedWord> m_partial; // the uncommitted rest of the previous hypothesis
  // Committed words whose audio may still be read again (from m_inBufferFrom on), after up to
  // maxSeamWords words from before the cut. Without cuts it keeps every committed word.
  QList<TimedWord> m_committed;
  qsizetype m_inBufferFrom = 0;
  bool m_hasCommitted = false;
  double m_lastCommittedEnd = 0.0;
  AgreementCounters m_counters;
};

} // namespace dragoman::streaming
