// dragoman tts: a VITS voice speaking the texts given on the command line. A Hugging Face VITS /
// MMS-TTS folder reads each text as one utterance; a Piper voice (NAME.onnx beside NAME.onnx.json)
// splits it into sentences as piper-phonemize does, each sentence one utterance. Also the probe
// that external checks use: --noise injects the Gaussian draws of utterance K, --dump writes each
// utterance's ids, frames per id and waveform, --json prints them with the phonemes.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/headless.h"
#include "app/headless/probeutil.h"
#include "core/audio/audiofile.h"
#include "core/inference/neural/modelerror.h"
#include "core/inference/neural/neuraltranslator.h"
#include "core/inference/system/espeakphonemizer.h"
#include "core/inference/torch/runtime/safetensors.h"
#include "core/inference/torch/vits/synthesizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace dragoman::headless {
namespace {

namespace tv = torchrt::vits;

Result<std::optional<double>> numberOption(const cli::Invocation &inv, const char *name) {
  if (!inv.values.contains(QLatin1String(name)))
    return std::optional<double>();
  bool ok = false;
  const double v = inv.value(QLatin1String(name)).toDouble(&ok);
  if (!ok || v < 0)
    return makeError(ErrorKind::Usage, QStringLiteral("--%1 needs a number of at least 0").arg(QLatin1String(name)));
  return std::optional<double>(v);
}

Status writeDump(const QString &path, const std::vector<tv::Utterance> &utterances) {
  try {
    std::vector<torchrt::TensorData> tensors;
    for (std::size_t k = 0; k < utterances.size(); ++k) {
      const tv::Utterance &u = utterances[k];
      const std::string key = std::to_string(k);
      const std::vector<std::int64_t> ids(u.ids.begin(), u.ids.end()), frames(u.frames.begin(), u.frames.end());
      tensors.push_back({key + ".input_ids", torchrt::DType::I64, {std::int64_t(ids.size())}, bytesOf(ids)});
      tensors.push_back({key + ".durations", torchrt::DType::I64, {std::int64_t(frames.size())}, bytesOf(frames)});
      tensors.push_back({key + ".waveform", torchrt::DType::F32, {std::int64_t(u.waveform.size())}, bytesOf(u.waveform)});
    }
    torchrt::writeSafetensors(path.toStdString(), tensors, {{"producer", "dragoman tts --dump"}});
    return {};
  } catch (...) {
    Error e = currentExceptionToError(QStringLiteral("--dump: "));
    e.kind = ErrorKind::Output;
    return e;
  }
}

QJsonArray numbers(const std::vector<long long> &values) {
  QJsonArray out;
  for (long long v : values)
    out.append(double(v));
  return out;
}

} // namespace

int runTts(const cli::Invocation &inv) {
  const QStringList texts = inv.all(QStringLiteral("text")) + inv.positional;
  if (texts.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("tts needs at least one --text TEXT")));
  for (const QString &t : texts)
    if (t.contains(QChar::ReplacementCharacter))
      return reportError(makeError(ErrorKind::Input, QStringLiteral("--text is not valid UTF-8: \"%1\"").arg(t.left(40))));
  const QString voice = inv.value(QStringLiteral("voice"));
  if (voice.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("tts needs --voice PATH (a VITS folder or a Piper .onnx)")));
  tv::SpeechOptions options;
  const std::pair<const char *, std::optional<double> *> scales[] = {
      {"noise-scale", &options.noiseScale}, {"noise-scale-duration", &options.noiseScaleDuration}, {"length-scale", &options.lengthScale}};
  for (const auto &[name, target] : scales) {
    Result<std::optional<double>> v = numberOption(inv, name);
    if (!v)
      return reportError(v.error());
    *target = *v;
  }
  if (options.lengthScale && *options.lengthScale <= 0)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--length-scale must be above 0")));
  if (inv.values.contains(QStringLiteral("seed"))) {
    Result<int> seed = intOption(inv, "seed", 0);
    if (!seed)
      return reportError(seed.error());
    options.seed = static_cast<std::uint64_t>(*seed);
  }
  options.noiseFile = inv.value(QStringLiteral("noise")).toStdString();
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global, {});
  if (!context)
    return reportError(context.error());
  const config::Config &c = (*context)->config();
  try {
    const torchrt::RuntimeOptions runtime{c.inference.device.toStdString(), c.inference.dtype.toStdString(), c.inference.threads};
    std::unique_ptr<tv::Synthesizer> synthesizer = tv::Synthesizer::load(voice.toStdString(), runtime);
    const tv::VoiceReport &r = synthesizer->report();
    if (inv.values.contains(QStringLiteral("speaker"))) {
      // A number, or a name of the voice's speaker_id_map.
      const QString given = inv.value(QStringLiteral("speaker"));
      bool isNumber = false;
      const int number = given.toInt(&isNumber);
      const auto named = r.speakerNames.find(given.toStdString());
      if (!isNumber && named == r.speakerNames.end())
        return reportError(makeError(ErrorKind::Usage, QStringLiteral("--speaker %1: not a speaker number nor a name of the voice's speaker_id_map").arg(given)));
      options.speaker = isNumber ? number : named->second;
      if (options.speaker < 0 || options.speaker >= r.speakers)
        return reportError(makeError(ErrorKind::Usage, QStringLiteral("--speaker %1: the voice has %2 speaker(s), numbered 0 to %3")
                                                           .arg(given).arg(r.speakers).arg(r.speakers - 1)));
    }
    std::vector<tv::Utterance> utterances;
    std::vector<std::size_t> samples; // per utterance (waveforms are dropped once written unless --dump)
    QStringList phonemes;             // Piper: each utterance's phonemes
    // The WAV file is written utterance by utterance: a long text needs memory for one sentence.
    std::unique_ptr<audio::WavWriter> wav;
    if (inv.values.contains(QStringLiteral("output"))) {
      Result<std::unique_ptr<audio::WavWriter>> opened = audio::WavWriter::open(inv.value(QStringLiteral("output")), r.sampleRate);
      if (!opened)
        return reportError(opened.error());
      wav = std::move(opened).value();
    }
    const bool keepWaveforms = inv.values.contains(QStringLiteral("dump"));
    auto spoken = [&](tv::Utterance u) -> Status {
      samples.push_back(u.waveform.size());
      if (wav)
        if (Status st = wav->append(u.waveform.data(), u.waveform.size()); !st)
          return st;
      if (!keepWaveforms)
        std::vector<float>().swap(u.waveform);
      utterances.push_back(std::move(u));
      return Status::success();
    };
    for (int k = 0; k < texts.size(); ++k) {
      if (r.format != "piper") {
        // One utterance, as VitsTokenizer reads a text; one too long for the model is spoken
        // sentence by sentence instead.
        QStringList parts{texts[k]};
        if (synthesizer->encode(texts[k].toStdString()).size() > std::size_t(tv::Synthesizer::maxIds())) {
          parts = splitSentences(texts[k]).sentences;
          std::fprintf(stderr, "dragoman tts: warning: text %d is longer than the voice reads at once (%d ids); spoken as %d sentences\n", k,
                       tv::Synthesizer::maxIds(), int(parts.size()));
        }
        for (const QString &part : std::as_const(parts)) {
          if (Status st = spoken(synthesizer->speak(part.toStdString(), options, static_cast<int>(utterances.size()))); !st)
            return reportError(st.error());
          if (utterances.back().ids.empty())
            std::fprintf(stderr, "dragoman tts: warning: text %d has no character the voice can say; it gives no audio\n", k);
        }
        continue;
      }
      Result<PiperPhonemes> p = phonemizeForPiper(texts[k], QString::fromStdString(r.language));
      if (!p)
        return reportError(p.error());
      if (p->sentences.empty())
        std::fprintf(stderr, "dragoman tts: warning: text %d has nothing the voice can say; it gives no audio\n", k);
      for (const PiperSentence &sentence : p->sentences) {
        const PiperIds mapped = piperPhonemeIds(sentence.codePoints, r.phonemeIdMap);
        for (const auto &[phoneme, count] : mapped.missing)
          std::fprintf(stderr, "dragoman tts: warning: phoneme \"%s\" (%d×) is not in the voice's map; skipped\n", phoneme.c_str(), count);
        tv::Utterance u = synthesizer->speakIds(mapped.ids, options, static_cast<int>(utterances.size()));
        u.text = sentence.phonemes.toStdString();
        phonemes << sentence.phonemes;
        if (Status st = spoken(std::move(u)); !st)
          return reportError(st.error());
      }
    }
    if (inv.values.contains(QStringLiteral("dump")))
      if (Status s = writeDump(inv.value(QStringLiteral("dump")), utterances); !s)
        return reportError(s.error());
    if (wav)
      if (Status st = wav->finish(); !st)
        return reportError(st.error());
    if (!inv.flag(QStringLiteral("json")))
      return cli::ExitOk;
    QJsonArray list;
    for (std::size_t k = 0; k < utterances.size(); ++k) {
      const tv::Utterance &u = utterances[k];
      QJsonObject o{{QStringLiteral("text"), QString::fromStdString(u.text)},
                    {QStringLiteral("ids"), numbers(u.ids)},
                    {QStringLiteral("durations"), numbers(u.frames)},
                    {QStringLiteral("samples"), double(samples[k])}};
      if (k < std::size_t(phonemes.size()))
        o.insert(QStringLiteral("phonemes"), phonemes[qsizetype(k)]);
      list.append(o);
    }
    const QJsonObject doc{{QStringLiteral("sentences"), list},
                          {QStringLiteral("sample_rate"), r.sampleRate},
                          {QStringLiteral("speaker"), options.speaker},
                          {QStringLiteral("voice"), QJsonObject{{QStringLiteral("path"), voice},
                                                                {QStringLiteral("format"), QString::fromStdString(r.format)},
                                                                {QStringLiteral("language"), QString::fromStdString(r.language)},
                                                                {QStringLiteral("device"), QString::fromStdString(r.device)},
                                                                {QStringLiteral("dtype"), QString::fromStdString(r.dtype)},
                                                                {QStringLiteral("speakers"), r.speakers},
                                                                {QStringLiteral("load_ms"), r.loadMs}}}};
    std::fputs(QJsonDocument(doc).toJson(QJsonDocument::Indented).constData(), stdout);
    return cli::ExitOk;
  } catch (...) {
    return reportError(currentExceptionToError(QStringLiteral("tts: ")));
  }
}

} // namespace dragoman::headless
