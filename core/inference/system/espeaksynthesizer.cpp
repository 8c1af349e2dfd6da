#include "core/inference/system/espeaksynthesizer.h"

#include "core/common/logcategories.h"
#include "core/inference/system/espeaklibrary.h"
#include "core/inference/system/languagecodes.h"

#include <algorithm>
#include <cmath>
#include <espeak-ng/speak_lib.h>

#include <exception>
#include <mutex>

namespace dragoman {
namespace {

// Every synthesis sets its own voice, rate and callback again under espeakMutex() (espeaklibrary.h),
// so that engines with different voices can live in one process (an English and a Spanish
// synthesizer on two workers would otherwise speak with whichever was chosen last).

QString notInstalled() {
  return QStringLiteral("eSpeak NG could not start: its voice data is missing; install the Debian package "
                        "espeak-ng-data");
}

struct Collector {
  std::vector<float> samples;
  const AbortFlag *abort = nullptr;
  bool aborted = false;
};

// Called by espeak_Synth on this thread with a chunk of 16-bit samples; returning 1 stops it.
int collect(short *wav, int count, espeak_EVENT *events) {
  auto *c = static_cast<Collector *>(events ? events->user_data : nullptr);
  if (!c)
    return 0;
  if (c->abort->load()) {
    c->aborted = true;
    return 1;
  }
  for (int i = 0; wav && i < count; ++i)
    c->samples.push_back(static_cast<float>(wav[i]) / 32768.0f);
  return 0;
}

QStringList languagesLocked() {
  QStringList out;
  if (espeakSampleRateLocked() < 0)
    return out;
  const espeak_VOICE **voices = espeak_ListVoices(nullptr);
  for (int v = 0; voices && voices[v]; ++v) {
    // A list of (priority byte, zero-terminated name), ended by a zero priority byte.
    for (const char *p = voices[v]->languages; p && *p;) {
      const QString lang = QString::fromUtf8(p + 1);
      if (!lang.isEmpty() && !out.contains(lang))
        out << lang;
      // "en-us" → also "en"; "es-419" → also "es".
      const QString base = lang.section(QLatin1Char('-'), 0, 0);
      if (!base.isEmpty() && !out.contains(base))
        out << base;
      p += 1 + qstrlen(p + 1) + 1;
    }
  }
  out.sort();
  return out;
}

espeak_ERROR selectVoiceLocked(const QString &language, const QString &voice) {
  if (!voice.isEmpty())
    return espeak_SetVoiceByName(voice.toUtf8().constData());
  // espeak names languages with ISO 639-1 where one exists; "spa" is accepted as "es".
  const QByteArray lang = languages::toIso639_1(language).toUtf8();
  espeak_VOICE spec{};
  spec.languages = lang.constData();
  return espeak_SetVoiceByProperties(&spec);
}

QString noVoice(const QString &language, const QString &voice) {
  return voice.isEmpty()
             ? QStringLiteral("eSpeak NG has no voice for language '%1'; pick one that `espeak-ng --voices` lists")
                   .arg(language)
             : QStringLiteral("eSpeak NG has no voice named '%1'; pick one that `espeak-ng --voices` lists").arg(voice);
}

} // namespace

QStringList EspeakSynthesizer::languages() {
  std::lock_guard lock(espeakMutex());
  return languagesLocked();
}

EngineInfo EspeakSynthesizer::probe() {
  EngineInfo info;
  info.name = QStringLiteral("espeak-ng");
  info.stage = Stage::Synthesis;
  info.description = QStringLiteral("eSpeak NG formant synthesis, many languages, offline");
  info.offlineTier = true;
  try {
    info.languages = languages();
  } catch (const std::exception &) {
    info.languages.clear();
  }
  info.available = !info.languages.isEmpty();
  if (!info.available)
    info.reason = notInstalled();
  return info;
}

Result<std::unique_ptr<ISynthesizer>> EspeakSynthesizer::create(const SynthParams &params) {
  try {
    std::lock_guard lock(espeakMutex());
    if (espeakSampleRateLocked() < 0)
      return makeError(ErrorKind::EngineUnavailable, notInstalled());
    if (selectVoiceLocked(params.language, params.voice) != EE_OK)
      return makeError(ErrorKind::Unsupported, noVoice(params.language, params.voice));
    // tts.rate scales the words per minute, within what eSpeak NG takes.
    const int wordsPerMinute = std::clamp(static_cast<int>(std::lround(params.wordsPerMinute * params.rate)), 80, 450);
    return std::unique_ptr<ISynthesizer>(new EspeakSynthesizer(params.language, params.voice, wordsPerMinute));
  } catch (const std::exception &e) {
    return makeError(ErrorKind::Internal, QStringLiteral("eSpeak NG could not be set up: %1").arg(QString::fromUtf8(e.what())));
  }
}

EspeakSynthesizer::EspeakSynthesizer(QString language, QString voice, int wordsPerMinute)
    : m_language(std::move(language)), m_voice(std::move(voice)), m_wordsPerMinute(wordsPerMinute) {}

Result<AudioBuffer> EspeakSynthesizer::synthesize(const QString &text, const AbortFlag &abort) {
  if (abort.load())
    return makeError(ErrorKind::Cancelled, QStringLiteral("speech synthesis cancelled"));
  try {
    const QByteArray utf8 = text.toUtf8();
    Collector collector;
    collector.abort = &abort;
    std::lock_guard lock(espeakMutex());
    const int rate = espeakSampleRateLocked();
    if (rate < 0)
      return makeError(ErrorKind::EngineUnavailable, notInstalled());
    if (text.trimmed().isEmpty())
      return AudioBuffer(std::vector<float>(), rate);
    // Process-global state: another engine may have changed all three since the last call.
    if (selectVoiceLocked(m_language, m_voice) != EE_OK)
      return makeError(ErrorKind::Unsupported, noVoice(m_language, m_voice));
    espeak_SetParameter(espeakRATE, m_wordsPerMinute, 0);
    espeak_SetSynthCallback(collect);
    const espeak_ERROR err = espeak_Synth(utf8.constData(), static_cast<std::size_t>(utf8.size()) + 1, 0,
                                          POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &collector);
    if (collector.aborted)
      return makeError(ErrorKind::Cancelled, QStringLiteral("speech synthesis cancelled"));
    if (err != EE_OK)
      return makeError(ErrorKind::Internal, QStringLiteral("eSpeak NG failed to speak (error %1); try shorter text")
                                                .arg(static_cast<int>(err)));
    qCDebug(lcTts, "espeak-ng: %zu samples at %d Hz", collector.samples.size(), rate);
    return AudioBuffer(std::move(collector.samples), rate);
  } catch (const std::exception &e) {
    return makeError(ErrorKind::Internal, QStringLiteral("eSpeak NG failed: %1").arg(QString::fromUtf8(e.what())));
  }
}

} // namespace dragoman
