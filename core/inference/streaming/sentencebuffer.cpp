#include "core/inference/streaming/sentencebuffer.h"

namespace dragoman::streaming {

namespace {

Sentence sentenceOf(const QList<TimedWord> &words) {
  return Sentence{joinWords(words).trimmed(), words.front().startSeconds, words.back().endSeconds, int(words.size())};
}

} // namespace

SentenceBuffer::SentenceBuffer(SentenceOptions options) : m_options(options) {}

bool SentenceBuffer::closesAfter(const TimedWord &word) const {
  const int count = int(m_words.size());
  if (endsSentence(word.text))
    return true;
  if (m_options.clauseWords > 0 && count >= m_options.clauseWords && endsClause(word.text))
    return true;
  return m_options.maxWords > 0 && count >= m_options.maxWords;
}

QList<Sentence> SentenceBuffer::add(const QList<TimedWord> &committed) {
  QList<Sentence> closed;
  for (const TimedWord &word : committed) {
    if (word.text.trimmed().isEmpty())
      continue;
    m_words.append(word);
    if (closesAfter(word)) {
      closed.append(sentenceOf(m_words));
      m_words.clear();
    }
  }
  return closed;
}

std::optional<Sentence> SentenceBuffer::pending() const {
  if (m_words.isEmpty())
    return std::nullopt;
  return sentenceOf(m_words);
}

std::optional<Sentence> SentenceBuffer::flush() {
  std::optional<Sentence> rest = pending();
  m_words.clear();
  return rest;
}

} // namespace dragoman::streaming
