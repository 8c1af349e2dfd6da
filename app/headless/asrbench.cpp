// dragoman bench asr | bench make-model: Whisper's encoder time per 30-second window, decoder time
// per token, real-time factor and peak memory, on a real folder or a random-weight one of a known
// size (speed does not depend on the weights' values).
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/asrbench.h"
#include "app/headless/headless.h"
#include "core/config/config.h"
#include "core/inference/neural/modelerror.h"
#include "core/inference/torch/whisper/bench.h"
#include "core/inference/torch/whisper/randommodel.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace dragoman::headless {
namespace {

namespace tw = torchrt::whisper;

Result<tw::ModelShape> shapeOption(const cli::Invocation &inv) {
  const QString name = inv.value(QStringLiteral("size"), QStringLiteral("tiny"));
  const auto shape = tw::shapeByName(name.toStdString());
  if (!shape) {
    QStringList names;
    for (const tw::ModelShape &s : tw::knownShapes())
      names << QString::fromStdString(s.name);
    return makeError(ErrorKind::Usage, QStringLiteral("unknown --size '%1'; known: %2").arg(name, names.join(QStringLiteral(", "))));
  }
  return *shape;
}

int intValue(const cli::Invocation &inv, const char *name, int fallback) {
  bool ok = true;
  const int v = inv.value(QLatin1String(name)).toInt(&ok);
  return ok && v > 0 ? v : fallback;
}

} // namespace

int runMakeModel(const cli::Invocation &inv) {
  Result<tw::ModelShape> shape = shapeOption(inv);
  if (!shape)
    return reportError(shape.error());
  const QString out = inv.value(QStringLiteral("out"));
  if (out.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("make-model needs --out DIR")));
  try {
    tw::writeRandomModel(out.toStdString(), *shape, static_cast<unsigned long long>(intValue(inv, "seed", 1)),
                         inv.flag(QStringLiteral("fp16")));
  } catch (...) {
    Error e = currentExceptionToError(QStringLiteral("make-model: "));
    e.kind = ErrorKind::Output;
    return reportError(e);
  }
  std::printf("wrote %s: random-weight whisper %s (%.1f M parameters); it has no tokenizer: copy a "
              "multilingual.tiktoken or tokenizer.json into it to decode text\n",
              qUtf8Printable(out), shape->name.c_str(), double(shape->parameters()) / 1e6);
  return cli::ExitOk;
}

int runAsrBench(const cli::Invocation &inv) {
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global, {});
  if (!context)
    return reportError(context.error());
  const config::Config &c = (*context)->config();
  tw::BenchOptions o;
  o.runtime = torchrt::RuntimeOptions{c.inference.device.toStdString(), c.inference.dtype.toStdString(), c.inference.threads};
  o.tokens = intValue(inv, "tokens", 64);
  o.beams = intValue(inv, "beams", 1);
  o.windows = intValue(inv, "windows", 5);
  QString folder = inv.value(QStringLiteral("model"));
  QString label = folder;
  try {
    if (folder.isEmpty()) {
      Result<tw::ModelShape> shape = shapeOption(inv);
      if (!shape)
        return reportError(shape.error());
      // Random weights, written once into the cache and reused.
      folder = QDir(config::cacheDir()).filePath(QStringLiteral("bench/whisper-%1-random").arg(QString::fromStdString(shape->name)));
      if (!QFileInfo::exists(folder + QStringLiteral("/model.safetensors")))
        tw::writeRandomModel(folder.toStdString(), *shape, 1, false);
      label = QStringLiteral("random-weight whisper %1").arg(QString::fromStdString(shape->name));
    }
    o.folder = folder.toStdString();
    const tw::BenchResult r = tw::benchWhisper(o);
    const QJsonObject json{
        {QStringLiteral("model"), label},
        {QStringLiteral("device"), QString::fromStdString(r.device)},
        {QStringLiteral("dtype"), QString::fromStdString(r.dtype)},
        {QStringLiteral("threads"), r.threads},
        {QStringLiteral("decoder_threads"), r.decoderThreads},
        {QStringLiteral("load_ms"), r.loadMs},
        {QStringLiteral("weight_mib"), double(r.weightBytes) / 1048576.0},
        {QStringLiteral("encoder_ms"), r.encoderMsMedian},
        {QStringLiteral("encoder_ms_min"), r.encoderMsMin},
        {QStringLiteral("encoder_ms_max"), r.encoderMsMax},
        {QStringLiteral("decoder_ms_per_token"), r.decoderMsPerTokenMedian},
        {QStringLiteral("decoder_ms_per_token_min"), r.decoderMsPerTokenMin},
        {QStringLiteral("decoder_ms_per_token_max"), r.decoderMsPerTokenMax},
        {QStringLiteral("decoder_rows"), o.beams},
        {QStringLiteral("tokens"), o.tokens},
        {QStringLiteral("prompt_ms"), r.promptMs},
        {QStringLiteral("real_time_factor"), r.realTimeFactor},
        {QStringLiteral("peak_rss_mib"), double(r.peakRssBytes) / 1048576.0}};
    if (inv.flag(QStringLiteral("json"))) {
      std::fputs(QJsonDocument(json).toJson(QJsonDocument::Compact).constData(), stdout);
      std::fputs("\n", stdout);
    } else {
      std::printf("model          %s\nruntime        %s %s, %d intra-op thread(s), %d decoder thread(s)\nload           %.0f ms, weights %.1f MiB\n"
                  "encoder        %.1f ms per 30 s window (min %.1f, max %.1f)\n"
                  "decoder        %.2f ms per token, %d row(s) (min %.2f, max %.2f); prompt %.1f ms\n"
                  "real time      %.3f (encoder + prompt + %d tokens, per 30 s)\npeak memory    %.1f MiB resident\n",
                  qUtf8Printable(label), r.device.c_str(), r.dtype.c_str(), r.threads, r.decoderThreads, r.loadMs,
                  double(r.weightBytes) / 1048576.0, r.encoderMsMedian, r.encoderMsMin, r.encoderMsMax,
                  r.decoderMsPerTokenMedian, o.beams, r.decoderMsPerTokenMin, r.decoderMsPerTokenMax, r.promptMs,
                  r.realTimeFactor, o.tokens, double(r.peakRssBytes) / 1048576.0);
    }
    return cli::ExitOk;
  } catch (...) {
    return reportError(currentExceptionToError(QStringLiteral("bench asr: ")));
  }
}

} // namespace dragoman::headless
