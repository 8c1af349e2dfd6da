#include "core/config/schema.h"

#include <algorithm>
#include <initializer_list>
#include <numeric>
#include <vector>

namespace dragoman::config::schema {

namespace {

// Adds the keys of one section; defaults are the member initialisers in config.h, read back
// through get() (Key::defaultValue), so no default is written twice.
template <typename S> class SectionBuilder {
public:
  SectionBuilder(QList<Section> &sections, QList<Key> &keys, S Config::*member, const char *name,
                 const char *description)
      : m_keys(keys), m_member(member), m_name(QLatin1String(name)) {
    sections.append(Section{m_name, QLatin1String(description)});
  }

  SectionBuilder &string(const char *name, QString S::*field, const char *description, bool notEmpty = false) {
    Key &k = add(name, KeyType::String, description, field);
    k.notEmpty = notEmpty;
    return *this;
  }
  SectionBuilder &path(const char *name, QString S::*field, const char *description) {
    add(name, KeyType::Path, description, field);
    return *this;
  }
  SectionBuilder &choice(const char *name, QString S::*field, QStringList allowed, const char *description) {
    add(name, KeyType::Enum, description, field).allowed = std::move(allowed);
    return *this;
  }
  SectionBuilder &integer(const char *name, int S::*field, int minimum, int maximum, const char *description) {
    Key &k = add(name, KeyType::Int, description, field);
    k.minimum = minimum;
    k.maximum = maximum;
    return *this;
  }
  SectionBuilder &real(const char *name, double S::*field, double minimum, double maximum, const char *description) {
    Key &k = add(name, KeyType::Double, description, field);
    k.minimum = minimum;
    k.maximum = maximum;
    return *this;
  }
  SectionBuilder &boolean(const char *name, bool S::*field, const char *description) {
    add(name, KeyType::Bool, description, field);
    return *this;
  }

private:
  template <typename T> Key &add(const char *name, KeyType type, const char *description, T S::*field) {
    Key k;
    k.section = m_name;
    k.name = QLatin1String(name);
    k.type = type;
    k.description = QLatin1String(description);
    const auto member = m_member;
    k.get = [member, field](const Config &c) { return QVariant::fromValue<T>(c.*member.*field); };
    k.set = [member, field](Config &c, const QVariant &v) { c.*member.*field = v.value<T>(); };
    m_keys.append(std::move(k));
    return m_keys.last();
  }

  QList<Key> &m_keys;
  S Config::*m_member;
  QString m_name;
};

struct Table {
  QList<Section> sections;
  QList<Key> keys;

  template <typename S> SectionBuilder<S> section(S Config::*member, const char *name, const char *description) {
    return SectionBuilder<S>(sections, keys, member, name, description);
  }
};

QStringList L(std::initializer_list<const char *> words) {
  QStringList list;
  for (const char *w : words)
    list.append(QLatin1String(w));
  return list;
}

// The schema: one key per line, so it reads as a table.
Table buildTable() {
  Table t;
  // clang-format off
  t.section(&Config::audio, "audio", "Audio devices and capture format.")
      .string("input_device", &AudioConfig::inputDevice, "Capture device name, or \"default\" (see `dragoman devices`).", true)
      .string("output_device", &AudioConfig::outputDevice, "Playback device name, or \"default\".", true)
      .integer("sample_rate", &AudioConfig::sampleRate, 8000, 192000, "Capture sample rate in Hz; audio is resampled to 16 kHz for ASR.")
      .real("volume", &AudioConfig::volume, 0, 2, "Playback gain for translated speech (1 = as synthesised).")
      .choice("echo_gate", &AudioConfig::echoGate, L({"gate", "aec", "off"}), "Keep Dragoman from recognising its own speech: gate mutes the capture while it plays; aec cancels its echo so the person is still heard (WebRTC's echo canceller, full duplex; the gate where it cannot run; experimental: on some devices it does not converge yet).")
      .integer("echo_tail_ms", &AudioConfig::echoTailMs, 0, 5000, "Keep the capture muted this long after playback ends, in milliseconds.");
  t.section(&Config::asr, "asr", "Speech recognition.")
      .choice("engine", &AsrConfig::engine, L({"pocketsphinx", "whisper"}), "Speech recognition engine.")
      .path("model", &AsrConfig::model, "Model file or folder; empty: the engine's default model.")
      .string("language", &AsrConfig::language, "Spoken language code (e.g. en), or auto for whisper.", true)
      .choice("task", &AsrConfig::task, L({"transcribe", "translate"}), "whisper: write what was said (transcribe) or English text for any language (translate).")
      .integer("beam_size", &AsrConfig::beamSize, 1, 16, "whisper: beams searched; 1 decodes greedily.")
      .string("initial_prompt", &AsrConfig::initialPrompt, "whisper: text given to the decoder as context (names, hotwords); empty: none.")
      .choice("commit_policy", &AsrConfig::commitPolicy, L({"local-agreement", "segment"}), "Live whisper: commit words two successive passes agree on (partial captions), or whole segments only.")
      .integer("max_tokens", &AsrConfig::maxTokens, 0, 448, "whisper: tokens generated per 30-second window at most (a cap for slow machines and for timing random-weight models); 0: the model's own limit, 224.")
      .real("max_tokens_per_second", &AsrConfig::maxTokensPerSecond, 0, 50, "whisper: tokens generated per second of audio in a window at most (e.g. 4, to time random-weight models at a realistic output length: speech runs at 2 to 4 tokens a second, and a streaming pass reads a few seconds); 0: no such cap.");
  t.section(&Config::translation, "translation", "Machine translation.")
      .choice("engine", &TranslationConfig::engine, L({"auto", "apertium", "marian", "nllb", "m2m100"}), "Translation engine.")
      .path("model", &TranslationConfig::model, "Model folder; empty: the engine's default for the language pair.")
      .string("source_language", &TranslationConfig::sourceLanguage, "Language translated from (code, e.g. en).", true)
      .string("target_language", &TranslationConfig::targetLanguage, "Language translated to (code, e.g. es).", true)
      .integer("timeout_ms", &TranslationConfig::timeoutMs, 100, 600000, "Give up on one segment's translation after this many milliseconds.")
      .real("max_tokens_per_word", &TranslationConfig::maxTokensPerWord, 0, 16, "marian, nllb: tokens generated per word of a sentence at most (e.g. 2.5, to time random-weight models at a realistic output length); 0: twice the sentence's tokens plus 16.")
      .integer("clause_words", &TranslationConfig::clauseWords, 0, 200, "Live streaming: a sentence goes to translation at its end, or at a clause mark (, ; :) once it has this many words; 0: only at sentence ends (and after 40 words).")
      .boolean("provisional", &TranslationConfig::provisional, "Live streaming: while a sentence is spoken, translate its recognised words provisionally for the captions (replaced when it ends; never spoken).");
  t.section(&Config::tts, "tts", "Speech synthesis.")
      .choice("engine", &TtsConfig::engine, L({"auto", "espeak-ng", "vits"}),
              "Speech synthesis engine; auto: an installed Piper voice for the target language, else an MMS voice, else espeak-ng.")
      .path("model", &TtsConfig::model, "Voice for tts.engine vits: a Hugging Face VITS / MMS-TTS folder, or a Piper voice's .onnx.")
      .string("voice", &TtsConfig::voice, "Voice name; empty: the default voice for the target language.")
      .integer("words_per_minute", &TtsConfig::wordsPerMinute, 80, 450, "Speaking rate in words per minute.")
      .integer("seed", &TtsConfig::seed, 0, 2147483647, "Neural voices: the seed of the random draws, so that a sentence sounds the same each time.")
      .integer("speaker", &TtsConfig::speaker, 0, 65535, "Multi-speaker voices: which speaker (0 = the first).")
      .real("rate", &TtsConfig::rate, 0.25, 4, "Speaking rate: 1 as the voice speaks, 2 twice as fast, 0.5 half as fast.")
      .real("volume", &TtsConfig::volume, 0, 4, "Gain on the synthesised speech (1 = at tts.level_db).")
      .integer("pause_ms", &TtsConfig::pauseMs, 0, 5000, "Neural voices: silence between sentences, in milliseconds.")
      .real("level_db", &TtsConfig::levelDb, -60, 0, "Speech level every sentence is brought to, in dBFS (0: as the voice makes it).")
      .real("catch_up_rate", &TtsConfig::catchUpRate, 1, 2, "Live: while translated speech waits behind what is playing, play faster at the same pitch, up to this rate (from half a second waiting; the full rate at 2.5 s); 1: always at the voice's pace.")
      .real("to_me_max_wait_s", &TtsConfig::toMeMaxWaitS, 0, 30, "Calls: the translation of their words, spoken to you, waits at most this long behind the one before it; then the rest of that one is dropped (faded out; every word stays in the captions); 0: each is spoken to the end.");
  t.section(&Config::pipeline, "pipeline", "Segmentation and queues between the stages.")
      .integer("queue_capacity", &PipelineConfig::queueCapacity, 1, 1024, "Items each stage queue holds before back-pressure.")
      .real("max_segment_seconds", &PipelineConfig::maxSegmentSeconds, 1, 30, "Longest speech segment sent to ASR, in seconds.")
      .integer("min_silence_ms", &PipelineConfig::minSilenceMs, 100, 5000, "Silence that ends a segment, in milliseconds.")
      .real("silence_threshold_db", &PipelineConfig::silenceThresholdDb, -90, 0, "Level below which audio counts as silence, in dBFS.")
      .integer("vad_aggressiveness", &PipelineConfig::vadAggressiveness, 0, 3, "Live voice activity detection: 0 keeps the most audio, 3 the least.")
      .integer("min_speech_ms", &PipelineConfig::minSpeechMs, 50, 5000, "Shorter bursts of speech are dropped, in milliseconds.")
      .integer("pre_roll_ms", &PipelineConfig::preRollMs, 0, 2000, "Audio kept before speech starts, so no first syllable is lost, in milliseconds.")
      .integer("segment_overlap_ms", &PipelineConfig::segmentOverlapMs, 0, 5000, "When a long segment is cut, the next one starts this much earlier, in milliseconds.");
  t.section(&Config::inference, "inference", "Neural model runtime (LibTorch).")
      .choice("device", &InferenceConfig::device, L({"auto", "cpu", "cuda"}), "Where models run; auto: CUDA when LibTorch has it and a GPU is present, else CPU.")
      .choice("dtype", &InferenceConfig::dtype, L({"auto", "float32", "float16", "bfloat16"}), "Weight and activation type; auto: float16 on GPU, float32 on CPU.")
      .integer("threads", &InferenceConfig::threads, 0, 256, "CPU threads of the whole process, shared by every neural engine: the decoding steps' row pool and OpenBLAS (LibTorch's intra-op threads where OpenBLAS is not its BLAS); 0: one per core, at most 8.");
  t.section(&Config::models, "models", "Model downloads (`dragoman models`).")
      .string("endpoint", &ModelsConfig::endpoint, "Hugging Face-compatible server the models are downloaded from.", true)
      .path("dir", &ModelsConfig::dir, "Folder downloaded models are kept in; empty: models/ in the data folder.");
  t.section(&Config::memory, "memory", "Memory limits and alerts.")
      .integer("gpu_limit_mb", &MemoryConfig::gpuLimitMb, 0, 1048576, "GPU memory the models may use, in MiB; 0: no limit.")
      .integer("ram_warning_percent", &MemoryConfig::ramWarningPercent, 1, 100, "Warn when system RAM use passes this percentage.")
      .integer("rss_limit_mb", &MemoryConfig::rssLimitMb, 0, 1048576, "Act when this process's resident memory passes this many MiB; 0: no limit.")
      .choice("on_pressure", &MemoryConfig::onPressure, L({"none", "release-gpu-cache", "unload-idle-models", "smaller-model"}), "What to do when rss_limit_mb is passed (an alert is logged in every case): unload engines idle for idle_unload_s, or switch recognition to fallback_asr_model and translation to fallback_mt_model.")
      .choice("on_gpu_pressure", &MemoryConfig::onGpuPressure, L({"none", "release-gpu-cache", "unload-idle-models", "smaller-model", "cpu"}), "What to do when gpu_limit_mb is passed: return LibTorch's cached GPU memory, unload idle engines, switch recognition to fallback_asr_model and translation to fallback_mt_model, or move the neural engines to the CPU.")
      .integer("idle_unload_s", &MemoryConfig::idleUnloadSeconds, 0, 86400, "Under memory pressure (unload-idle-models), engines that did nothing this many seconds are unloaded; they load again when next needed.")
      .path("fallback_asr_model", &MemoryConfig::fallbackAsrModel, "A smaller Whisper model folder that recognition switches to under memory pressure (smaller-model); empty: none.")
      .path("fallback_mt_model", &MemoryConfig::fallbackMtModel, "A smaller translation model folder (OPUS-MT or NLLB) that translation switches to under memory pressure (smaller-model); empty: none.")
      .integer("sample_interval_ms", &MemoryConfig::sampleIntervalMs, 100, 60000, "How often memory is sampled, in milliseconds.");
  t.section(&Config::profiling, "profiling", "Per-stage timing.")
      .boolean("enabled", &ProfilingConfig::enabled, "Record timing spans for every stage.")
      .path("export_on_exit", &ProfilingConfig::exportOnExit, "Write the profile to this file on exit; empty: no export.")
      .choice("export_format", &ProfilingConfig::exportFormat, L({"auto", "json", "csv", "txt", "chrome"}), "Format of the export on exit; auto: from the file name (.csv, .txt, .trace.json or .chrome.json; else JSON).")
      .integer("budget_asr_ms", &ProfilingConfig::budgetAsrMs, 0, 600000, "p95 latency budget of recognition per segment, in milliseconds; 0: none.")
      .integer("budget_mt_ms", &ProfilingConfig::budgetMtMs, 0, 600000, "p95 latency budget of translation per segment, in milliseconds; 0: none.")
      .integer("budget_tts_ms", &ProfilingConfig::budgetTtsMs, 0, 600000, "p95 latency budget of speech synthesis per segment, in milliseconds; 0: none.")
      .real("realtime_warning", &ProfilingConfig::realtimeWarning, 0.1, 10, "Warn when compute time per second of audio passes this ratio (1 = falls behind).")
      .integer("stats_interval_s", &ProfilingConfig::statsIntervalSeconds, 1, 3600, "Seconds between the lines `live --stats` prints.");
  t.section(&Config::server, "server", "Embedded HTTP and WebSocket server.")
      .boolean("enabled", &ServerConfig::enabled, "Also serve the API from `dragoman live` and the desktop application (`dragoman serve` always serves).")
      .string("bind", &ServerConfig::bind, "Address to listen on; 127.0.0.1 keeps it local.", true)
      .integer("port", &ServerConfig::port, 0, 65535, "TCP port to listen on; 0: any free port (the one chosen is printed at start).")
      .path("keys_file", &ServerConfig::keysFile, "API keys (hashed; see `dragoman server add-key`); empty: api-keys.json beside the configuration file.")
      .path("tls_certificate", &ServerConfig::tlsCertificate, "PEM certificate (chain); with tls_key the port speaks HTTPS only.")
      .path("tls_key", &ServerConfig::tlsKey, "PEM private key of the certificate (unencrypted RSA or EC).")
      .integer("http_port", &ServerConfig::httpPort, 0, 65535, "With TLS: a plain-HTTP port serving /healthz, /readyz and /metrics only (other paths are redirected to HTTPS or refused); 0: none.")
      .string("cors_origins", &ServerConfig::corsOrigins, "Comma-separated browser origins allowed to call the API (https://app.example); empty: no cross-origin access.")
      .boolean("metrics_public", &ServerConfig::metricsPublic, "Serve /metrics without an API key even when keys exist.")
      .real("rate_limit", &ServerConfig::rateLimit, 0, 100000, "Requests per second each client address may make (bursts of twice that); 0: unlimited.")
      .real("key_rate_limit", &ServerConfig::keyRateLimit, 0, 100000, "Requests per second each API key may make (bursts of twice that); 0: unlimited.")
      .integer("max_upload_mb", &ServerConfig::maxUploadMb, 1, 4096, "Largest audio upload to /api/v1/transcribe, in MiB.")
      .integer("batch_max", &ServerConfig::batchMax, 1, 256, "Most texts one translation engine call takes when requests are batched; 1: no batching.")
      .integer("cache_entries", &ServerConfig::cacheEntries, 0, 1000000, "Translations the API keeps in memory; 0: no cache.")
      .integer("drain_timeout_ms", &ServerConfig::drainTimeoutMs, 0, 600000, "On SIGTERM, how long requests in flight may take to finish, in milliseconds.");
  t.section(&Config::storage, "storage", "Session history.")
      .boolean("enabled", &StorageConfig::enabled, "Keep transcripts and translations in the history database.")
      .path("database", &StorageConfig::database, "SQLite file; empty: history.sqlite in the data folder.")
      .integer("flush_interval_ms", &StorageConfig::flushIntervalMs, 50, 60000, "The longest a finished segment waits before it is written to disk (what a crash can lose), in milliseconds.")
      .integer("max_size_mb", &StorageConfig::maxSizeMb, 0, 1048576, "The history database never grows past this many MiB (writes beyond are refused, as on a full disk); 0: no cap.")
      .integer("retention_days", &StorageConfig::retentionDays, 0, 36500, "Sessions older than this many days are deleted when a session starts; 0: kept forever.");
  t.section(&Config::logging, "logging", "Log output.")
      .choice("level", &LoggingConfig::level, L({"debug", "info", "warning", "error"}), "Least severe message written.")
      .choice("format", &LoggingConfig::format, L({"text", "json"}), "Plain text or JSON lines.")
      .path("file", &LoggingConfig::file, "Also log to this file; empty: standard error only.")
      .integer("max_file_size_mb", &LoggingConfig::maxFileSizeMb, 1, 1024, "Rotate the log file past this size, in MiB.")
      .integer("max_files", &LoggingConfig::maxFiles, 0, 100, "Rotated log files kept.");
  // clang-format on
  return t;
}

const Table &table() {
  static const Table t = buildTable();
  return t;
}

// Levenshtein distance, small strings only.
int distance(const QString &a, const QString &b) {
  std::vector<int> row(size_t(b.size()) + 1);
  std::iota(row.begin(), row.end(), 0);
  for (qsizetype i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = int(i);
    for (qsizetype j = 1; j <= b.size(); ++j) {
      const int above = row[size_t(j)];
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[size_t(j)] = std::min({above + 1, row[size_t(j - 1)] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[size_t(b.size())];
}

QString suggestion(const QString &word, const QStringList &candidates) {
  const QString best = closestMatch(word, candidates);
  return best.isEmpty() ? QString() : QStringLiteral("; did you mean '%1'?").arg(best);
}

} // namespace

const QList<Section> &sections() { return table().sections; }
const QList<Key> &keys() { return table().keys; }

QStringList sectionNames() {
  QStringList names;
  for (const Section &s : sections())
    names.append(s.name);
  return names;
}

QStringList keyNames(QStringView section) {
  QStringList names;
  for (const Key &k : keys())
    if (k.section == section)
      names.append(k.name);
  return names;
}

bool hasSection(QStringView section) {
  return std::any_of(sections().begin(), sections().end(), [&](const Section &s) { return s.name == section; });
}

const Key *find(QStringView section, QStringView name) {
  for (const Key &k : keys())
    if (k.section == section && k.name == name)
      return &k;
  return nullptr;
}

QString closestMatch(const QString &word, const QStringList &candidates) {
  const QString w = word.toLower();
  QString best;
  int bestDistance = std::max<int>(1, int(w.size()) / 3) + 1; // a typo changes few letters
  for (const QString &c : candidates) {
    const int d = distance(w, c);
    if (d < bestDistance && d < w.size()) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

QString unknownKeyMessage(const QString &section, const QString &name) {
  const QStringList names = keyNames(section);
  return QStringLiteral("%1.%2: unknown key; %1 has: %3").arg(section, name, names.join(QStringLiteral(", "))) +
         suggestion(name, names);
}

QString unknownSectionMessage(const QString &section) {
  const QStringList names = sectionNames();
  return QStringLiteral("%1: unknown section; sections are: %2").arg(section, names.join(QStringLiteral(", "))) +
         suggestion(section, names);
}

} // namespace dragoman::config::schema
