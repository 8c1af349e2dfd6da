#pragma once
// Recognisers for the streaming tests. They never look at the sound: the test audio carries its own
// stream position in every sample (sample k of the stream holds k / 2^24, exact in a float up to
// 2^24 samples, 17 minutes at 16 kHz), so a fake can tell which stretch of the stream it was given
// and check that trimming kept the audio contiguous.

#include "core/inference/engines.h"

#include <QList>
#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace dragoman::test {

constexpr int kRate = 16000;
constexpr double kPositionScale = 16777216.0; // 2^24

// count samples of position-carrying audio starting at stream sample `first`.
inline std::vector<float> positionAudio(qint64 first, qint64 count) {
  std::vector<float> out(std::size_t(std::max<qint64>(count, 0)));
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = float(double(first + qint64(i)) / kPositionScale);
  return out;
}

// The stream sample the buffer starts at, or nothing when its samples are not one contiguous run.
inline std::optional<qint64> firstSampleOf(const AudioBuffer &audio) {
  if (audio.isEmpty())
    return std::nullopt;
  const std::vector<float> &s = audio.samples();
  const auto first = qint64(std::llround(double(s.front()) * kPositionScale));
  for (std::size_t i = 0; i < s.size(); i += 997)
    if (std::llround(double(s[i]) * kPositionScale) != first + qint64(i))
      return std::nullopt;
  if (std::llround(double(s.back()) * kPositionScale) != first + qint64(s.size()) - 1)
    return std::nullopt;
  return first;
}

// Returns scripted results, one per call, and records what it was given.
class ScriptedAsr : public IAsrEngine {
public:
  QList<Result<QList<TimedText>>> script; // past its end: nothing recognised
  QStringList prompts;
  QList<double> durations;
  int calls = 0;

  QString name() const override { return QStringLiteral("scripted-asr"); }
  Result<QString> transcribe(const AudioBuffer &, const AbortFlag &) override {
    return makeError(ErrorKind::Internal, QStringLiteral("the streaming recogniser must call transcribeTimed"));
  }
  Result<QList<TimedText>> transcribeTimed(const AudioBuffer &audio, const QString &prompt,
                                           const AbortFlag &) override {
    prompts.append(prompt);
    durations.append(audio.durationSeconds());
    const int index = calls++;
    if (index < script.size())
      return script[index];
    return QList<TimedText>{};
  }
};

struct ScriptWord {
  QString text;
  double start = 0.0; // stream seconds
  double end = 0.0;
  QString firstPass; // what the first pass over the word hears; empty: heard right away
};

// How many words the script has misheard on their first pass.
inline int scriptedMishearings(const QList<ScriptWord> &words) {
  return int(std::count_if(words.cbegin(), words.cend(), [](const ScriptWord &w) { return !w.firstPass.isEmpty(); }));
}

inline QString scriptText(const QList<ScriptWord> &words) {
  QStringList out;
  for (const ScriptWord &w : words)
    out.append(w.text);
  return out.join(QLatin1Char(' '));
}

// "Recognises" a known word script: for audio covering stream time [a, b] it returns the words that
// lie wholly inside, like a model that hears a word once it has ended. A word with a firstPass
// spelling is misheard on the first pass that returns it and heard right afterwards.
class WordScriptAsr : public IAsrEngine {
public:
  explicit WordScriptAsr(QList<ScriptWord> words) : m_words(std::move(words)), m_seen(m_words.size(), false) {}

  int wordsPerPiece = 1; // words per returned segment; 0: one segment per sentence
  int repeatBefore = 0;  // repeat this many words from before the audio at its head, as Whisper
                         // does with the prompt's tail after a cut; they get [0, 0.1] s
  int calls = 0;
  int misheard = 0; // misheard words actually returned
  int repeated = 0; // words repeated from before the audio
  double longestAudio = 0.0;
  QStringList lastWords; // the words of the last result
  QStringList prompts;

  QString name() const override { return QStringLiteral("word-script-asr"); }
  Result<QString> transcribe(const AudioBuffer &, const AbortFlag &) override {
    return makeError(ErrorKind::Internal, QStringLiteral("the streaming recogniser must call transcribeTimed"));
  }

  Result<QList<TimedText>> transcribeTimed(const AudioBuffer &audio, const QString &prompt,
                                           const AbortFlag &) override {
    ++calls;
    prompts.append(prompt);
    longestAudio = std::max(longestAudio, audio.durationSeconds());
    const std::optional<qint64> first = firstSampleOf(audio);
    if (!first)
      return makeError(ErrorKind::Input, QStringLiteral("the audio is not one contiguous stretch of the stream"));
    const double a = double(*first) / kRate;
    const double b = a + audio.durationSeconds();
    constexpr double slack = 1e-6;

    QList<qsizetype> heard;
    for (qsizetype i = 0; i < m_words.size(); ++i)
      if (m_words[i].start >= a - slack && m_words[i].end <= b + slack)
        heard.append(i);

    QList<TimedText> pieces;
    lastWords.clear();
    if (repeatBefore > 0 && !heard.isEmpty() && heard.first() > 0) {
      const qsizetype from = std::max<qsizetype>(0, heard.first() - repeatBefore);
      QStringList texts;
      for (qsizetype i = from; i < heard.first(); ++i)
        if (m_words[i].end <= a + slack)
          texts.append(m_words[i].text);
      if (!texts.isEmpty()) {
        repeated += int(texts.size());
        lastWords.append(texts);
        pieces.append(TimedText{0.0, 0.1, QLatin1Char(' ') + texts.join(QLatin1Char(' '))});
      }
    }

    QStringList texts;
    double pieceStart = 0.0;
    for (qsizetype k = 0; k < heard.size(); ++k) {
      const qsizetype i = heard[k];
      const ScriptWord &w = m_words[i];
      QString text = w.text;
      if (!w.firstPass.isEmpty() && !m_seen[std::size_t(i)]) {
        text = w.firstPass;
        ++misheard;
      }
      m_seen[std::size_t(i)] = true;
      if (texts.isEmpty())
        pieceStart = w.start - a;
      texts.append(text);
      lastWords.append(text);
      const bool sentenceEnd = w.text.endsWith(QLatin1Char('.')) || w.text.endsWith(QLatin1Char('?'));
      const bool close = k + 1 == heard.size() || (wordsPerPiece > 0 ? texts.size() >= wordsPerPiece : sentenceEnd);
      if (close) {
        pieces.append(TimedText{pieceStart, w.end - a, QLatin1Char(' ') + texts.join(QLatin1Char(' '))});
        texts.clear();
      }
    }
    return pieces;
  }

private:
  QList<ScriptWord> m_words;
  std::vector<bool> m_seen;
};

// A script of speech: words of 0.07 s per character plus 0.1 s, 0.15 s apart, sentences of 5 to 12
// words ending with a full stop and followed by 0.5 s of pause. Every mishearEvery-th word (0:
// none) is misheard once. No word repeats the one before it, nor any 2..5 words the ones before
// them: a real repetition at a commit seam is exactly what the seam check drops on purpose.
inline QList<ScriptWord> makeScript(double seconds, int mishearEvery, quint32 seed, bool sentences = true) {
  static const QStringList vocabulary = {
      QStringLiteral("river"),   QStringLiteral("the"),       QStringLiteral("window"), QStringLiteral("quickly"),
      QStringLiteral("morning"), QStringLiteral("a"),         QStringLiteral("bright"), QStringLiteral("people"),
      QStringLiteral("under"),   QStringLiteral("station"),   QStringLiteral("before"), QStringLiteral("music"),
      QStringLiteral("of"),      QStringLiteral("travelled"), QStringLiteral("garden"), QStringLiteral("and"),
      QStringLiteral("seven"),   QStringLiteral("question"),  QStringLiteral("to"),     QStringLiteral("market"),
      QStringLiteral("quiet"),   QStringLiteral("engine"),    QStringLiteral("in"),     QStringLiteral("yellow")};
  QRandomGenerator rng(seed);
  QList<ScriptWord> words;
  QStringList plain; // comparable forms, for the repetition check
  double t = 0.3;
  int sentenceLeft = 0;
  while (true) {
    if (sentenceLeft == 0)
      sentenceLeft = 5 + int(rng.bounded(8));
    QString text;
    for (int attempt = 0; attempt < 100; ++attempt) {
      text = vocabulary[rng.bounded(int(vocabulary.size()))];
      QStringList next = plain;
      next.append(text);
      bool repeats = false;
      for (qsizetype n = 1; n <= 5 && 2 * n <= next.size() && !repeats; ++n)
        repeats = next.mid(next.size() - n) == next.mid(next.size() - 2 * n, n);
      if (!repeats)
        break;
    }
    plain.append(text);
    const double duration = 0.1 + 0.07 * double(text.size());
    if (t + duration > seconds)
      break;
    ScriptWord w;
    const bool first = words.isEmpty() || words.last().text.endsWith(QLatin1Char('.')) || !sentences;
    w.text = first && sentences ? text.left(1).toUpper() + text.mid(1) : text;
    if (--sentenceLeft == 0 && sentences)
      w.text.append(QLatin1Char('.'));
    w.start = t;
    w.end = t + duration;
    if (mishearEvery > 0 && words.size() % mishearEvery == mishearEvery - 1)
      w.firstPass = text + QStringLiteral("ish");
    words.append(w);
    t = w.end + (w.text.endsWith(QLatin1Char('.')) ? 0.5 : 0.15);
  }
  // The last pass may be the first to hear the last words, and finish() commits what it heard.
  for (ScriptWord &w : words)
    if (w.end > t - 3.0)
      w.firstPass.clear();
  return words;
}

} // namespace dragoman::test
