#include "app/cli/commandline.h"

#include "app/cli/exitcodes.h"

#include <QTextStream>

#include <span>

namespace dragoman::cli {
namespace {

struct OptionSpec {
  const char *name;
  char shortName;
  const char *valueName; // nullptr: a flag
  const char *description;
};

struct CommandSpec {
  const char *name;
  const char *usage;
  const char *summary;
  std::span<const OptionSpec> options;
};

constexpr OptionSpec kGlobal[] = {
    {"config", 'c', "FILE", "read configuration from FILE (default: $XDG_CONFIG_HOME/dragoman/dragoman.yaml)"},
    {"set", 0, "SECTION.KEY=VALUE", "override one configuration value (repeatable)"},
    {"log-format", 0, "text|json", "log lines as text or JSON lines (default: logging.format)"},
    {"log-level", 0, "LEVEL", "debug, info, warning or error (default: logging.level)"},
    {"log-file", 0, "FILE", "also append JSON log lines to FILE, rotated by size"},
    {"help", 'h', nullptr, "show help (for a command: dragoman COMMAND --help)"},
    {"version", 'V', nullptr, "show version, git commit, Qt, LibTorch and CUDA availability"},
};

constexpr OptionSpec kTranslate[] = {
    {"from", 'f', "LANG", "language spoken in INPUT (ISO 639-1, default: translation.source_language)"},
    {"to", 't', "LANG", "language to translate into (default: translation.target_language)"},
    {"output", 'o', "OUT.wav", "write the translated speech as a WAV file"},
    {"json", 0, "OUT.json", "write segments, texts and stage timings as JSON"},
    {"srt", 0, "OUT.srt", "write the translation as SubRip subtitles"},
    {"asr-engine", 0, "NAME", "speech recognition engine (default: asr.engine)"},
    {"mt-engine", 0, "NAME", "translation engine (default: translation.engine)"},
    {"tts-engine", 0, "NAME", "speech synthesis engine (default: tts.engine)"},
    {"voice", 0, "NAME", "synthesis voice (default: tts.voice, else the target language)"},
    {"quiet", 'q', nullptr, "do not print the segments"},
    {"stats", 0, nullptr, "print per-stage latency and the bottlenecks found to stderr at the end"},
    {"profile", 0, "OUT", "write the run's profile (.json, .csv, .txt or .trace.json for Perfetto; default: profiling.export_on_exit)"},
};

constexpr OptionSpec kLive[] = {
    {"from", 'f', "LANG", "language spoken (default: translation.source_language)"},
    {"to", 't', "LANG", "language to translate into (default: translation.target_language)"},
    {"input-device", 'i', "DEVICE", "capture device: name, part of a name, or index (default: audio.input_device)"},
    {"output-device", 'o', "DEVICE", "device the translation is spoken to (default: audio.output_device)"},
    {"no-speak", 0, nullptr, "show and record captions only; speak nothing"},
    {"duration", 'd', "SECONDS", "stop after this many seconds (default: until SIGINT or SIGTERM)"},
    {"captions", 0, "OUT.jsonl", "append one JSON line per segment: texts and the time of every stage"},
    {"stats", 0, nullptr, "print per-stage latency, queues and memory to stderr every profiling.stats_interval_s seconds, and a summary naming the bottleneck at the end"},
    {"profile", 0, "OUT", "write the run's profile on exit (.json, .csv, .txt or .trace.json for Perfetto; default: profiling.export_on_exit)"},
    {"asr-engine", 0, "NAME", "speech recognition engine (default: asr.engine)"},
    {"mt-engine", 0, "NAME", "translation engine (default: translation.engine)"},
    {"tts-engine", 0, "NAME", "speech synthesis engine (default: tts.engine)"},
    {"voice", 0, "NAME", "synthesis voice (default: tts.voice, else the target language)"},
    {"quiet", 'q', nullptr, "do not print captions"},
    {"serve", 0, nullptr, "also serve the HTTP and WebSocket API (captions on /api/v1/stream) while the session runs"},
    {"bind", 0, "ADDR", "with --serve: address to listen on (default: server.bind)"},
    {"port", 'p', "N", "with --serve: TCP port (default: server.port)"},
};

constexpr OptionSpec kCall[] = {
    {"me", 0, "LANG", "the language I speak (default: translation.source_language)"},
    {"them", 0, "LANG", "the language the other side speaks (default: translation.target_language)"},
    {"mic", 0, "DEVICE", "my microphone (default: audio.input_device)"},
    {"call-audio", 0, "DEVICE", "where the call's sound comes from: a capture device, or pulse:NAME (e.g. the call app's sink monitor, pulse:SINK.monitor)"},
    {"to-call", 0, "DEVICE", "where my translated speech goes: the device the call app records (the virtual microphone: pulse:dragoman_sink after `dragoman audio create-virtual-mic`)"},
    {"to-me", 0, "DEVICE", "also speak their words, translated, on this device (headphones); without it their side is captions only"},
    {"no-speak", 0, nullptr, "speak nothing into the call either: captions both ways only"},
    {"duration", 'd', "SECONDS", "stop after this many seconds (default: until SIGINT or SIGTERM)"},
    {"captions", 0, "OUT.jsonl", "append one JSON line per segment of either direction (\"direction\": \"me\" or \"them\")"},
    {"stats", 0, nullptr, "print each direction's per-stage latency and queues to stderr every profiling.stats_interval_s seconds, and summaries at the end"},
    {"asr-engine", 0, "NAME", "speech recognition engine of both directions (default: asr.engine)"},
    {"mt-engine", 0, "NAME", "translation engine of both directions (default: translation.engine)"},
    {"tts-engine", 0, "NAME", "speech synthesis engine of both directions (default: tts.engine)"},
    {"voice", 0, "NAME", "my translated voice, the one the call hears (default: tts.voice, else the language's)"},
    {"quiet", 'q', nullptr, "do not print captions"},
    {"serve", 0, nullptr, "also serve the HTTP and WebSocket API: /api/v1/stream carries both directions' captions, each with its \"direction\""},
    {"bind", 0, "ADDR", "with --serve: address to listen on (default: server.bind)"},
    {"port", 'p', "N", "with --serve: TCP port (default: server.port)"},
};

constexpr OptionSpec kAudio[] = {
    {"name", 0, "NAME", "name of the virtual microphone (default: dragoman)"},
};

constexpr OptionSpec kBench[] = {
    {"input-device", 'i', "DEVICE", "capture, live: capture device (default: audio.input_device)"},
    {"duration", 'd', "SECONDS", "capture: how long to capture (default: 60)"},
    {"model", 'm', "DIR", "asr: a Whisper folder; mt: a Marian or M2M100 / NLLB folder (default: a random-weight model of --size)"},
    {"size", 0, "NAME", "asr, make-model: tiny, base, small, medium, large-v3 or large-v3-turbo (default: tiny); mt, make-model --kind mt: opus-mt or nllb-600m (default: opus-mt); tts: piper-x-low, piper-low, piper-medium, piper-high or mms (default: piper-medium)"},
    {"voice", 0, "PATH", "tts: a Piper voice NAME.onnx or a VITS folder (default: a random-weight voice of --size)"},
    {"threads", 0, "N", "mt, tts: the CPU thread budget: row pool and OpenBLAS (default: inference.threads)"},
    {"tokens", 0, "N", "asr: decoder steps timed per run (default: 64); mt: tokens generated per sentence (default: 20)"},
    {"beams", 0, "N", "asr: decoder rows per step, as beam search uses (default: 1); mt: beams of the beam-search figures (default: 4)"},
    {"windows", 0, "N", "asr: encoder runs timed (default: 5)"},
    {"runs", 0, "N", "mt, tts: timed repetitions of each measurement after a warm-up (default: 5; mt's batches of 32 half as many)"},
    {"kind", 0, "whisper|mt|tts", "make-model: which model to write (default: whisper); tts: a Hugging Face VITS folder of --size (default: piper-medium)"},
    {"out", 0, "DIR", "make-model: folder to write"},
    {"fp16", 0, nullptr, "make-model: float16 weights (default: float32; whisper only)"},
    {"seed", 0, "N", "make-model: random seed (default: 1)"},
    {"tokenizer", 0, "DIR", "make-model --kind mt --size opus-mt: give the folder DIR's Marian tokenizer (source.spm, target.spm; vocab.json filled up to the model's vocabulary with made-up pieces), so that live sessions and calls can run it"},
    {"json", 0, nullptr, "print the result as JSON"},
    {"speech", 0, "FILE", "call, live: the speech both sides say, in turn, or the one side says (any format; e.g. ../shared/data/speech/jfk.flac)"},
    {"feed", 0, "DEVICE", "live: where the speech is played so that the input device hears it"},
    {"output-device", 0, "DEVICE", "live: as dragoman live"},
    {"from", 0, "LANG", "live: as dragoman live"},
    {"to", 0, "LANG", "live: as dragoman live"},
    {"no-speak", 0, nullptr, "live: as dragoman live"},
    {"mic-feed", 0, "DEVICE", "call: where the speech is played so that my microphone hears it"},
    {"call-feed", 0, "DEVICE", "call: where the speech is played so that the call's audio carries it"},
    {"repeats", 0, "N", "call, live: utterances each way (default: 3)"},
    {"gap", 0, "SECONDS", "call, live: silence after each utterance (default: 4)"},
    {"me", 0, "LANG", "call: as dragoman call"},
    {"them", 0, "LANG", "call: as dragoman call"},
    {"mic", 0, "DEVICE", "call: as dragoman call"},
    {"call-audio", 0, "DEVICE", "call: as dragoman call"},
    {"to-call", 0, "DEVICE", "call: as dragoman call"},
    {"to-me", 0, "DEVICE", "call: as dragoman call"},
    {"asr-engine", 0, "NAME", "call: as dragoman call"},
    {"mt-engine", 0, "NAME", "call: as dragoman call"},
    {"tts-engine", 0, "NAME", "call: as dragoman call"},
};

constexpr OptionSpec kAsr[] = {
    {"model", 'm', "DIR", "Whisper model folder (default: asr.model)"},
    {"input", 'i', "FILE", "audio file to recognise (WAV, FLAC, Ogg, MP3; any rate, resampled to 16 kHz)"},
    {"language", 'l', "LANG", "spoken language (default: detect it)"},
    {"task", 0, "transcribe|translate", "write what was said, or English text for any language (default: transcribe)"},
    {"no-timestamps", 0, nullptr, "decode without timestamp tokens (one segment per 30-second window)"},
    {"no-suppress", 0, nullptr, "do not suppress blank, non-speech or special tokens"},
    {"greedy", 0, nullptr, "greedy decoding at temperature 0, no beam search, no fallback"},
    {"no-fallback", 0, nullptr, "decode at temperature 0 only (no retry at higher temperatures), at any beam size"},
    {"no-loop-guard", 0, nullptr, "keep repetition loops (as openai/whisper's transcribe() does), for comparisons"},
    {"beam-size", 0, "N", "beams (default: asr.beam_size)"},
    {"max-new-tokens", 0, "N", "generated tokens per window; with --no-suppress --greedy exactly N argmax steps"},
    {"initial-prompt", 0, "TEXT", "context or hotwords for the first window (default: asr.initial_prompt)"},
    {"dump", 0, "OUT.safetensors", "write mel [n_mels,3000] and encoder_out [1500,d_model] of the first window, and tokens"},
};

constexpr OptionSpec kTts[] = {
    {"voice", 0, "PATH", "a Hugging Face VITS / MMS-TTS folder, or a Piper voice's .onnx (its .onnx.json beside it)"},
    {"text", 0, "TEXT", "a text to speak (repeatable; each is one utterance)"},
    {"speaker", 0, "N", "the speaker of a multi-speaker voice (default 0)"},
    {"noise-scale", 0, "X", "the prior's noise (default: the voice's)"},
    {"noise-scale-duration", 0, "X", "the duration predictor's noise, Piper's noise_w (default: the voice's)"},
    {"length-scale", 0, "X", "slower above 1, faster below (default: 1 / the voice's speaking_rate)"},
    {"seed", 0, "N", "the seed of the random draws (default 0)"},
    {"noise", 0, "FILE.safetensors", "use K.noise_duration and K.noise_prior as the draws of the K-th text"},
    {"output", 'o', "OUT.wav", "write the utterances one after the other as a 16-bit WAV"},
    {"dump", 0, "OUT.safetensors", "write K.input_ids, K.durations and K.waveform for the K-th text"},
    {"json", 0, nullptr, "print the utterances with their text, ids, durations and sample counts as JSON"},
};

constexpr OptionSpec kMt[] = {
    {"model", 'm', "DIR", "a Marian (OPUS-MT) or NLLB-200 / M2M100 folder (default: translation.model)"},
    {"from", 'f', "LANG", "source language: ISO 639-1/-3 or an NLLB code (default: translation.source_language)"},
    {"to", 't', "LANG", "target language (default: translation.target_language)"},
    {"text", 0, "TEXT", "a text to translate (repeatable; each is translated on its own unless --batch)"},
    {"batch", 0, nullptr, "translate every --text in one padded batch"},
    {"greedy", 0, nullptr, "greedy search (num_beams 1)"},
    {"beam", 0, "N", "beam search with N beams (default: the model's generation_config.json)"},
    {"max-length", 0, "N", "longest output in tokens, the decoder start token included (default: the model's)"},
    {"max-new-tokens", 0, "N", "at most N generated tokens"},
    {"no-repeat-ngram", 0, "N", "never repeat an n-gram of N tokens (default: the model's)"},
    {"length-penalty", 0, "X", "beam scores are divided by length^X (default: the model's)"},
    {"dump", 0, "OUT.safetensors", "write K.input_ids, K.encoder_out and K.step_logits for the K-th text"},
    {"json", 0, nullptr, "print {\"translations\":[{\"text\",\"ids\",\"score\"}]} as JSON"},
};

constexpr OptionSpec kDevices[] = {
    {"json", 0, nullptr, "print the list as JSON"},
};

constexpr OptionSpec kEngines[] = {
    {"json", 0, nullptr, "print the list as JSON"},
    {"pair", 0, "SRC:TGT", "say which engine and model translation.engine auto uses for a pair, and why (e.g. en:de)"},
    {"voice", 0, "LANG", "say which voice tts.engine auto uses for a language, and why (e.g. de)"},
};

constexpr OptionSpec kConfig[] = {
    {"force", 0, nullptr, "init: overwrite an existing file"},
    {"origin", 0, nullptr, "show: print where each value came from"},
};

constexpr OptionSpec kModels[] = {
    {"json", 0, nullptr, "list, verify: print the result as JSON"},
    {"quiet", 'q', nullptr, "download: no progress bar, one line per finished file"},
    {"force", 0, nullptr, "download: check every file of an installed model and fetch the damaged ones"},
    {"yes", 'y', nullptr, "remove: do not ask (needed when standard input is not a terminal)"},
    {"catalogue", 0, "FILE", "use this model catalogue instead of the built-in one"},
    {"kind", 0, "asr|mt|tts", "list: only models of this kind"},
    {"language", 0, "CODE", "list: only models that hear, translate or speak this language"},
};

constexpr OptionSpec kProfile[] = {
    {"format", 0, "FORMAT", "json, csv, txt or chrome (Perfetto, chrome://tracing); default: from the --output name"},
    {"output", 'o', "FILE", "where to write the profile"},
    {"input", 0, "FILE", "a profile saved as JSON (default: the last profiled run's)"},
    {"command", 0, "NAME", "history: runs of this command, live (default) or translate"},
    {"last", 0, "N", "history: the last N runs (default 10)"},
};

constexpr OptionSpec kHistory[] = {
    {"json", 0, nullptr, "list, show, search: print JSON"},
    {"limit", 0, "N", "list: at most N sessions, newest first (default 50)"},
    {"format", 0, "FORMAT", "export: srt, vtt, json, txt or csv"},
    {"side", 0, "SIDE", "export: source, translation (default) or both"},
    {"output", 'o', "FILE", "export: write here (default: standard output)"},
    {"yes", 'y', nullptr, "delete: do not ask"},
};

constexpr OptionSpec kServe[] = {
    {"bind", 0, "ADDR", "address to listen on (default: server.bind, 127.0.0.1); other machines need an API key"},
    {"port", 'p', "N", "TCP port (default: server.port, 8765)"},
    {"live", 0, nullptr, "also start a live session on the configured devices (stop it with POST /api/v1/live/stop)"},
    {"no-speak", 0, nullptr, "with --live: do not synthesize or play the translation"},
    {"from", 0, "LANG", "source language (default: translation.source_language)"},
    {"to", 0, "LANG", "target language (default: translation.target_language)"},
    {"asr-engine", 0, "NAME", "speech recognition engine (default: asr.engine)"},
    {"mt-engine", 0, "NAME", "translation engine (default: translation.engine)"},
    {"tts-engine", 0, "NAME", "speech synthesis engine (default: tts.engine)"},
    {"voice", 0, "NAME", "synthesis voice (default: tts.voice, else the target language)"},
};

constexpr OptionSpec kServer[] = {
    {"json", 0, nullptr, "list-keys: print JSON"},
};

constexpr OptionSpec kGui[] = {
    {"demo", 0, "FILE", "translate this audio file at once, as if chosen as the input"},
    {"screenshot", 0, "DIR", "with --demo: once the file is done, save each page as a PNG in DIR and exit"},
    {"language", 0, "CODE", "the interface's language for this run: en, de, es, fr, ja (default: View > Language, else the system's)"},
};

constexpr CommandSpec kCommands[] = {
    {"translate", "translate INPUT [--from LANG] [--to LANG] [--output OUT.wav] [--json OUT.json] [--srt OUT.srt] [--stats] [--profile OUT]",
     "translate a recording (WAV, FLAC, Ogg, MP3): recognise, translate and speak it", kTranslate},
    {"live", "live [--from LANG] [--to LANG] [--input-device D] [--output-device D|--no-speak] [--duration S] [--captions OUT.jsonl] [--stats] [--profile OUT] [--serve [--bind ADDR] [--port N]]",
     "translate live: capture, recognise, translate and speak continuously until stopped", kLive},
    {"call", "call --call-audio D --to-call D [--me LANG] [--them LANG] [--mic D] [--to-me D] [--no-speak] [--duration S] [--captions OUT.jsonl] [--stats] [--serve [--bind ADDR] [--port N]]",
     "translate a call both ways: my microphone into their language, spoken into the call; the call's audio into mine, as captions (and speech with --to-me)", kCall},
    {"audio", "audio create-virtual-mic [--name NAME] | audio remove-virtual-mic [--name NAME]",
     "make (or remove) a virtual microphone that call apps can pick to hear the translation", kAudio},
    {"devices", "devices [--json]", "list audio input and output devices", kDevices},
    {"asr", "asr --input FILE [--model DIR] [--language LANG] [--task transcribe|translate] [--no-timestamps] [--no-suppress] [--greedy] [--beam-size N] [--no-fallback] [--no-loop-guard] [--max-new-tokens N] [--dump OUT.safetensors]",
     "recognise a recording with Whisper and print the transcript, segments and timings as JSON", kAsr},
    {"mt", "mt --model DIR --from LANG --to LANG --text T [--text T ...] [--greedy | --beam N] [--max-length N] [--no-repeat-ngram N] [--dump OUT.safetensors] [--json]",
     "translate texts with a Marian (OPUS-MT) or NLLB-200 model and print the translations, token ids and scores", kMt},
    {"tts", "tts --voice PATH --text T [--text T ...] [--speaker N] [--noise-scale X] [--noise-scale-duration X] [--length-scale X] [--seed N] [--noise FILE.safetensors] [--output OUT.wav] [--dump OUT.safetensors] [--json]",
     "speak texts with a VITS voice (Hugging Face / MMS-TTS folder, or Piper .onnx); write a WAV, the probe's tensors or JSON", kTts},
    {"bench", "bench capture [--input-device D] [--duration S] [--json] | bench asr [--model DIR | --size NAME] [--json] | bench mt [--model DIR | --size opus-mt|nllb-600m] [--threads N] [--runs N] [--json] | bench call --speech FILE --mic-feed D --call-feed D --call-audio D --to-call D [--mic D] [--to-me D] [--repeats N] [--json] | bench live --speech FILE --feed D --input-device D [--output-device D] [--from LANG] [--to LANG] [--no-speak] [--repeats N] [--json] | bench make-model [--kind whisper|mt|tts] --size NAME --out DIR [--fp16] [--tokenizer DIR]",
     "measure the capture path, a call's latency both ways or a live session's, Whisper's or a translation model's speed and memory; write a random-weight Whisper or translation folder", kBench},
    {"engines", "engines [--json] [--pair SRC:TGT]", "list recognition, translation and speech engines and whether each works here; or how a pair is translated",
     kEngines},
    {"config", "config show [--origin] | config check [FILE] | config init [FILE] [--force]",
     "print the effective configuration, validate a file, or write a commented default", kConfig},
    {"models",
     "models list [--json] | models download ID... [--quiet] | models verify [ID...] [--json] | "
     "models remove ID [--yes] | models path ID",
     "list, download (with resume), verify and remove the neural models (models.endpoint, models.dir)", kModels},
    {"profile", "profile export [--input FILE] [--format json|csv|txt|chrome] --output FILE | profile history [--command live|translate] [--last N]",
     "write the last run's profile (or a saved one) as JSON, CSV, a text table or a Chrome trace; or list the last runs with what changed", kProfile},
    {"history",
     "history list [--limit N] [--json] | history show ID [--json] | history search TEXT [--json] | "
     "history delete ID --yes | history export ID --format srt|vtt|json|txt|csv [--side source|translation|both] [--output FILE]",
     "the sessions kept in the history database (storage.database): list, read, search, delete, export", kHistory},
    {"serve", "serve [--bind ADDR] [--port N] [--live [--no-speak]] [--from LANG] [--to LANG]",
     "run the HTTP and WebSocket API headless (health, metrics, translate, transcribe, speak, history, live captions) until SIGTERM", kServe},
    {"server", "server add-key NAME | server list-keys [--json] | server revoke-key ID",
     "manage the API keys the server requires (stored hashed in server.keys_file)", kServer},
    {"gui", "gui [--demo FILE [--screenshot DIR]] [--language CODE]", "start the desktop application (also the default with no command)", kGui},
};

const CommandSpec *findCommand(const QString &name) {
  for (const CommandSpec &c : kCommands)
    if (name == QLatin1String(c.name))
      return &c;
  return nullptr;
}

const OptionSpec *findOption(std::span<const OptionSpec> options, const QString &name, bool isShort) {
  for (const OptionSpec &o : options) {
    if (isShort ? (o.shortName != 0 && name == QChar::fromLatin1(o.shortName)) : name == QLatin1String(o.name))
      return &o;
  }
  return nullptr;
}

Error usage(const QString &message) { return makeError(ErrorKind::Usage, message); }

void applyGlobal(Invocation &inv, const QString &name, const QString &value) {
  if (name == QLatin1String("config"))
    inv.global.configFile = value;
  else if (name == QLatin1String("set"))
    inv.global.overrides << value;
  else if (name == QLatin1String("log-format"))
    inv.global.logFormat = value;
  else if (name == QLatin1String("log-level"))
    inv.global.logLevel = value;
  else if (name == QLatin1String("log-file"))
    inv.global.logFile = value;
  else if (name == QLatin1String("help"))
    inv.help = true;
  else if (name == QLatin1String("version"))
    inv.command = inv.command.isEmpty() ? QStringLiteral("version") : inv.command;
}

QString formatOptions(std::span<const OptionSpec> options) {
  QString out;
  for (const OptionSpec &o : options) {
    QString left = QStringLiteral("  ");
    left += o.shortName ? QStringLiteral("-%1, ").arg(QChar::fromLatin1(o.shortName)) : QStringLiteral("    ");
    left += QStringLiteral("--") + QLatin1String(o.name);
    if (o.valueName)
      left += QLatin1Char(' ') + QLatin1String(o.valueName);
    out += left.leftJustified(34) + QLatin1Char(' ') + QLatin1String(o.description) + QLatin1Char('\n');
  }
  return out;
}

} // namespace

QStringList subcommands() {
  QStringList out;
  for (const CommandSpec &c : kCommands)
    out << QLatin1String(c.name);
  return out;
}

Result<Invocation> parseCommandLine(const QStringList &arguments) {
  Invocation inv;
  const CommandSpec *command = nullptr;
  bool onlyPositional = false;
  for (int i = 0; i < arguments.size(); ++i) {
    const QString &arg = arguments.at(i);
    if (onlyPositional || !arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-")) {
      if (!command && inv.command != QLatin1String("version")) {
        if (arg == QLatin1String("help")) {
          inv.help = true;
          continue;
        }
        command = findCommand(arg);
        if (!command)
          return usage(QStringLiteral("unknown command '%1'; commands: %2 (see dragoman --help)")
                           .arg(arg, subcommands().join(QStringLiteral(", "))));
        inv.command = arg;
      } else {
        inv.positional << arg;
      }
      continue;
    }
    if (arg == QLatin1String("--")) {
      onlyPositional = true;
      continue;
    }
    const bool isShort = !arg.startsWith(QLatin1String("--"));
    QString name = arg.mid(isShort ? 1 : 2);
    QString value;
    bool hasInlineValue = false;
    if (const qsizetype eq = name.indexOf(QLatin1Char('=')); !isShort && eq >= 0) {
      value = name.mid(eq + 1);
      name = name.left(eq);
      hasInlineValue = true;
    }
    const OptionSpec *spec = command ? findOption(command->options, name, isShort) : nullptr;
    const bool global = spec == nullptr;
    if (!spec)
      spec = findOption(kGlobal, name, isShort);
    if (!spec)
      return usage(QStringLiteral("unknown option '%1'%2 (see dragoman %3--help)")
                       .arg(arg, command ? QStringLiteral(" for '%1'").arg(QLatin1String(command->name)) : QString(),
                            command ? QLatin1String(command->name) + QLatin1Char(' ') : QString()));
    if (spec->valueName && !hasInlineValue) {
      if (i + 1 >= arguments.size())
        return usage(QStringLiteral("option --%1 needs a value (%2)")
                         .arg(QLatin1String(spec->name), QLatin1String(spec->valueName)));
      value = arguments.at(++i);
    } else if (!spec->valueName && hasInlineValue) {
      return usage(QStringLiteral("option --%1 takes no value").arg(QLatin1String(spec->name)));
    }
    const QString longName = QLatin1String(spec->name);
    if (global)
      applyGlobal(inv, longName, value);
    else if (spec->valueName) {
      inv.values.insert(longName, value);
      inv.repeated[longName].append(value);
    }
    else
      inv.flags << longName;
  }
  return inv;
}

QString helpText(const QString &commandName) {
  QString out;
  QTextStream s(&out);
  if (const CommandSpec *c = findCommand(commandName)) {
    s << "Usage: dragoman [GLOBAL OPTIONS] " << c->usage << "\n\n" << c->summary << ".\n";
    if (!c->options.empty())
      s << "\nOptions:\n" << formatOptions(c->options);
    s << "\nGlobal options:\n" << formatOptions(kGlobal);
    return out;
  }
  s << "Dragoman: live speech translation on a local GPU.\n\n"
    << "Usage: dragoman [GLOBAL OPTIONS] [COMMAND] [OPTIONS]\n"
    << "With no command, the desktop application starts.\n\nCommands:\n";
  for (const CommandSpec &c : kCommands)
    s << "  " << QString::fromLatin1(c.name).leftJustified(11) << c.summary << "\n";
  s << "\nUsage of each command:\n";
  for (const CommandSpec &c : kCommands)
    s << "  dragoman " << c.usage << "\n";
  s << "\nGlobal options:\n" << formatOptions(kGlobal);
  s << "\nEvery configuration key can also be set as DRAGOMAN_<SECTION>_<KEY> in the environment;\n"
    << "the command line wins over the environment, which wins over the file (dragoman config show --origin).\n";
  s << "\nExit codes:\n"
    << "  " << ExitOk << "    success\n"
    << "  " << ExitFailure << "    internal error\n"
    << "  " << ExitUsage << "    wrong command line\n"
    << "  " << ExitConfig << "    invalid configuration\n"
    << "  " << ExitInput << "    missing, unreadable or corrupt input\n"
    << "  " << ExitUnsupported << "    engine not available or language pair not supported\n"
    << "  " << ExitOutput << "    an output file could not be written\n"
    << "  " << ExitInterrupted << "  interrupted (SIGINT or SIGTERM); no partial output is left\n";
  s << "\nRun 'dragoman COMMAND --help' for the options of one command.\n";
  return out;
}

int exitCodeFor(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::Internal: return ExitFailure;
  case ErrorKind::Usage: return ExitUsage;
  case ErrorKind::Config: return ExitConfig;
  case ErrorKind::Input: return ExitInput;
  case ErrorKind::Unsupported:
  case ErrorKind::EngineUnavailable: return ExitUnsupported;
  case ErrorKind::Output: return ExitOutput;
  case ErrorKind::Cancelled: return ExitInterrupted;
  }
  return ExitFailure;
}

} // namespace dragoman::cli
