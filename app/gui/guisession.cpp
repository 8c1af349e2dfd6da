#include "app/gui/guisession.h"
#include "core/common/threadnames.h"

#include "app/context/appcontext.h"
#include "app/context/appthreads.h"
#include "app/context/callsession.h"
#include "app/context/sessionrunner.h"
#include "app/context/voiceroute.h"
#include "core/audio/playbackstream.h"
#include "core/audio/resampler.h"
#include "core/audio/devices.h"
#include "core/audio/virtualmic.h"
#include "core/pipeline/pipelinecontroller.h"
#include "core/storage/sessionstore.h"
#include "ui/widgets/background.h"

#include <QThread>


namespace dragoman::gui {

GuiSession::GuiSession(cli::GlobalOptions global, QObject *parent) : ui::SessionControl(parent), m_global(std::move(global)) {
  qRegisterMetaType<QList<ui::AudioDevice>>();
  qRegisterMetaType<QList<ui::VoiceChoice>>();
}

GuiSession::~GuiSession() {
  m_call.reset(); // cancels and joins a call still running, before its context goes
  m_runner.reset(); // cancels and joins a session still running, before its context and store go
  m_store.reset();
  m_opening.reset();
}

void GuiSession::openHistory(const AppContext &context) {
  const config::StorageConfig &storage = context.config().storage;
  const QString path = storage.enabled ? config::databasePath(storage) : QString();
  if ((path == m_storePath && m_store) || (m_opening && m_opening->options().path == path))
    return;
  m_store.reset();
  m_storePath.clear();
  m_opening.reset();
  if (path.isEmpty())
    return;
  // Opened (created, migrated, recovered) on the store's thread; a session started before it is
  // open opens one of its own, off this thread too.
  m_opening = context.sessionStore();
  storage::SessionStore *opening = m_opening.get();
  opening->openThen(this, [this, opening, path](const Status &status) {
    if (m_opening.get() != opening) // a later openHistory() replaced it
      return;
    std::unique_ptr<storage::SessionStore> store = std::move(m_opening);
    if (AppContext::storeOpened(*store, status)) { // logs why when it cannot; a session then says so itself
      m_store = std::move(store);
      m_storePath = path;
    }
  });
}

ui::SessionRequest GuiSession::requestFromConfig(const config::Config &c) {
  ui::SessionRequest r;
  r.inputDevice = c.audio.inputDevice;
  r.outputDevice = c.audio.outputDevice;
  r.sourceLanguage = c.asr.language == QLatin1String("auto") ? c.asr.language : c.translation.sourceLanguage;
  r.targetLanguage = c.translation.targetLanguage;
  r.asrEngine = c.asr.engine;
  r.asrModel = c.asr.model;
  r.translationEngine = c.translation.engine;
  r.translationModel = c.translation.model;
  r.ttsEngine = c.tts.engine;
  return r;
}

QStringList GuiSession::overridesFor(const ui::SessionRequest &r, const QString &outputDevice) {
  QStringList out;
  const auto set = [&out](const char *key, const QString &value) {
    if (!value.isEmpty())
      out << QLatin1String(key) + QLatin1Char('=') + value;
  };
  set("asr.language", r.sourceLanguage);
  if (r.sourceLanguage != QLatin1String("auto")) // translation needs a known source; auto keeps the configured one
    set("translation.source_language", r.sourceLanguage);
  set("translation.target_language", r.targetLanguage);
  set("asr.engine", r.asrEngine);
  if (!r.asrEngine.isEmpty())
    out << QStringLiteral("asr.model=") + r.asrModel;
  set("translation.engine", r.translationEngine);
  if (!r.translationEngine.isEmpty())
    out << QStringLiteral("translation.model=") + r.translationModel;
  set("tts.engine", r.ttsEngine);
  if (r.ttsVoice == QLatin1String("espeak-ng")) {
    out << QStringLiteral("tts.engine=espeak-ng") << QStringLiteral("tts.voice=");
  } else if (!r.ttsVoice.isEmpty()) {
    // An installed voice: tts.engine auto finds it by its catalogue id.
    out << QStringLiteral("tts.engine=auto") << QStringLiteral("tts.model=") << QStringLiteral("tts.voice=") + r.ttsVoice;
  }
  if (r.inputFile.isEmpty())
    set("audio.input_device", r.inputDevice);
  set("audio.output_device", outputDevice);
  return out;
}

Status GuiSession::start(const ui::SessionRequest &request) {
  if (isRunning())
    return makeError(ErrorKind::Usage, tr("a session is already running"));
  if (isCallRunning())
    return makeError(ErrorKind::Usage, tr("a call is running: end it before starting a session"));
  QString output = request.outputDevice;
  if (request.speak && request.virtualMicrophone && request.inputFile.isEmpty()) {
    // pactl: a few milliseconds, and only when the virtual microphone is chosen.
    Result<audio::VirtualMic> mic = audio::createVirtualMic(QStringLiteral("dragoman"));
    if (!mic)
      return mic.error();
    output = QStringLiteral("pulse:") + mic->sink;
  }
  m_runner.reset();
  Result<std::unique_ptr<AppContext>> made = AppContext::create(m_global, overridesFor(request, output));
  if (!made)
    return made.error();
  m_context = std::move(made).value();
  m_runner = std::make_unique<SessionRunner>(*m_context, QStringLiteral("gui"));
  SessionRunner *runner = m_runner.get();
  if (m_runnerObserver)
    m_runnerObserver(runner);
  const config::StorageConfig &storage = m_context->config().storage;
  if (m_store && storage.enabled && config::databasePath(storage) == m_storePath)
    runner->setSessionStore(m_store.get());
  connect(runner, &SessionRunner::transcriptReady, this, &ui::SessionControl::transcriptReady);
  connect(runner, &SessionRunner::translationReady, this, &ui::SessionControl::translationReady);
  connect(runner, &SessionRunner::segmentFinished, this, &ui::SessionControl::segmentFinished);
  connect(runner, &SessionRunner::segmentDelivered, this, &ui::SessionControl::segmentDelivered);
  connect(runner, &SessionRunner::stageFailed, this, &ui::SessionControl::stageFailed);
  connect(runner, &SessionRunner::engineLoaded, this, &ui::SessionControl::engineLoaded);
  connect(runner, &SessionRunner::engineUnloaded, this, &ui::SessionControl::engineUnloaded);
  connect(runner, &SessionRunner::memorySampled, this, &ui::SessionControl::memorySampled);
  connect(runner, &SessionRunner::memoryAlert, this, &ui::SessionControl::memoryAlert);
  connect(runner, &SessionRunner::historyChanged, this,
          [this](const QString &problem) { Q_EMIT notice(QStringLiteral("history"), problem, false); });
  connect(runner, &SessionRunner::deviceLost, this, [this](const QString &message) { Q_EMIT notice(QStringLiteral("device"), message, true); });
  connect(runner, &SessionRunner::deviceBack, this, [this](const QString &) { Q_EMIT notice(QStringLiteral("device"), QString(), false); });
  connect(runner, &SessionRunner::finished, this, &ui::SessionControl::finished);

  m_pushToTalk = request.pushToTalk;
  runner->setMuted(m_pushToTalk);
  SessionSource source;
  source.kind = request.inputFile.isEmpty() ? SessionSource::Kind::Devices : SessionSource::Kind::File;
  source.file = request.inputFile;
  source.realTime = m_realTimeFiles;
  source.speak = request.speak;
  source.play = true; // a file's translation is spoken to the chosen output, as a call's is
  // The devices, the model files and the history's last run are opened off this thread; started()
  // or finished() answers.
  connect(runner, &SessionRunner::started, this, [this, runner](const QString &description) {
    Q_EMIT notice(QStringLiteral("history"),
                  runner->historyProblem().isEmpty() ? QString() : tr("History is not being saved: %1").arg(runner->historyProblem()),
                  false);
    Q_EMIT started(description);
  });
  return runner->startInBackground(source);
}

void GuiSession::stop() {
  if (m_runner)
    m_runner->stop();
}

void GuiSession::cancel() {
  if (m_runner)
    m_runner->cancel();
}

bool GuiSession::isRunning() const { return m_runner && m_runner->isRunning(); }

void GuiSession::setTalking(bool talking) {
  if (m_runner && m_pushToTalk)
    m_runner->setMuted(!talking);
}

float GuiSession::levelDb() const { return m_runner ? m_runner->levelDb() : -120.0f; }

QString GuiSession::description() const { return isRunning() ? m_runner->deviceDescription() : QString(); }

telemetry::Profiler *GuiSession::profiler() { return m_runner ? m_runner->telemetry().profiler() : nullptr; }

std::optional<telemetry::RunRecord> GuiSession::runRecord() const {
  if (!m_runner)
    return std::nullopt;
  return m_runner->telemetry().record();
}

QList<int> GuiSession::queueDepths() const {
  PipelineController *p = m_runner ? m_runner->pipeline() : nullptr;
  if (!p)
    return {};
  return {p->queueDepth(Stage::Asr), p->queueDepth(Stage::Translation), p->queueDepth(Stage::Synthesis)};
}

QList<int> GuiSession::queueHighWater() const {
  PipelineController *p = m_runner ? m_runner->pipeline() : nullptr;
  if (!p)
    return {};
  return {p->queueHighWater(Stage::Asr), p->queueHighWater(Stage::Translation), p->queueHighWater(Stage::Synthesis)};
}

std::vector<telemetry::MemoryThreshold> GuiSession::memoryThresholds() const {
  return m_runner ? m_runner->telemetry().memory().thresholds() : std::vector<telemetry::MemoryThreshold>{};
}

void GuiSession::listVoices(const QString &language) {
  using Listing = QList<ui::VoiceChoice>;
  const cli::GlobalOptions global = m_global;
  ui::runInBackground(
      appThreads(), this, threadnames::kVoices,
      [global, language] {
        Listing out;
        Result<std::unique_ptr<AppContext>> context = AppContext::create(global, {});
        if (!context)
          return out;
        SynthParams params = (*context)->synthParams();
        params.language = language;
        Result<VoiceInputs> in = voiceInputsHere((*context)->engines(), config::modelsDir((*context)->config().models), params);
        if (!in)
          return out;
        for (const InstalledVoice &v : installedVoices(*in))
          out.append(ui::VoiceChoice{v.id, v.description, v.license});
        return out;
      },
      [this, language](const Listing &voices) { Q_EMIT voicesListed(language, voices); });
}

void GuiSession::previewVoice(const QString &language, const QString &voice, const QString &outputDevice) {
  if (m_previewing)
    return;
  m_previewing = true;
  ui::SessionRequest r;
  r.targetLanguage = language;
  r.ttsVoice = voice;
  r.ttsEngine = voice.isEmpty() ? QStringLiteral("auto") : QString();
  const QStringList overrides = overridesFor(r, outputDevice);
  const cli::GlobalOptions global = m_global;
  ui::runInBackground(
      appThreads(), this, threadnames::kPreview,
      [global, overrides, language]() -> QString {
        Result<std::unique_ptr<AppContext>> context = AppContext::create(global, overrides);
        if (!context)
          return context.error().message;
        Result<std::unique_ptr<ISynthesizer>> tts = (*context)->engines().createSynthesizer((*context)->synthParams());
        if (!tts)
          return tts.error().message;
        const AbortFlag never{false};
        Result<AudioBuffer> speech = (*tts)->synthesize(sampleSentence(language), never);
        if (!speech)
          return speech.error().message;
        if (speech->isEmpty())
          return tr("the voice said nothing for the sample sentence");
        const QString device = (*context)->config().audio.outputDevice;
        Result<std::unique_ptr<audio::PlaybackStream>> out = audio::PlaybackStream::open(audio::StreamParams{device, 0});
        if (!out)
          return tr("output device %1: %2").arg((*context)->config().audio.outputDevice, out.error().message);
        if (Status s = (*out)->start(); !s)
          return s.error().message;
        Result<AudioBuffer> played = audio::resample(*speech, (*out)->sampleRate());
        if (!played)
          return played.error().message;
        const std::vector<float> &samples = played->samples();
        std::size_t at = 0;
        while (at < samples.size()) {
          at += (*out)->write(samples.data() + at, samples.size() - at);
          QThread::msleep(10);
        }
        while ((*out)->isPlaying())
          QThread::msleep(10);
        return QString();
      },
      [this](const QString &error) {
        m_previewing = false;
        Q_EMIT previewFinished(error);
      });
}

void GuiSession::listDevices() {
  if (m_listing)
    return;
  m_listing = true;
  using Listing = std::pair<QList<ui::AudioDevice>, QString>;
  ui::runInBackground(
      appThreads(), this, threadnames::kDevices,
      [] {
        Result<QList<audio::DeviceInfo>> found = audio::listDevices();
        Listing out;
        if (!found) {
          out.second = found.error().message;
          return out;
        }
        for (const audio::DeviceInfo &d : *found)
          out.first.append(ui::AudioDevice{d.name, d.maxInputChannels > 0, d.maxOutputChannels > 0, d.isDefaultInput || d.isDefaultOutput});
        return out;
      },
      [this](const Listing &listing) {
        m_listing = false;
        Q_EMIT devicesListed(listing.first, listing.second);
      });
}

} // namespace dragoman::gui
