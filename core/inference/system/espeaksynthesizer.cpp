#include "core/inference/system/espeaksynthesizer.h"

#include <espeak-ng/speak_lib.h>

#include <mutex>

namespace dragoman {
namespace {

// libespeak-ng keeps one voice, one rate and one callback for the whole process. Every use goes
// through this lock, and every synthesis sets its own voice and rate again, so that engines with
// different voices can live in one process.
std::mutex &libraryMutex() {
  static std::mutex m;
  return m;
}

// Returns the library's sample rate, initialising it once; -1 when it cannot start. Lock held.
int sampleRateLocked() {
  static int rate = 0;
  if (rate == 0) {
    rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
    if (rate <= 0)
      rate = -1;
  }
  return rate;
}

struct Collector {
  std::vector<float> samples;
  const AbortFlag *abort = nullptr;
  bool aborted = false;
};

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
  if (sampleRateLocked() < 0)
    return out;
  const espeak_VOICE **voices = espeak_ListVoices(nullptr);
  for (int v = 0; voices && voices[v]; ++v) {
    // A list of (priority byte, zero-terminated name), ended by an empty name.
    for (const char *p = voices[v]->languages; p && *p;) {
      const QString lang = QString::fromUtf8(p + 1);
      if (!lang.isEmpty() && !out.contains(lang))
        out << lang;
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
  const QByteArray lang = language.toUtf8();
  espeak_VOICE spec{};
  spec.languages = lang.constData();
  return espeak_SetVoiceByProperties(&spec);
}

} // namespace

QStringList EspeakSynthesizer::languages() {
  std::lock_guard lock(libraryMutex());
  return languagesLocked();
}

EngineInfo EspeakSynthesizer::probe() {
  EngineInfo info;
  info.name = QStringLiteral("espeak-ng");
  info.stage = Stage::Synthesis;
  info.description = QStringLiteral("eSpeak NG formant synthesis, offline");
  info.offlineTier = true;
  info.languages = languages();
  info.available = !info.languages.isEmpty();
  if (!info.available)
    info.reason = QStringLiteral("eSpeak NG has no voice data; install the Debian package espeak-ng-data");
  return info;
}

Result<std::unique_ptr<ISynthesizer>> EspeakSynthesizer::create(const SynthParams &params) {
  std::lock_guard lock(libraryMutex());
  if (sampleRateLocked() < 0)
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("eSpeak NG could not start; install the Debian package espeak-ng-data"));
  if (selectVoiceLocked(params.language, params.voice) != EE_OK)
    return makeError(ErrorKind::Unsupported,
                     params.voice.isEmpty()
                         ? QStringLiteral("eSpeak NG has no voice for language '%1'").arg(params.language)
                         : QStringLiteral("eSpeak NG has no voice named '%1' (espeak-ng --voices lists them)")
                               .arg(params.voice));
  return std::unique_ptr<ISynthesizer>(new EspeakSynthesizer(params.language, params.voice, params.wordsPerMinute));
}

EspeakSynthesizer::EspeakSynthesizer(QString language, QString voice, int wordsPerMinute)
    : m_language(std::move(language)), m_voice(std::move(voice)), m_wordsPerMinute(wordsPerMinute) {}

Result<AudioBuffer> EspeakSynthesizer::synthesize(const QString &text, const AbortFlag &abort) {
  if (abort.load())
    return makeError(ErrorKind::Cancelled, QStringLiteral("speech synthesis cancelled"));
  const QByteArray utf8 = text.toUtf8();
  Collector collector;
  collector.abort = &abort;
  std::lock_guard lock(libraryMutex());
  const int rate = sampleRateLocked();
  if (rate < 0)
    return makeError(ErrorKind::EngineUnavailable, QStringLiteral("eSpeak NG is not available"));
  if (selectVoiceLocked(m_language, m_voice) != EE_OK)
    return makeError(ErrorKind::Unsupported, QStringLiteral("eSpeak NG has no voice for '%1'")
                                                 .arg(m_voice.isEmpty() ? m_language : m_voice));
  espeak_SetParameter(espeakRATE, m_wordsPerMinute, 0);
  espeak_SetSynthCallback(collect);
  const espeak_ERROR err = espeak_Synth(utf8.constData(), std::size_t(utf8.size()) + 1, 0, POS_CHARACTER, 0,
                                        espeakCHARS_UTF8, nullptr, &collector);
  if (collector.aborted)
    return makeError(ErrorKind::Cancelled, QStringLiteral("speech synthesis cancelled"));
  if (err != EE_OK)
    return makeError(ErrorKind::Internal, QStringLiteral("eSpeak NG failed to speak (error %1)").arg(int(err)));
  return AudioBuffer(std::move(collector.samples), rate);
}

} // namespace dragoman
