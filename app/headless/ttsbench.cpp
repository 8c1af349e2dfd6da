// dragoman bench tts: VITS speed and memory on a real voice (--voice: a Piper .onnx or a VITS
// folder) or a random-weight network of a known size (--size: piper-x-low, piper-low, piper-medium,
// piper-high, mms): time and real-time factor for three sentence lengths, time to first audio (the
// first sentence of a three-sentence text, as streaming plays it), load time, peak memory. The
// sentences' ids are printed with --json, so that tests/benchmarks/tts_ort.mjs runs ONNX Runtime on
// the same voice and ids beside it.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/headless.h"
#include "app/headless/probeutil.h"
#include "app/headless/ttsbench.h"
#include "core/config/config.h"
#include "core/inference/neural/modelerror.h"
#include "core/inference/system/espeakphonemizer.h"
#include "core/inference/torch/vits/bench.h"
#include "core/inference/torch/vits/synthesizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace dragoman::headless {
namespace {

namespace tv = torchrt::vits;

// Short, medium and long sentences, then the first sentence of a three-sentence text (ten words).
const char *const kSentences[] = {
    "Good morning.",
    "The meeting has been moved to Thursday afternoon at three.",
    "If the weather stays this warm, we could take the whole team outside for lunch and finish the planning there.",
};
const char *const kFirstSentence = "Please send me the report before the meeting starts this afternoon.";
const int kRandomLengths[] = {31, 87, 143}; // ids with blanks, as those sentences give a Piper voice
constexpr int kRandomFirstLength = 121;

// Ids as the voice gets them from text: Piper through eSpeak NG, a VITS folder through its tokenizer.
Result<std::vector<long long>> idsOf(const tv::Synthesizer &voice, const QString &text) {
  const tv::VoiceReport &r = voice.report();
  if (r.format != "piper")
    return voice.speak(text.toStdString(), {}).ids;
  Result<PiperPhonemes> p = phonemizeForPiper(text, QString::fromStdString(r.language));
  if (!p)
    return p.error();
  std::vector<long long> ids;
  for (const PiperSentence &s : p->sentences) { // one sentence each; joined if eSpeak splits it
    const PiperIds mapped = piperPhonemeIds(s.codePoints, r.phonemeIdMap);
    ids.insert(ids.end(), mapped.ids.begin(), mapped.ids.end());
  }
  return ids;
}

std::vector<long long> syntheticIds(int length, int vocab) {
  std::vector<long long> ids(static_cast<std::size_t>(length));
  for (int i = 0; i < length; ++i)
    ids[static_cast<std::size_t>(i)] = i % 2 == 0 ? 0 : 1 + (i * 7) % std::max(1, vocab - 1); // blanks between
  return ids;
}

QJsonObject timingJson(const torchrt::Timing &t) {
  return QJsonObject{{QStringLiteral("median"), t.median}, {QStringLiteral("min"), t.min}, {QStringLiteral("max"), t.max}};
}

} // namespace

int runTtsBench(const cli::Invocation &inv) {
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global, {});
  if (!context)
    return reportError(context.error());
  const config::Config &c = (*context)->config();
  Result<int> threads = intOption(inv, "threads", 1, c.inference.threads);
  Result<int> runs = intOption(inv, "runs", 1, 5);
  for (const Result<int> *r : {&threads, &runs})
    if (!*r)
      return reportError(r->error());
  tv::TtsBenchOptions o;
  o.runtime = torchrt::RuntimeOptions{c.inference.device.toStdString(), c.inference.dtype.toStdString(), *threads};
  o.runs = *runs;
  o.voice = inv.value(QStringLiteral("voice")).toStdString();
  o.size = inv.value(QStringLiteral("size"), QStringLiteral("piper-medium")).toStdString();
  try {
    if (!o.voice.empty()) {
      // The ids from a first load of the voice, gone before the measured one.
      const std::unique_ptr<tv::Synthesizer> voice = tv::Synthesizer::load(o.voice, o.runtime);
      for (const char *text : kSentences) {
        Result<std::vector<long long>> ids = idsOf(*voice, QString::fromUtf8(text));
        if (!ids)
          return reportError(ids.error());
        o.sentences.push_back(*ids);
      }
      Result<std::vector<long long>> first = idsOf(*voice, QString::fromUtf8(kFirstSentence));
      if (!first)
        return reportError(first.error());
      o.firstSentence = *first;
    } else {
      const int vocab = o.size == "mms" ? 38 : 256;
      for (int length : kRandomLengths)
        o.sentences.push_back(syntheticIds(length, vocab));
      o.firstSentence = syntheticIds(kRandomFirstLength, vocab);
    }
    const tv::TtsBenchResult r = tv::benchVits(o);
    if (inv.flag(QStringLiteral("json"))) {
      QJsonArray sentences;
      for (std::size_t i = 0; i < r.sentences.size(); ++i) {
        const tv::TtsSentenceTiming &s = r.sentences[i];
        QJsonArray ids;
        for (long long id : o.sentences[i])
          ids.append(qint64(id));
        sentences.append(QJsonObject{{QStringLiteral("ids"), s.ids},
                                     {QStringLiteral("samples"), double(s.samples)},
                                     {QStringLiteral("audio_s"), s.audioSeconds},
                                     {QStringLiteral("ms"), timingJson(s.ms)},
                                     {QStringLiteral("rtf"), s.realTimeFactor},
                                     {QStringLiteral("first_piece_ms"), timingJson(s.firstPieceMs)},
                                     {QStringLiteral("input_ids"), ids}});
      }
      const QJsonObject j{{QStringLiteral("engine"), QStringLiteral("dragoman")},
                          {QStringLiteral("voice"), QString::fromStdString(r.voice)},
                          {QStringLiteral("format"), QString::fromStdString(r.format)},
                          {QStringLiteral("device"), QString::fromStdString(r.device)},
                          {QStringLiteral("dtype"), QString::fromStdString(r.dtype)},
                          {QStringLiteral("threads"), *threads},
                          {QStringLiteral("intra_op_threads"), r.threads},
                          {QStringLiteral("blas_threads"), r.blasThreads},
                          {QStringLiteral("sample_rate"), r.sampleRate},
                          {QStringLiteral("load_ms"), r.loadMs},
                          {QStringLiteral("weight_mib"), r.weightMib},
                          {QStringLiteral("sentences"), sentences},
                          {QStringLiteral("first_audio_ms"), timingJson(r.firstAudioMs)},
                          {QStringLiteral("first_sentence_ids"), int(o.firstSentence.size())},
                          {QStringLiteral("peak_rss_mib"), double(r.peakRssBytes) / 1048576.0}};
      std::fputs(QJsonDocument(j).toJson(QJsonDocument::Compact).constData(), stdout);
      std::fputs("\n", stdout);
      return cli::ExitOk;
    }
    std::printf("voice                        %s (%s)\nruntime                      %s %s, %d thread(s)\n"
                "load                         %.0f ms%s\n",
                r.voice.c_str(), r.format.c_str(), r.device.c_str(), r.dtype.c_str(), *threads, r.loadMs,
                r.weightMib > 0 ? qUtf8Printable(QStringLiteral(", random weights %1 MiB").arg(r.weightMib, 0, 'f', 1)) : "");
    for (const tv::TtsSentenceTiming &s : r.sentences)
      std::printf("%3d ids, %5.2f s of audio     %7.1f ms  (min %.1f, max %.1f)  real-time factor %.3f  streamed: first %.1f s in %.1f ms\n",
                  s.ids, s.audioSeconds, s.ms.median, s.ms.min, s.ms.max, s.realTimeFactor, tv::kFirstPieceSeconds, s.firstPieceMs.median);
    std::printf("first sentence (%3zu ids)     %7.1f ms to its audio (min %.1f, max %.1f)\n", o.firstSentence.size(),
                r.firstAudioMs.median, r.firstAudioMs.min, r.firstAudioMs.max);
    std::printf("peak memory                  %7.1f MiB resident\n", double(r.peakRssBytes) / 1048576.0);
    return cli::ExitOk;
  } catch (...) {
    return reportError(currentExceptionToError(QStringLiteral("bench tts: ")));
  }
}

int runTtsMakeModel(const cli::Invocation &inv) {
  const QString out = inv.value(QStringLiteral("out"));
  if (out.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("make-model needs --out DIR")));
  const QString size = inv.value(QStringLiteral("size"), QStringLiteral("piper-medium"));
  QStringList known;
  for (const std::string &k : tv::knownVoiceSizes())
    known << QString::fromStdString(k);
  if (!known.contains(size))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("unknown voice size '%1'; known: %2").arg(size, known.join(QStringLiteral(", ")))));
  bool ok = true;
  const qlonglong seed = inv.value(QStringLiteral("seed"), QStringLiteral("1")).toLongLong(&ok);
  if (!ok || seed < 0)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--seed needs a whole number of 0 or more")));
  try {
    tv::writeRandomVoice(out.toStdString(), size.toStdString(), static_cast<unsigned long long>(seed), 3);
  } catch (...) {
    Error e = currentExceptionToError(QStringLiteral("make-model: "));
    e.kind = ErrorKind::Output;
    return reportError(e);
  }
  std::printf("wrote %s: a random-weight %s VITS voice (Hugging Face folder; characters, each spoken for 3 frames): "
              "tts.engine vits with tts.model %s speaks with it\n",
              qUtf8Printable(out), qUtf8Printable(size), qUtf8Printable(out));
  return cli::ExitOk;
}

} // namespace dragoman::headless
