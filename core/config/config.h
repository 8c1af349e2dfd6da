#pragma once
// Typed, hierarchical, validated configuration (DESIGN.md: core/config).
//
// Layers, lowest first: built-in defaults (the member initialisers below) < YAML file
// (defaultConfigPath() or --config) < environment DRAGOMAN_<SECTION>_<KEY> < command-line
// overrides "section.key=value". Every key is described once, in the table in schema.cpp;
// loading, validation, `config show`/`config init` and the environment variable list all come
// from that table. Enumerations stay QStrings holding one of the values the schema allows.

#include "core/common/result.h"

#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace dragoman::config {

struct AudioConfig {
  QString inputDevice = QStringLiteral("default");
  QString outputDevice = QStringLiteral("default");
  int sampleRate = 16000;
  double volume = 1.0;                    // playback gain
  QString echoGate = QStringLiteral("gate"); // gate | aec | off
  int echoTailMs = 300;                   // capture stays gated this long after playback ends
  bool operator==(const AudioConfig &) const = default;
};

struct AsrConfig {
  QString engine = QStringLiteral("pocketsphinx"); // pocketsphinx | whisper
  QString model;
  QString language = QStringLiteral("en");
  QString task = QStringLiteral("transcribe"); // transcribe | translate (whisper: speech in any language to English text)
  int beamSize = 5;                            // whisper: 1 = greedy
  QString initialPrompt;                       // whisper: context or hotwords given to the decoder
  QString commitPolicy = QStringLiteral("local-agreement"); // live whisper: local-agreement | segment
  int maxTokens = 0; // whisper: tokens generated per 30-second window at most; 0: the model's own limit (224)
  double maxTokensPerSecond = 0; // whisper: tokens generated per second of audio in a window at most; 0: no such cap
  bool operator==(const AsrConfig &) const = default;
};

struct TranslationConfig {
  QString engine = QStringLiteral("auto"); // auto (the best installed per pair) | apertium | marian | nllb (m2m100: the same)
  QString model;
  QString sourceLanguage = QStringLiteral("en");
  QString targetLanguage = QStringLiteral("es");
  int timeoutMs = 30000;
  double maxTokensPerWord = 0; // neural MT: tokens generated per source word at most; 0: twice the sentence's tokens + 16
  int clauseWords = 10;        // live streaming: translate at a clause mark once the sentence has this many words; 0: never
  bool provisional = true;     // live streaming: translate the open sentence provisionally for the captions
  bool operator==(const TranslationConfig &) const = default;
};

struct TtsConfig {
  QString engine = QStringLiteral("auto"); // auto | espeak-ng | vits
  QString model;
  QString voice;
  int wordsPerMinute = 175;
  int seed = 0;         // neural voices: the seed of the random draws
  int speaker = 0;      // multi-speaker voices
  double rate = 1.0;    // speaking rate: 2 is twice as fast
  double volume = 1.0;  // gain on the synthesised speech
  int pauseMs = 250;    // silence between sentences (neural voices)
  double levelDb = -20; // each sentence brought to this speech level (dBFS); 0: as the voice makes it
  double catchUpRate = 1.3; // live: the fastest speech plays while more waits behind it; 1: never faster
  double toMeMaxWaitS = 1.0; // calls: their speech to me waits at most this long behind the one before; 0: no limit
  bool operator==(const TtsConfig &) const = default;
};

struct PipelineConfig {
  int queueCapacity = 8;
  double maxSegmentSeconds = 20.0;
  int minSilenceMs = 500;
  double silenceThresholdDb = -40.0;
  int vadAggressiveness = 2; // live voice activity detection, 0 (lenient) .. 3 (strict)
  int minSpeechMs = 250;
  int preRollMs = 300;
  int segmentOverlapMs = 500;
  bool operator==(const PipelineConfig &) const = default;
};

struct InferenceConfig {
  QString device = QStringLiteral("auto"); // auto | cpu | cuda
  QString dtype = QStringLiteral("auto");  // auto | float32 | float16 | bfloat16
  int threads = 0;                         // LibTorch intra-op threads and Whisper's decoder pool; 0: defaults
  bool operator==(const InferenceConfig &) const = default;
};

struct ModelsConfig {
  QString endpoint = QStringLiteral("https://huggingface.co"); // Hugging Face-compatible base URL
  QString dir;                                                 // empty: dataDir() + "/models"
  bool operator==(const ModelsConfig &) const = default;
};

struct MemoryConfig {
  int gpuLimitMb = 0; // 0: no limit
  int ramWarningPercent = 90;
  int rssLimitMb = 0;  // 0: no limit on this process's resident memory
  // What to do when the process (onPressure) or GPU (onGpuPressure) limit is passed:
  // none | release-gpu-cache | unload-idle-models | smaller-model | cpu (GPU only).
  QString onPressure = QStringLiteral("unload-idle-models");
  QString onGpuPressure = QStringLiteral("release-gpu-cache");
  int idleUnloadSeconds = 60;
  QString fallbackAsrModel; // smaller-model: a Whisper model folder; empty: none
  QString fallbackMtModel;  // smaller-model: a Marian or NLLB model folder; empty: none
  int sampleIntervalMs = 1000;
  bool operator==(const MemoryConfig &) const = default;
};

struct ProfilingConfig {
  bool enabled = true;
  QString exportOnExit; // empty: no export
  QString exportFormat = QStringLiteral("auto"); // auto (from the file name) | json | csv | txt | chrome
  int budgetAsrMs = 2000;   // p95 latency budgets per stage; 0: none
  int budgetMtMs = 1000;
  int budgetTtsMs = 1000;
  double realtimeWarning = 0.8; // compute / real-time ratio that warns
  int statsIntervalSeconds = 5; // live --stats
  bool operator==(const ProfilingConfig &) const = default;
};

struct ServerConfig {
  bool enabled = false;
  QString bind = QStringLiteral("127.0.0.1");
  int port = 8765;
  QString keysFile;          // empty: api-keys.json next to the configuration file
  QString tlsCertificate;    // PEM; with tlsKey the port speaks HTTPS
  QString tlsKey;
  int httpPort = 0;          // with TLS: plain HTTP for health and metrics only; 0: none
  QString corsOrigins;       // comma-separated origins allowed to call from a browser; empty: none
  bool metricsPublic = false;
  double rateLimit = 20;     // requests per second per client address; 0: unlimited
  double keyRateLimit = 50;  // requests per second per API key; 0: unlimited
  int maxUploadMb = 100;     // /api/v1/transcribe bodies
  int batchMax = 32;         // texts per translation engine call (1: no batching)
  int cacheEntries = 4096;   // translations kept in memory
  int drainTimeoutMs = 10000;
  bool operator==(const ServerConfig &) const = default;
};

struct StorageConfig {
  bool enabled = true;
  QString database; // empty: dataDir() + "/history.sqlite" (see databasePath())
  int flushIntervalMs = 1000; // durability window
  int maxSizeMb = 0;          // 0: no cap
  int retentionDays = 0;      // 0: keep forever
  bool operator==(const StorageConfig &) const = default;
};

struct LoggingConfig {
  QString level = QStringLiteral("info");  // debug | info | warning | error
  QString format = QStringLiteral("text"); // text | json
  QString file;                            // empty: no log file
  int maxFileSizeMb = 10;
  int maxFiles = 5;
  bool operator==(const LoggingConfig &) const = default;
};

// A default-constructed Config holds the defaults.
struct Config {
  AudioConfig audio;
  AsrConfig asr;
  TranslationConfig translation;
  TtsConfig tts;
  PipelineConfig pipeline;
  InferenceConfig inference;
  ModelsConfig models;
  MemoryConfig memory;
  ProfilingConfig profiling;
  ServerConfig server;
  StorageConfig storage;
  LoggingConfig logging;
  bool operator==(const Config &) const = default;
};

struct LoadOptions {
  QString filePath;          // empty: defaultConfigPath(), read only if it exists
  bool fileRequired = false; // true when the user named a file (--config): a missing file is an error
  QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
  QStringList overrides; // "section.key=value", applied last (command-line options)
};

struct Loaded {
  Config config;
  QString filePath; // the file actually read, or empty
  // "section.key" -> "default" | "file" | "env DRAGOMAN_X_Y" | "command line", for every key.
  QMap<QString, QString> origin;
};

// defaults < file < environment < overrides, then validate(). Errors are ErrorKind::Config with
// one line naming where (file:line, environment variable or "command line"), the key, the bad
// value and what is allowed.
Result<Loaded> load(const LoadOptions &options);

// Ranges, allowed values and cross-field rules (e.g. source_language != target_language).
Status validate(const Config &config);

// YAML for `config show` (withComments false) and `config init` (true: every key's description,
// allowed values, default and environment variable as comments). Loads back to the same Config.
QString toYaml(const Config &config, bool withComments);

// Writes toYaml(Config{}, true) to path for `config init`: creates parent folders, refuses an
// existing file unless overwrite, writes atomically. Errors are ErrorKind::Output.
Status writeDefault(const QString &path, bool overwrite);
// Writes this configuration (validated first) with the same comments, atomically, replacing the
// file (the settings page's Save). Errors are ErrorKind::Config or ErrorKind::Output.
Status writeConfig(const QString &path, const Config &config);

QString defaultConfigPath(); // $XDG_CONFIG_HOME/dragoman/dragoman.yaml
QString dataDir();           // $XDG_DATA_HOME/dragoman
QString apiKeysPath(const ServerConfig &server); // server.keys_file, else api-keys.json beside the config file
QString cacheDir();          // $XDG_CACHE_HOME/dragoman
// storage.database, or dataDir() + "/history.sqlite" when it is empty.
QString databasePath(const StorageConfig &storage);
// models.dir, or dataDir() + "/models" when it is empty.
QString modelsDir(const ModelsConfig &models);

// Every DRAGOMAN_<SECTION>_<KEY> variable the schema defines, in schema order.
QStringList environmentVariables();

} // namespace dragoman::config
