#pragma once
// Builds and wires every service of the application (DESIGN.md habit 1): configuration, logging,
// the engine registry with its backends. GUI and headless modes share it; it owns shutdown order.

#include "app/cli/commandline.h"
#include "app/context/memoryresponder.h"
#include "core/audio/captureworker.h"
#include "core/audio/filesegmenter.h"
#include "core/common/result.h"
#include "core/config/config.h"
#include "core/inference/engineregistry.h"
#include "core/pipeline/pipelinecontroller.h"
#include "core/storage/records.h"
#include "core/telemetry/history/runrecord.h"

#include <memory>
#include <optional>

namespace dragoman {

namespace storage {
class SessionStore;
}

class AppContext {
public:
  // Loads the configuration (file < environment < command line), installs logging and registers
  // the engines. extraOverrides are "section.key=value" pairs a subcommand derives from its options.
  static Result<std::unique_ptr<AppContext>> create(const cli::GlobalOptions &global,
                                                    const QStringList &extraOverrides = {});
  // Another view of this application for one direction of a call: the same loading with more
  // overrides on top, sharing this context's engine registry (and so its loaded models: one copy
  // of a multilingual Whisper and of each translation model serves both directions). Logging is
  // not installed again. Errors name the override that failed validation.
  Result<std::unique_ptr<AppContext>> derive(const QStringList &overrides) const;
  ~AppContext();
  AppContext(const AppContext &) = delete;
  AppContext &operator=(const AppContext &) = delete;

  const config::Config &config() const { return m_loaded.config; }
  const config::Loaded &loaded() const { return m_loaded; }
  const EngineRegistry &engines() const { return *m_engines; }

  AsrParams asrParams() const;
  TranslatorParams translatorParams() const;
  SynthParams synthParams() const;
  PipelineOptions pipelineOptions() const;
  // Live mode recognises growing utterances with the LocalAgreement-2 policy (asr.engine whisper,
  // asr.commit_policy local-agreement): PipelineOptions::streaming and partial capture segments.
  bool liveStreaming() const;
  audio::CaptureWorkerParams captureParams() const;
  // How a whole file is cut into speech segments (pipeline.silence_threshold_db, min_silence_ms,
  // max_segment_seconds).
  audio::SegmenterParams fileSegmenterParams() const;
  // Factories that create the configured engines on the pipeline's worker threads.
  EngineFactories engineFactories() const;
  // What memory pressure may switch to: memory.fallback_asr_model, and the neural engines on the CPU.
  EngineFallbacks engineFallbacks() const;
  // The history database of storage.*, opened (created, migrated, recovered; notes logged). nullptr
  // when storage.enabled is off or it cannot be opened: then it logs that history is not being saved,
  // and the run goes on without it; `problem` (optional) receives why.
  std::unique_ptr<storage::SessionStore> openSessionStore(QString *problem = nullptr) const;
  // The same store not yet opened (SessionStore::openThen), nullptr when storage.enabled is off;
  // storeOpened() then logs what its open did and says whether it may be used.
  std::unique_ptr<storage::SessionStore> sessionStore() const;
  static bool storeOpened(const storage::SessionStore &store, const Status &status, QString *problem = nullptr);
  // A new session of this configuration: a fresh uuid, now, languages, engines, the configuration.
  storage::SessionInfo newSession(const QString &kind, const QString &input) const;
  // The record of the last run of `command` in the history database; nullopt when there is none
  // (or storage.enabled is off, or the database cannot be read).
  std::optional<telemetry::RunRecord> lastRun(const QString &command) const;

private:
  AppContext() = default;
  config::LoadOptions m_loadOptions;
  config::Loaded m_loaded;
  std::shared_ptr<EngineRegistry> m_engines = std::make_shared<EngineRegistry>();
};

// "section.key=value" overrides for the global logging options.
QStringList loggingOverrides(const cli::GlobalOptions &global);

} // namespace dragoman
