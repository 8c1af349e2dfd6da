#include "core/inference/neural/whisperasr.h"

#include "core/common/logcategories.h"
#include "core/inference/neural/modelerror.h"
#include "core/inference/torch/whisper/recognizer.h"
#include "core/inference/torch/tokenizers/whispervocab.h"

#include <QDir>

#include <algorithm>
#include <cmath>

namespace dragoman {

namespace tw = torchrt::whisper;

EngineInfo WhisperAsr::probe() {
  EngineInfo info;
  info.name = QStringLiteral("whisper");
  info.stage = Stage::Asr;
  info.description = QStringLiteral("OpenAI Whisper in LibTorch (asr.model: a Hugging Face Whisper folder)");
  info.available = true;
  for (const std::string &code : tw::whisperLanguageCodes())
    info.languages.append(QString::fromStdString(code));
  info.languages.append(QStringLiteral("auto"));
  return info;
}

WhisperModels::~WhisperModels() = default;

std::shared_ptr<WhisperModels::Model> WhisperModels::acquire(const QString &folder, const RuntimeParams &runtime) {
  bool shared = false;
  std::shared_ptr<Model> model = m_models.acquire(
      folder, runtime,
      [&] {
        auto loaded = std::make_shared<Model>();
        loaded->recognizer = tw::Recognizer::load(
            folder.toStdString(),
            torchrt::RuntimeOptions{runtime.device.toStdString(), runtime.dtype.toStdString(), runtime.threads});
        const tw::LoadReport &r = loaded->recognizer->report();
        qCInfo(lcInference,
               "whisper: loaded %s on %s (%s) in %.0f ms: %d+%d layers, d_model %d, weights %.1f MiB, resident +%.1f MiB",
               qUtf8Printable(folder), r.device.c_str(), r.dtype.c_str(), r.loadMs, r.encoderLayers, r.decoderLayers,
               r.dModel, double(r.weightBytes) / 1048576.0, double(r.rssGrowthBytes) / 1048576.0);
        return loaded;
      },
      &shared);
  if (shared)
    qCInfo(lcInference, "whisper: %s already loaded, shared", qUtf8Printable(folder));
  return model;
}

int WhisperModels::loadedCount() { return m_models.loadedCount(); }

Result<std::unique_ptr<IAsrEngine>> WhisperAsr::create(const AsrParams &params, WhisperModels &models) {
  if (params.model.isEmpty())
    return Error::make(ErrorKind::EngineUnavailable,
                       QStringLiteral("whisper needs a model folder: set asr.model, e.g. to the folder `dragoman models "
                                      "download whisper-base` prints (`dragoman models path whisper-base`)"));
  if (!QDir(params.model).exists())
    return Error::make(ErrorKind::EngineUnavailable,
                       QStringLiteral("whisper model folder %1 does not exist (asr.model)").arg(params.model));
  try {
    std::shared_ptr<WhisperModels::Model> model = models.acquire(params.model, params.runtime);
    const tw::Recognizer &recognizer = *model->recognizer;
    if (params.language != QLatin1String("auto") && !params.language.isEmpty() &&
        !recognizer.knowsLanguage(params.language.toStdString()))
      return Error::make(ErrorKind::Unsupported,
                         QStringLiteral("the whisper model in %1 does not know the language '%2'%3")
                             .arg(params.model, params.language,
                                  recognizer.report().multilingual ? QString() : QStringLiteral(" (an English-only .en model)")));
    return std::unique_ptr<IAsrEngine>(new WhisperAsr(std::move(model), params));
  } catch (...) {
    return currentExceptionToError(QStringLiteral("whisper: "));
  }
}

WhisperAsr::WhisperAsr(std::shared_ptr<WhisperModels::Model> model, const AsrParams &params)
    : m_model(std::move(model)), m_params(params),
      m_footprint{params.model, QString::fromStdString(m_model->recognizer->report().device),
                  m_model->recognizer->report().weightBytes} {}

WhisperAsr::~WhisperAsr() = default;

namespace {

double tokenConfidence(double meanLogprob) { return std::clamp(std::exp(meanLogprob), 0.0, 1.0); }

// exp of the mean log-probability over all tokens of the decoded segments; unset without tokens.
std::optional<double> transcriptConfidence(const tw::Transcript &t) {
  double sum = 0.0;
  std::size_t tokens = 0;
  for (const tw::Segment &s : t.segments) {
    sum += s.avgLogprob * double(s.tokens.size());
    tokens += s.tokens.size();
  }
  if (tokens == 0)
    return std::nullopt;
  return tokenConfidence(sum / double(tokens));
}

} // namespace

Result<QString> WhisperAsr::transcribe(const AudioBuffer &audio, const AbortFlag &abort) {
  Result<Recognition> r = recognise(audio, abort);
  if (!r)
    return r.error();
  return r->text;
}

Result<Recognition> WhisperAsr::recognise(const AudioBuffer &audio, const AbortFlag &abort) {
  Result<tw::Transcript> t = run(audio, QString(), abort, false);
  if (!t)
    return t.error();
  QString text;
  for (const tw::Segment &s : t->segments)
    text += QString::fromStdString(s.text);
  return Recognition{text.trimmed(), transcriptConfidence(*t), t->repetitionStopped};
}

Result<QList<TimedText>> WhisperAsr::transcribeTimed(const AudioBuffer &audio, const QString &prompt,
                                                     const AbortFlag &abort) {
  Result<tw::Transcript> t = run(audio, prompt, abort, true);
  if (!t)
    return t.error();
  QList<TimedText> pieces;
  for (const tw::Segment &s : t->segments)
    pieces.append(TimedText{s.start, s.end, QString::fromStdString(s.text),
                            s.tokens.empty() ? std::nullopt : std::optional<double>(tokenConfidence(s.avgLogprob)),
                            t->repetitionStopped});
  return pieces;
}

Result<tw::Transcript> WhisperAsr::run(const AudioBuffer &audio, const QString &prompt, const AbortFlag &abort,
                                       bool streamingPass) {
  if (audio.sampleRate() != 16000)
    return Error::make(ErrorKind::Input,
                       QStringLiteral("whisper needs 16 kHz audio, got %1 Hz").arg(audio.sampleRate()));
  tw::DecodeOptions o;
  o.task = m_params.task == QLatin1String("translate") ? tw::Task::Translate : tw::Task::Transcribe;
  o.language = m_params.language == QLatin1String("auto") ? std::string() : m_params.language.toStdString();
  o.beamSize = std::max(1, m_params.beamSize);
  o.maxNewTokens = std::max(0, m_params.maxTokens);
  if (m_params.maxTokensPerSecond > 0) {
    // Per window: a long recording's windows are 30 s each, a streaming pass's one window is its buffer.
    const double seconds = std::min(30.0, double(audio.size()) / 16000.0);
    const int cap = std::max(1, int(std::ceil(seconds * m_params.maxTokensPerSecond)));
    o.maxNewTokens = o.maxNewTokens > 0 ? std::min(o.maxNewTokens, cap) : cap;
  }
  const QString context = prompt.isEmpty() ? m_params.initialPrompt : prompt;
  o.initialPrompt = context.toStdString();
  if (streamingPass) {
    // Streaming passes re-read the same audio every second and the commit policy already waits
    // for two passes to agree: no temperature ladder (a bad pass costs one second, not six decodes).
    o.temperatures = {0.0};
  }
  try {
    const TimePoint asked = SteadyClock::now();
    const TurnGate::Turn turn(m_model->turns);
    if (!turn.held())
      return makeError(ErrorKind::Cancelled, QStringLiteral("whisper: a newer pass over the same speech came first"));
    const TimePoint began = SteadyClock::now();
    tw::Transcript t = m_model->recognizer->transcribe(audio.samples().data(), audio.size(), o, abort);
    qCDebug(lcAsr, "whisper: %.1f s of audio in %.0f ms after %.0f ms waiting for the model%s", audio.durationSeconds(),
            millisBetween(began, SteadyClock::now()), millisBetween(asked, began),
            TurnGate::Due::provisional() ? " (provisional)" : "");
    if (t.repetitionStopped)
      qCWarning(lcAsr, "whisper: %s", t.warning.c_str());
    return t;
  } catch (...) {
    return currentExceptionToError(QStringLiteral("whisper: "));
  }
}

} // namespace dragoman
