#include "core/inference/neural/vitssynthesizer.h"

#include "core/common/logcategories.h"
#include "core/common/logging.h"
#include "core/inference/neural/modelerror.h"
#include "core/inference/neural/neuraltranslator.h"
#include "core/inference/system/espeakphonemizer.h"
#include "core/inference/torch/vits/synthesizer.h"

#include <QDir>
#include <QFileInfo>

#include <cstdint>

namespace dragoman {

namespace tv = torchrt::vits;

EngineInfo VitsSynthesizer::probe() {
  EngineInfo info;
  info.name = QStringLiteral("vits");
  info.stage = Stage::Synthesis;
  info.description = QStringLiteral(
      "VITS voices in LibTorch (tts.model: a Hugging Face VITS / MMS-TTS folder, or a Piper voice NAME.onnx)");
  info.available = true;
  return info;
}

VitsSynthesizer::VitsSynthesizer(std::unique_ptr<tv::Synthesizer> voice, const SynthParams &params)
    : m_voice(std::move(voice)), m_params(params) {
  const tv::VoiceReport &r = m_voice->report();
  m_footprint = EngineFootprint{QString::fromStdString(r.path), QString::fromStdString(r.device), 0};
}

VitsSynthesizer::~VitsSynthesizer() = default;

Result<std::unique_ptr<ISynthesizer>> VitsSynthesizer::create(const SynthParams &params) {
  const QString folder = params.model.isEmpty() ? params.voice : params.model;
  if (folder.isEmpty())
    return Error::make(ErrorKind::EngineUnavailable,
                       QStringLiteral("tts.engine vits needs a voice: set tts.model to a Hugging Face VITS / MMS-TTS folder or a Piper .onnx"));
  if (!QFileInfo::exists(folder))
    return Error::make(ErrorKind::EngineUnavailable, QStringLiteral("VITS voice %1 does not exist (tts.model)").arg(folder));
  try {
    const torchrt::RuntimeOptions runtime{params.runtime.device.toStdString(), params.runtime.dtype.toStdString(),
                                          params.runtime.threads};
    std::unique_ptr<tv::Synthesizer> voice = tv::Synthesizer::load(folder.toStdString(), runtime);
    const int speakers = voice->report().speakers;
    if (params.speaker < 0 || params.speaker >= speakers)
      return Error::make(ErrorKind::Config, QStringLiteral("tts.speaker %1: the voice %2 has %3 speaker(s), numbered 0 to %4")
                                                .arg(params.speaker)
                                                .arg(folder)
                                                .arg(speakers)
                                                .arg(speakers - 1));
    if (params.rate <= 0)
      return Error::make(ErrorKind::Config, QStringLiteral("tts.rate must be above 0"));
    return std::unique_ptr<ISynthesizer>(new VitsSynthesizer(std::move(voice), params));
  } catch (...) {
    return currentExceptionToError(QStringLiteral("VITS voice %1: ").arg(folder));
  }
}

namespace {

struct PhonemiseError {
  Error error;
};

// A sentence longer than a voice reads at once (about kMaxChars characters keeps it well under
// the model's id limit), cut at whitespace (else anywhere) into pieces that fit.
constexpr qsizetype kMaxChars = 800;

QStringList fitted(const QString &sentence) {
  QStringList out;
  QString rest = sentence;
  while (rest.size() > kMaxChars) {
    qsizetype cut = rest.lastIndexOf(QLatin1Char(' '), kMaxChars);
    if (cut <= 0)
      cut = kMaxChars;
    out << rest.left(cut).trimmed();
    rest = rest.mid(cut).trimmed();
  }
  if (!rest.isEmpty())
    out << rest;
  return out;
}

} // namespace

// A Hugging Face voice reads the sentence itself: one empty piece. A Piper voice gets the ids of
// each sentence eSpeak NG finds in it (usually one), as piper-phonemize gives them; sentences
// without a phoneme the voice knows are left out.
std::vector<std::vector<long long>> VitsSynthesizer::pieces(const QString &sentence) const {
  const tv::VoiceReport &r = m_voice->report();
  if (r.format != "piper")
    return {{}};
  const Result<PiperPhonemes> phonemes = phonemizeForPiper(sentence, QString::fromStdString(r.language));
  if (!phonemes)
    throw PhonemiseError{phonemes.error()};
  std::vector<std::vector<long long>> out;
  for (const PiperSentence &s : phonemes->sentences) {
    const PiperIds mapped = piperPhonemeIds(s.codePoints, r.phonemeIdMap);
    std::size_t skipped = 0;
    for (const auto &[phoneme, count] : mapped.missing)
      skipped += static_cast<std::size_t>(count);
    if (skipped < s.codePoints.size())
      out.push_back(mapped.ids);
  }
  return out;
}

Result<AudioBuffer> VitsSynthesizer::synthesize(const QString &text, const AbortFlag &abort) {
  return synthesizeStreaming(text, abort, {});
}

Result<AudioBuffer> VitsSynthesizer::synthesizeStreaming(const QString &text, const AbortFlag &abort, const SpeechPiece &piece) {
  const int rate = m_voice->report().sampleRate;
  const SentenceSplit split = splitSentences(text);
  std::vector<float> samples;
  const std::size_t pause = static_cast<std::size_t>(rate) * static_cast<std::size_t>(std::max(0, m_params.pauseMs)) / 1000;
  tv::SpeechOptions options;
  options.seed = static_cast<std::uint64_t>(m_params.seed);
  options.speaker = m_params.speaker;
  if (m_params.rate != 1.0)
    options.lengthScale = m_voice->defaultLengthScale() / m_params.rate;
  if (piece)
    options.firstPieceSeconds = tv::kFirstPieceSeconds;
  try {
    QStringList sentences;
    for (const QString &sentence : split.sentences)
      sentences << fitted(sentence);
    for (const QString &sentence : std::as_const(sentences)) {
      for (const std::vector<long long> &ids : pieces(sentence)) {
        if (abort.load())
          return Error::make(ErrorKind::Cancelled, QStringLiteral("speech synthesis cancelled"));
        // Each piece as the decoder makes it (the first about kFirstPieceSeconds long), the pause
        // before the sentence in front of its first.
        bool first = true;
        tv::SamplesPiece handOn = [&](const float *wave, std::size_t count) {
          std::vector<float> part;
          const std::size_t before = first && !samples.empty() ? pause : 0;
          part.reserve(before + count);
          part.insert(part.end(), before, 0.0f);
          part.insert(part.end(), wave, wave + count);
          samples.insert(samples.end(), part.begin(), part.end());
          const bool continues = !std::exchange(first, false);
          if (piece)
            piece(AudioBuffer(std::move(part), rate), continues);
        };
        (void)(ids.empty() ? m_voice->speak(sentence.toStdString(), options, 0, handOn) : m_voice->speakIds(ids, options, 0, handOn));
      }
    }
    if (samples.empty() && !text.trimmed().isEmpty())
      logging::warning(lcTts(), QStringLiteral("the voice has nothing to say for this text"),
                       {{QStringLiteral("voice"), QString::fromStdString(m_voice->report().path)}, {QStringLiteral("text"), text.left(80)}});
  } catch (const PhonemiseError &e) {
    return e.error;
  } catch (...) {
    return currentExceptionToError(QStringLiteral("VITS: "));
  }
  return AudioBuffer(std::move(samples), rate);
}

} // namespace dragoman
