#include "app/context/appcontext.h"
#include "app/context/appthreads.h"

#include "app/context/translationroute.h"
#include "app/context/voiceroute.h"

#include "core/common/logcategories.h"
#include "core/common/logging.h"
#if defined(DRAGOMAN_NEURAL_ENGINES)
#include "core/inference/neural/neuralengines.h"
#endif
#include "core/inference/system/systemengines.h"
#include "core/storage/historyreader.h"
#include "core/storage/opendatabase.h"
#include "core/storage/sessionstore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace dragoman {
namespace {

logging::Options loggingOptions(const config::LoggingConfig &c) {
  logging::Options o;
  o.format = c.format == QLatin1String("json") ? logging::Format::Json : logging::Format::Text;
  if (c.level == QLatin1String("debug"))
    o.level = logging::Level::Debug;
  else if (c.level == QLatin1String("warning"))
    o.level = logging::Level::Warning;
  else if (c.level == QLatin1String("error"))
    o.level = logging::Level::Error;
  else
    o.level = logging::Level::Info;
  o.filePath = c.file;
  o.maxFileBytes = qint64(c.maxFileSizeMb) << 20;
  o.maxFiles = c.maxFiles;
  return o;
}

} // namespace

QStringList loggingOverrides(const cli::GlobalOptions &global) {
  QStringList out;
  if (!global.logFormat.isEmpty())
    out << QStringLiteral("logging.format=") + global.logFormat;
  if (!global.logLevel.isEmpty())
    out << QStringLiteral("logging.level=") + global.logLevel;
  if (!global.logFile.isEmpty())
    out << QStringLiteral("logging.file=") + global.logFile;
  return out;
}

Result<std::unique_ptr<AppContext>> AppContext::create(const cli::GlobalOptions &global,
                                                       const QStringList &extraOverrides) {
  config::LoadOptions load;
  load.filePath = global.configFile;
  load.fileRequired = !global.configFile.isEmpty();
  load.overrides = loggingOverrides(global) + global.overrides + extraOverrides;
  Result<config::Loaded> loaded = config::load(load);
  if (!loaded)
    return loaded.error();

  std::unique_ptr<AppContext> context(new AppContext);
  context->m_loadOptions = load;
  context->m_loaded = std::move(loaded).value();
  logging::install(loggingOptions(context->config().logging));
  if (!context->m_loaded.filePath.isEmpty())
    qCDebug(lcConfig, "configuration read from %s", qUtf8Printable(context->m_loaded.filePath));
  registerSystemEngines(*context->m_engines);
#if defined(DRAGOMAN_NEURAL_ENGINES)
  registerNeuralEngines(*context->m_engines);
#endif
  registerAutoTranslator(*context->m_engines, config::modelsDir(context->config().models));
  registerAutoSynthesizer(*context->m_engines, config::modelsDir(context->config().models));
  registerMetaTypes();
  return context;
}

Result<std::unique_ptr<AppContext>> AppContext::derive(const QStringList &overrides) const {
  config::LoadOptions load = m_loadOptions;
  load.overrides += overrides;
  Result<config::Loaded> loaded = config::load(load);
  if (!loaded)
    return loaded.error();
  if (config::modelsDir(loaded->config.models) != config::modelsDir(config().models))
    return makeError(ErrorKind::Usage, QStringLiteral("a derived configuration cannot change models.dir"));
  std::unique_ptr<AppContext> context(new AppContext);
  context->m_loadOptions = std::move(load);
  context->m_loaded = std::move(loaded).value();
  context->m_engines = m_engines;
  return context;
}

AppContext::~AppContext() = default;

AsrParams AppContext::asrParams() const {
  const config::Config &c = config();
  AsrParams p;
  p.engine = c.asr.engine;
  // The spoken language is the translation's source; asr.language "auto" asks whisper to detect it.
  p.language = c.asr.language == QLatin1String("auto") ? c.asr.language : c.translation.sourceLanguage;
  p.model = c.asr.model;
  p.task = c.asr.task;
  p.beamSize = c.asr.beamSize;
  p.initialPrompt = c.asr.initialPrompt;
  p.maxTokens = c.asr.maxTokens;
  p.maxTokensPerSecond = c.asr.maxTokensPerSecond;
  p.runtime = RuntimeParams{c.inference.device, c.inference.dtype, c.inference.threads};
  return p;
}

TranslatorParams AppContext::translatorParams() const {
  const config::Config &c = config();
  TranslatorParams p{c.translation.engine, c.translation.sourceLanguage, c.translation.targetLanguage,
                     c.translation.model, c.translation.timeoutMs,
                     RuntimeParams{c.inference.device, c.inference.dtype, c.inference.threads}};
  p.maxTokensPerWord = c.translation.maxTokensPerWord;
  return p;
}

SynthParams AppContext::synthParams() const {
  const config::Config &c = config();
  SynthParams p{c.tts.engine, c.translation.targetLanguage, c.tts.voice, c.tts.wordsPerMinute, c.tts.model,
                RuntimeParams{c.inference.device, c.inference.dtype, c.inference.threads}, c.tts.seed};
  p.speaker = c.tts.speaker;
  p.rate = c.tts.rate;
  p.volume = c.tts.volume;
  p.pauseMs = c.tts.pauseMs;
  p.levelDb = c.tts.levelDb;
  return p;
}

PipelineOptions AppContext::pipelineOptions() const {
  const config::Config &c = config();
  PipelineOptions o;
  o.queueCapacity = c.pipeline.queueCapacity;
  o.sourceLanguage = c.translation.sourceLanguage;
  o.targetLanguage = c.translation.targetLanguage;
  o.synthesize = true;
  o.streamingOptions.maxBufferSeconds = std::min(15.0, c.pipeline.maxSegmentSeconds);
  o.sentenceOptions.clauseWords = c.translation.clauseWords;
  o.provisionalTranslation = c.translation.provisional;
  return o;
}

bool AppContext::liveStreaming() const {
  const config::Config &c = config();
  return c.asr.engine == QLatin1String("whisper") && c.asr.commitPolicy == QLatin1String("local-agreement");
}

audio::SegmenterParams AppContext::fileSegmenterParams() const {
  const config::PipelineConfig &p = config().pipeline;
  audio::SegmenterParams s;
  s.silenceThresholdDb = p.silenceThresholdDb;
  s.minSilenceMs = p.minSilenceMs;
  s.maxSegmentSeconds = p.maxSegmentSeconds;
  return s;
}

audio::CaptureWorkerParams AppContext::captureParams() const {
  const config::Config &c = config();
  audio::CaptureWorkerParams p;
  p.segmenter.aggressiveness = c.pipeline.vadAggressiveness;
  p.segmenter.minSpeechMs = c.pipeline.minSpeechMs;
  p.segmenter.endSilenceMs = c.pipeline.minSilenceMs;
  p.segmenter.maxSegmentSeconds = c.pipeline.maxSegmentSeconds;
  p.segmenter.overlapMs = c.pipeline.segmentOverlapMs;
  p.segmenter.preRollMs = c.pipeline.preRollMs;
  p.echoCancel = c.audio.echoGate == QLatin1String("aec");
  p.echoGate = p.echoCancel || c.audio.echoGate == QLatin1String("gate"); // the gate: aec's fallback
  p.echoTailMs = c.audio.echoTailMs;
  return p;
}

EngineFactories AppContext::engineFactories() const {
  const EngineRegistry *registry = m_engines.get();
  return EngineFactories{
      [registry, p = asrParams()] { return registry->createAsr(p); },
      [registry, p = translatorParams()] { return registry->createTranslator(p); },
      [registry, p = synthParams()] { return registry->createSynthesizer(p); },
  };
}

EngineFallbacks AppContext::engineFallbacks() const {
  const EngineRegistry *registry = m_engines.get();
  const config::Config &c = config();
  EngineFallbacks f;
  const AsrParams asr = asrParams();
  if (!c.memory.fallbackAsrModel.isEmpty()) {
    AsrParams smaller = asr;
    smaller.model = c.memory.fallbackAsrModel;
    f.smallerAsr = [registry, smaller] { return registry->createAsr(smaller); };
    f.smallerAsrModel = smaller.model;
  }
  const TranslatorParams mt = translatorParams();
  if (!c.memory.fallbackMtModel.isEmpty()) {
    TranslatorParams smaller = mt;
    smaller.engine = QStringLiteral("auto"); // the folder's config.json says Marian or NLLB
    smaller.model = c.memory.fallbackMtModel;
    f.smallerTranslator = [registry, smaller] { return registry->createTranslator(smaller); };
    f.smallerTranslatorModel = smaller.model;
  }
  if (asr.runtime.device != QLatin1String("cpu")) {
    AsrParams cpu = asr;
    cpu.runtime.device = QStringLiteral("cpu");
    cpu.runtime.dtype = QStringLiteral("auto"); // float16 is for GPUs
    f.cpu.asr = [registry, cpu] { return registry->createAsr(cpu); };
  }
  if (mt.runtime.device != QLatin1String("cpu")) {
    TranslatorParams cpu = mt;
    cpu.runtime.device = QStringLiteral("cpu");
    cpu.runtime.dtype = QStringLiteral("auto");
    f.cpu.translator = [registry, cpu] { return registry->createTranslator(cpu); };
  }
  return f;
}

std::unique_ptr<storage::SessionStore> AppContext::sessionStore() const {
  const config::StorageConfig &c = config().storage;
  if (!c.enabled)
    return nullptr;
  storage::SessionStore::Options options;
  options.path = config::databasePath(c);
  options.flushIntervalMs = c.flushIntervalMs;
  options.maxDatabaseBytes = qint64(c.maxSizeMb) * 1024 * 1024;
  options.retentionDays = c.retentionDays;
  return std::make_unique<storage::SessionStore>(appThreads(), options);
}

bool AppContext::storeOpened(const storage::SessionStore &store, const Status &status, QString *problem) {
  if (!status) {
    logging::warning(lcStorage(), QStringLiteral("history is not being saved"), {{QStringLiteral("error"), status.error().message}});
    if (problem)
      *problem = status.error().message;
    return false;
  }
  for (const QString &note : store.recoveryNotes())
    logging::warning(lcStorage(), note, {{QStringLiteral("database"), store.options().path}});
  return true;
}

std::unique_ptr<storage::SessionStore> AppContext::openSessionStore(QString *problem) const {
  std::unique_ptr<storage::SessionStore> store = sessionStore();
  if (store && !storeOpened(*store, store->open(), problem))
    return nullptr;
  return store;
}

storage::SessionInfo AppContext::newSession(const QString &kind, const QString &input) const {
  const config::Config &c = config();
  storage::SessionInfo s;
  s.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
  s.kind = kind;
  s.startedMs = QDateTime::currentMSecsSinceEpoch();
  s.sourceLanguage = c.translation.sourceLanguage;
  s.targetLanguage = c.translation.targetLanguage;
  s.input = input;
  auto engine = [](const char *stage, const QString &name, const QString &model) {
    return QJsonObject{{QStringLiteral("stage"), QLatin1String(stage)}, {QStringLiteral("engine"), name}, {QStringLiteral("model"), model}};
  };
  const QJsonArray engines{engine("asr", c.asr.engine, c.asr.model), engine("translation", c.translation.engine, c.translation.model),
                           engine("tts", c.tts.engine, c.tts.model)};
  s.engines = QString::fromUtf8(QJsonDocument(engines).toJson(QJsonDocument::Compact));
  s.config = config::toYaml(c, false);
  s.host = storage::hostName();
  s.pid = QCoreApplication::applicationPid();
  return s;
}

std::optional<telemetry::RunRecord> AppContext::lastRun(const QString &command) const {
  const config::StorageConfig &c = config().storage;
  const QString path = config::databasePath(c);
  if (!c.enabled || !QFileInfo::exists(path))
    return std::nullopt;
  Result<std::unique_ptr<storage::HistoryReader>> reader = storage::HistoryReader::open(path);
  if (!reader)
    return std::nullopt; // the store says what is wrong with it when it opens
  Result<std::vector<storage::StoredProfileRun>> runs = (*reader)->profileRuns(command, 1);
  if (!runs || runs->empty())
    return std::nullopt;
  Result<telemetry::RunRecord> run = telemetry::runRecordFromJson(runs->front().record);
  if (!run)
    return std::nullopt;
  return std::move(run).value();
}

} // namespace dragoman
