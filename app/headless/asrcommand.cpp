// dragoman asr: Whisper on one recording, the transcript as JSON on stdout. Also the probe that
// external checks use: --dump writes the first window's mel and encoder output and the tokens.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/headless.h"
#include "app/headless/probeutil.h"
#include "core/audio/audiofile.h"
#include "core/audio/resampler.h"
#include "core/inference/neural/modelerror.h"
#include "core/inference/torch/runtime/safetensors.h"
#include "core/inference/torch/whisper/recognizer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstring>

namespace dragoman::headless {
namespace {

namespace tw = torchrt::whisper;

Status writeDump(const QString &path, const tw::WindowDump &w, const std::vector<long long> &tokens) {
  try {
    std::vector<std::int64_t> ids(tokens.begin(), tokens.end());
    torchrt::writeSafetensors(
        path.toStdString(),
        {{"mel", torchrt::DType::F32, {w.melBins, 3000}, bytesOf(w.mel)},
         {"encoder_out", torchrt::DType::F32, {1500, w.dModel}, bytesOf(w.encoder)},
         {"tokens", torchrt::DType::I64, {static_cast<std::int64_t>(ids.size())}, bytesOf(ids)}},
        {{"producer", "dragoman asr --dump"}});
    return {};
  } catch (...) {
    Error e = currentExceptionToError(QStringLiteral("--dump: "));
    e.kind = ErrorKind::Output;
    return e;
  }
}

QJsonObject segmentJson(const tw::Segment &s) {
  QJsonArray tokens;
  for (int t : s.tokens)
    tokens.append(t);
  return QJsonObject{{QStringLiteral("start"), s.start},
                     {QStringLiteral("end"), s.end},
                     {QStringLiteral("text"), QString::fromStdString(s.text)},
                     {QStringLiteral("tokens"), tokens},
                     {QStringLiteral("avg_logprob"), s.avgLogprob},
                     {QStringLiteral("no_speech_prob"), s.noSpeechProb},
                     {QStringLiteral("compression_ratio"), s.compressionRatio},
                     {QStringLiteral("temperature"), s.temperature}};
}

} // namespace

int runAsr(const cli::Invocation &inv) {
  const QString input = inv.value(QStringLiteral("input"), inv.positional.value(0));
  if (input.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("asr needs --input FILE")));
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global, {});
  if (!context)
    return reportError(context.error());
  const config::Config &c = (*context)->config();
  const QString model = inv.value(QStringLiteral("model"), c.asr.model);
  if (model.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("asr needs --model DIR (or asr.model set)")));

  tw::DecodeOptions o;
  o.language = inv.value(QStringLiteral("language")).toStdString();
  if (o.language == "auto")
    o.language.clear();
  const QString task = inv.value(QStringLiteral("task"), c.asr.task);
  if (task != QLatin1String("transcribe") && task != QLatin1String("translate"))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--task is transcribe or translate, not '%1'").arg(task)));
  o.task = task == QLatin1String("translate") ? tw::Task::Translate : tw::Task::Transcribe;
  o.timestamps = !inv.flag(QStringLiteral("no-timestamps"));
  o.beamSize = c.asr.beamSize;
  if (inv.values.contains(QStringLiteral("beam-size"))) {
    Result<int> n = intOption(inv, "beam-size", 1);
    if (!n)
      return reportError(n.error());
    o.beamSize = *n;
  }
  const bool noSuppress = inv.flag(QStringLiteral("no-suppress"));
  if (noSuppress) {
    o.suppressBlank = false;
    o.suppressNonSpeech = false;
  }
  const bool greedy = inv.flag(QStringLiteral("greedy"));
  if (greedy) {
    o.beamSize = 1;
    o.temperatures = {0.0};
  }
  if (inv.flag(QStringLiteral("no-fallback")))
    o.temperatures = {0.0};
  if (inv.flag(QStringLiteral("no-loop-guard")))
    o.loopGuard = false;
  if (inv.values.contains(QStringLiteral("max-new-tokens"))) {
    Result<int> n = intOption(inv, "max-new-tokens", 1);
    if (!n)
      return reportError(n.error());
    o.maxNewTokens = *n;
    o.plainArgmax = noSuppress && greedy; // the reference check: exactly N argmax steps
  }
  o.initialPrompt = inv.value(QStringLiteral("initial-prompt"), c.asr.initialPrompt).toStdString();

  audio::FileInfo info;
  Result<AudioBuffer> audio = audio::readAudioFile(input, &info);
  if (!audio)
    return reportError(audio.error());
  Result<AudioBuffer> mono = audio::resample(*audio, 16000);
  if (!mono)
    return reportError(mono.error());

  try {
    const torchrt::RuntimeOptions runtime{c.inference.device.toStdString(), c.inference.dtype.toStdString(),
                                          c.inference.threads};
    std::unique_ptr<tw::Recognizer> recognizer = tw::Recognizer::load(model.toStdString(), runtime);
    const tw::LoadReport &r = recognizer->report();
    std::atomic_bool abort{false};
    QElapsedTimer timer;
    timer.start();
    const tw::Transcript t = recognizer->transcribe(mono->samples().data(), mono->size(), o, abort);
    const double transcribeMs = double(timer.nsecsElapsed()) / 1e6;
    if (inv.values.contains(QStringLiteral("dump"))) {
      const tw::WindowDump dump = recognizer->dumpFirstWindow(mono->samples().data(), mono->size());
      if (Status s = writeDump(inv.value(QStringLiteral("dump")), dump, t.firstWindowTokens); !s)
        return reportError(s.error());
    }
    QJsonArray segments;
    for (const tw::Segment &s : t.segments)
      segments.append(segmentJson(s));
    QJsonArray firstTokens;
    for (long long id : t.firstWindowTokens)
      firstTokens.append(id);
    const double seconds = mono->durationSeconds();
    const QJsonObject out{
        {QStringLiteral("text"), QString::fromStdString(t.text)},
        {QStringLiteral("language"), QString::fromStdString(t.language)},
        {QStringLiteral("language_probability"), t.languageProbability},
        {QStringLiteral("segments"), segments},
        {QStringLiteral("tokens"), firstTokens},
        {QStringLiteral("repetition_stopped"), t.repetitionStopped},
        {QStringLiteral("warning"), QString::fromStdString(t.warning)},
        {QStringLiteral("windows"), t.windows},
        {QStringLiteral("fallbacks"), t.fallbacks},
        {QStringLiteral("decoded_tokens"), t.decodedTokens},
        {QStringLiteral("model"), QJsonObject{{QStringLiteral("folder"), model},
                                              {QStringLiteral("device"), QString::fromStdString(r.device)},
                                              {QStringLiteral("dtype"), QString::fromStdString(r.dtype)},
                                              {QStringLiteral("load_ms"), r.loadMs},
                                              {QStringLiteral("weight_bytes"), double(r.weightBytes)},
                                              {QStringLiteral("resident_growth_bytes"), double(r.rssGrowthBytes)}}},
        {QStringLiteral("audio_seconds"), seconds},
        {QStringLiteral("transcribe_ms"), transcribeMs},
        {QStringLiteral("real_time_factor"), seconds > 0 ? transcribeMs / 1000.0 / seconds : 0.0}};
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return cli::ExitOk;
  } catch (...) {
    return reportError(currentExceptionToError(QStringLiteral("whisper: ")));
  }
}

} // namespace dragoman::headless
