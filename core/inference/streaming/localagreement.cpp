#include "core/inference/streaming/localagreement.h"

#include <QStringList>

#include <algorithm>
#include <cmath>
#include <vector>

namespace dragoman::streaming {

namespace {

QStringList comparable(const QList<TimedWord> &words, qsizetype from = 0) {
  QStringList out;
  out.reserve(words.size() - from);
  for (qsizetype i = from; i < words.size(); ++i)
    out.append(comparableWord(words[i].text));
  return out;
}

// Length of the longest common subsequence; hypotheses are short (a buffer holds tens of words).
qsizetype lcsLength(const QStringList &a, const QStringList &b) {
  std::vector<qsizetype> row(std::size_t(b.size()) + 1, 0);
  for (const QString &x : a) {
    qsizetype diagonal = 0; // row[j - 1] of the previous line
    for (qsizetype j = 1; j <= b.size(); ++j) {
      const qsizetype above = row[std::size_t(j)];
      row[std::size_t(j)] = x == b[j - 1] ? diagonal + 1 : std::max(above, row[std::size_t(j - 1)]);
      diagonal = above;
    }
  }
  return row.back();
}

} // namespace

LocalAgreement::LocalAgreement(LocalAgreementOptions options) : m_options(options) {}

bool LocalAgreement::headRepeats(const QList<TimedWord> &words, qsizetype n) const {
  if (n > words.size() || n > m_committed.size())
    return false;
  for (qsizetype i = 0; i < n; ++i)
    if (!sameWord(m_committed[m_committed.size() - n + i], words[i]))
      return false;
  return true;
}

QList<TimedWord> LocalAgreement::dropCommitted(QList<TimedWord> words) const {
  if (!m_hasCommitted)
    return words;
  // 1. The audio still holds these committed words and the recogniser usually reads them again,
  // in order, perhaps after repeating a few words from before the cut. The longest match first: in
  // "under music. | Under" (cut at the bar) a repeated "under" must not pass for the "Under" after it.
  const qsizetype inBuffer = m_committed.size() - m_inBufferFrom;
  if (inBuffer > 0) {
    const qsizetype repeats = std::min(m_inBufferFrom, qsizetype(m_options.maxSeamWords));
    for (qsizetype extra = repeats; extra >= 0; --extra)
      if (headRepeats(words, inBuffer + extra))
        return words.mid(inBuffer + extra);
  }
  // 2. By time.
  const double limit = m_lastCommittedEnd + m_options.overlapToleranceSeconds;
  words.erase(std::remove_if(words.begin(), words.end(), [limit](const TimedWord &w) { return w.endSeconds <= limit; }),
              words.end());
  // 3. At the seam, the longest repeated n-gram first: with "a b a" committed, a head "a b a c"
  // must lose all three words, not just the first "a".
  if (words.isEmpty() || std::abs(words.first().startSeconds - m_lastCommittedEnd) >= m_options.seamWindowSeconds)
    return words;
  for (qsizetype n = m_options.maxSeamWords; n >= 1; --n) {
    if (headRepeats(words, n)) {
      words.remove(0, n);
      break;
    }
  }
  return words;
}

void LocalAgreement::commit(QList<TimedWord> &words) {
  if (words.isEmpty())
    return;
  // Times inside a segment are estimates made afresh by every pass, so a newly committed word may
  // be estimated to start before the previous committed word ended. Committed times never go back.
  for (TimedWord &w : words) {
    if (m_hasCommitted && w.startSeconds < m_lastCommittedEnd)
      w.startSeconds = m_lastCommittedEnd;
    w.endSeconds = std::max(w.endSeconds, w.startSeconds);
    m_lastCommittedEnd = w.endSeconds;
    m_hasCommitted = true;
  }
  m_counters.committedWords += quint64(words.size());
  m_committed.append(words);
  pruneCommitted();
}

void LocalAgreement::pruneCommitted() {
  // Before the buffer, only the words a repeat at the seam can match are needed.
  const qsizetype surplus = m_inBufferFrom - qsizetype(std::max(m_options.maxSeamWords, 0));
  if (surplus > 0) {
    m_committed.remove(0, surplus);
    m_inBufferFrom -= surplus;
  }
}

QList<TimedWord> LocalAgreement::recentCommitted() const {
  const qsizetype n = std::min(m_committed.size(), qsizetype(std::max(m_options.maxSeamWords, 0)));
  return m_committed.mid(m_committed.size() - n);
}

AgreementUpdate LocalAgreement::insert(QList<TimedWord> hypothesis) {
  ++m_counters.hypotheses;
  const QList<TimedWord> fresh = dropCommitted(std::move(hypothesis));

  qsizetype agreed = 0;
  while (agreed < fresh.size() && agreed < m_partial.size() && sameWord(fresh[agreed], m_partial[agreed]))
    ++agreed;

  AgreementUpdate update;
  update.committed = fresh.mid(0, agreed);
  update.partial = fresh.mid(agreed);

  // The committed words are a prefix of the previous partial, so they align one to one and only
  // the previous partial's rest needs aligning with the new partial.
  const QStringList before = comparable(m_partial, agreed);
  const QStringList after = comparable(update.partial);
  const qsizetype aligned = lcsLength(before, after);
  update.retracted = int(before.size() - aligned);
  m_counters.retractions += quint64(update.retracted);
  m_counters.partialWordsShown += quint64(after.size() - aligned);

  commit(update.committed);
  m_partial = update.partial;
  return update;
}

void LocalAgreement::discardCommittedBefore(double seconds) {
  while (m_inBufferFrom < m_committed.size() && m_committed[m_inBufferFrom].endSeconds <= seconds + 1e-6)
    ++m_inBufferFrom;
  pruneCommitted();
}

AgreementUpdate LocalAgreement::flush() {
  AgreementUpdate update;
  update.committed = m_partial;
  commit(update.committed);
  m_partial.clear();
  return update;
}

} // namespace dragoman::streaming
