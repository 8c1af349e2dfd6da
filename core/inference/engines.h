#pragma once
// Engine interfaces (DESIGN.md habit 5): a params struct, a factory returning std::unique_ptr,
// an abort flag checked between chunks. No backend type appears here.

#include "core/common/result.h"
#include "core/common/types.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace dragoman {

// Where neural engines run (inference.* settings).
struct RuntimeParams {
  QString device = QStringLiteral("auto"); // auto | cpu | cuda[:N]
  QString dtype = QStringLiteral("auto");  // auto | float32 | float16 | bfloat16
  int threads = 0;                         // the process's CPU thread budget; 0: one per core (torch/runtime/device.h)
};

struct AsrParams {
  QString engine;   // e.g. "pocketsphinx"
  QString language; // ISO 639-1, e.g. "en"; "auto": detect (whisper)
  QString model;    // model folder; empty for the engine's default
  QString task = QStringLiteral("transcribe"); // whisper: transcribe | translate (to English)
  int beamSize = 5;      // whisper: 1 = greedy
  QString initialPrompt; // whisper: context / hotwords
  int maxTokens = 0;     // whisper: tokens generated per 30-s window at most; 0: the model's limit
  double maxTokensPerSecond = 0; // whisper: tokens per second of audio in a window at most; 0: no such cap
  RuntimeParams runtime;
};

struct TranslatorParams {
  QString engine;         // e.g. "apertium"
  QString sourceLanguage; // ISO 639-1
  QString targetLanguage; // ISO 639-1
  QString model;
  int timeoutMs = 30000;  // for engines that run a child process
  RuntimeParams runtime;  // neural engines
  double maxTokensPerWord = 0; // neural engines: tokens generated per source word at most; 0: no such cap
};

struct SynthParams {
  QString engine;   // e.g. "espeak-ng"
  QString language; // ISO 639-1 or a voice name the engine knows
  QString voice;    // optional, overrides language
  int wordsPerMinute = 175;
  QString model;         // neural engines: the voice (a VITS folder or a Piper .onnx)
  RuntimeParams runtime; // neural engines
  int seed = 0;          // neural engines: the seed of the random draws
  int speaker = 0;       // multi-speaker voices
  double rate = 1.0;     // speaking rate factor (1: the voice's own)
  double volume = 1.0;   // gain after levelling
  int pauseMs = 250;     // neural engines: silence between sentences
  double levelDb = -20;  // speech level of each piece in dBFS; 0: unchanged
};

// Each engine checks this between chunks of work and returns ErrorKind::Cancelled when set.
using AbortFlag = std::atomic_bool;

// A stretch of recognised text with its place in the audio given to the engine.
struct TimedText {
  double startSeconds = 0.0; // from the start of that audio
  double endSeconds = 0.0;
  QString text;
  std::optional<double> confidence = std::nullopt; // in (0, 1]; unset when the engine does not say
  bool loopCut = false;             // a repetition loop was cut from this pass's text
};

// One segment's recognised text with what the engine knows about it.
struct Recognition {
  QString text;
  std::optional<double> confidence = std::nullopt; // in (0, 1]; unset when the engine does not say
  bool loopCut = false;             // a repetition loop was cut out of the text
};

class IAsrEngine {
public:
  virtual ~IAsrEngine() = default;
  virtual QString name() const = 0;
  // Model memory held, for the memory monitor; empty by default.
  virtual EngineFootprint footprint() const { return {}; }
  // Recognises one segment of 16 kHz mono audio.
  virtual Result<QString> transcribe(const AudioBuffer &audio, const AbortFlag &abort) = 0;
  // The same with the engine's confidence and loop cutting, for the session history. The default
  // has transcribe()'s text only.
  virtual Result<Recognition> recognise(const AudioBuffer &audio, const AbortFlag &abort) {
    Result<QString> text = transcribe(audio, abort);
    if (!text)
      return text.error();
    return Recognition{*text, std::nullopt, false};
  }
  // The same with timing, for the streaming commit policy. prompt: text already committed just
  // before this audio (engines that take context use it; others ignore it). The default returns
  // transcribe()'s text as one piece spanning the whole audio.
  virtual Result<QList<TimedText>> transcribeTimed(const AudioBuffer &audio, const QString &prompt,
                                                   const AbortFlag &abort) {
    Q_UNUSED(prompt);
    Result<QString> text = transcribe(audio, abort);
    if (!text)
      return text.error();
    QList<TimedText> pieces;
    if (!text->trimmed().isEmpty())
      pieces.append(TimedText{0.0, audio.durationSeconds(), *text});
    return pieces;
  }
};

class ITranslator {
public:
  virtual ~ITranslator() = default;
  virtual QString name() const = 0;
  virtual EngineFootprint footprint() const { return {}; }
  virtual Result<QString> translate(const QString &text, const AbortFlag &abort) = 0;
  // Translates independent texts, one translation per text in the same order; an empty list gives
  // an empty list. Engines that can translate many texts in one pass override this (the server
  // batches concurrent requests). The default calls translate() for each text in turn, checks the
  // abort flag between texts and stops at the first error, whose message names the item.
  virtual Result<QStringList> translateBatch(const QStringList &texts, const AbortFlag &abort) {
    QStringList translations;
    translations.reserve(texts.size());
    for (qsizetype i = 0; i < texts.size(); ++i) {
      const auto failed = [&](const Error &error) {
        return makeError(error.kind, QStringLiteral("item %1 of %2: %3")
                                         .arg(QString::number(i + 1), QString::number(texts.size()), error.message));
      };
      if (abort.load())
        return failed(makeError(ErrorKind::Cancelled, QStringLiteral("translation cancelled")));
      Result<QString> one = translate(texts.at(i), abort);
      if (!one)
        return failed(one.error());
      translations.append(std::move(one).value());
    }
    return translations;
  }
};

class ISynthesizer {
public:
  virtual ~ISynthesizer() = default;
  virtual QString name() const = 0;
  virtual EngineFootprint footprint() const { return {}; }
  // Speaks text; the buffer carries the engine's own sample rate.
  virtual Result<AudioBuffer> synthesize(const QString &text, const AbortFlag &abort) = 0;
  // The same, giving each piece of speech to `piece` as soon as it exists (a sentence, with the
  // pause before it, or a part of one: `continues` is true for a piece that goes on with the
  // sentence of the piece before); the pieces in order make up the returned buffer. Engines that
  // speak a text in one go give one piece.
  using SpeechPiece = std::function<void(const AudioBuffer &piece, bool continues)>;
  virtual Result<AudioBuffer> synthesizeStreaming(const QString &text, const AbortFlag &abort, const SpeechPiece &piece) {
    Result<AudioBuffer> all = synthesize(text, abort);
    if (all && piece && !all->isEmpty())
      piece(*all, false);
    return all;
  }
};

} // namespace dragoman
