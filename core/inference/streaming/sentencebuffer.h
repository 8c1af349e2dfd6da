#pragma once
// Committed words gathered into the units that translation takes: a sentence, or a clause of a
// long one.
//
// The streaming recogniser commits a few words at a time. Translating each handful on its own
// gives the translator no sentence to work with; waiting for the end of the utterance makes a
// person wait for all of it. The buffer lets words through in sentences: a word that ends one
// (endsSentence) closes the unit; so does a clause mark (endsClause) once the unit has
// clauseWords words, and any word once it has maxWords (a recogniser that writes no punctuation).
// What is committed but not yet closed is the stable prefix, which a caption may show translated
// provisionally; flush() closes it at the end of the utterance.
//
// Not thread-safe: the ASR stage thread owns it.

#include "core/inference/streaming/timedwords.h"

#include <QList>
#include <QString>

#include <optional>

namespace dragoman::streaming {

struct SentenceOptions {
  int clauseWords = 10; // close at a clause mark once the unit has this many words; 0: never
  int maxWords = 40;    // close at any word once the unit has this many; 0: never
};

struct Sentence {
  QString text;
  double startSeconds = 0.0;
  double endSeconds = 0.0;
  int words = 0;
};

class SentenceBuffer {
public:
  explicit SentenceBuffer(SentenceOptions options = {});

  // Adds newly committed words; returns the units they closed, in order (often none).
  QList<Sentence> add(const QList<TimedWord> &committed);
  // The words committed since the last closed unit, as one; nullopt when there are none.
  std::optional<Sentence> pending() const;
  // Closes and returns the pending words (the end of the utterance); nullopt when there are none.
  std::optional<Sentence> flush();
  bool isEmpty() const { return m_words.isEmpty(); }

private:
  bool closesAfter(const TimedWord &word) const;

  SentenceOptions m_options;
  QList<TimedWord> m_words;
};

} // namespace dragoman::streaming
