// dragoman engines | devices | --version
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/translationroute.h"
#include "app/context/voiceroute.h"
#include "app/headless/headless.h"
#include "core/common/logging.h"
#include "core/audio/devices.h"
#include "core/audio/pulsedevices.h"
#include "core/inference/torch/runtime/runtime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <dragoman/version.h>

#include <cstdio>

namespace dragoman::headless {
namespace {

void print(const QString &text) {
  std::fputs(qUtf8Printable(text), stdout);
  std::fflush(stdout);
}

QJsonObject engineJson(const EngineInfo &e) {
  QJsonArray pairs;
  for (const LanguagePair &p : e.pairs)
    pairs.append(QJsonObject{{QStringLiteral("source"), p.source}, {QStringLiteral("target"), p.target}});
  QJsonObject o{{QStringLiteral("name"), e.name},
                {QStringLiteral("stage"), stageName(e.stage)},
                {QStringLiteral("description"), e.description},
                {QStringLiteral("available"), e.available},
                {QStringLiteral("offline_tier"), e.offlineTier},
                {QStringLiteral("languages"), QJsonArray::fromStringList(e.languages)},
                {QStringLiteral("pairs"), pairs}};
  if (!e.available)
    o.insert(QStringLiteral("reason"), e.reason);
  return o;
}

} // namespace

int reportError(const Error &error) {
  logging::printToStderr(QStringLiteral("dragoman: error: ") + error.message);
  return cli::exitCodeFor(error.kind);
}

namespace {

// What an automatic choice took for `what` and why, as `engines --pair` and `--voice` print it.
void printChoice(const QString &what, const QString &summary, const QStringList &considered, const QStringList &alsoServe) {
  QString out;
  QTextStream s(&out);
  s << what << ": " << summary << '\n';
  for (const QString &line : considered)
    s << "  - " << line << '\n';
  if (!alsoServe.isEmpty())
    s << "  not installed, would also serve: " << alsoServe.join(QStringLiteral(", ")) << '\n';
  print(out);
}

// dragoman engines --pair en:de: what translation.engine auto would use, and why.
int printRoute(const AppContext &context, const QString &pairText, bool json) {
  const QStringList parts = pairText.split(QLatin1Char(':'));
  if (parts.size() != 2 || parts[0].isEmpty() || parts[1].isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--pair needs SOURCE:TARGET, e.g. en:de, not '%1'").arg(pairText)));
  TranslatorParams params = context.translatorParams();
  params.engine = QStringLiteral("auto");
  params.sourceLanguage = parts[0].trimmed().toLower();
  params.targetLanguage = parts[1].trimmed().toLower();
  Result<RouteInputs> inputs = routeInputsHere(context.engines(), config::modelsDir(context.config().models), params);
  if (!inputs)
    return reportError(inputs.error());
  const TranslationRoute route = planTranslationRoute(*inputs);
  const bool served = !route.steps.isEmpty();
  if (json) {
    QJsonArray steps;
    for (const TranslatorParams &p : route.steps)
      steps.append(QJsonObject{{QStringLiteral("engine"), p.engine},
                               {QStringLiteral("model"), p.model},
                               {QStringLiteral("source_language"), p.sourceLanguage},
                               {QStringLiteral("target_language"), p.targetLanguage}});
    print(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("pair"), params.sourceLanguage + QLatin1Char(':') + params.targetLanguage},
                                                      {QStringLiteral("served"), served},
                                                      {QStringLiteral("route"), routeKindName(route.kind)},
                                                      {QStringLiteral("summary"), route.summary},
                                                      {QStringLiteral("steps"), steps},
                                                      {QStringLiteral("considered"), QJsonArray::fromStringList(route.considered)},
                                                      {QStringLiteral("would_serve"), QJsonArray::fromStringList(route.wouldServe)}})
                                .toJson(QJsonDocument::Indented)));
  } else {
    printChoice(params.sourceLanguage + QStringLiteral("→") + params.targetLanguage, route.summary, route.considered,
                served ? route.wouldServe : QStringList());
  }
  return served ? cli::ExitOk : cli::ExitUnsupported;
}

// dragoman engines --voice de: what tts.engine auto would use, and why.
int printVoiceRoute(const AppContext &context, const QString &language, bool json) {
  if (language.trimmed().isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--voice needs a language code, e.g. de")));
  SynthParams params = context.synthParams();
  params.engine = QStringLiteral("auto");
  params.language = language.trimmed().toLower();
  params.model.clear(); // what auto would pick among installed voices
  Result<VoiceInputs> inputs = voiceInputsHere(context.engines(), config::modelsDir(context.config().models), params);
  if (!inputs)
    return reportError(inputs.error());
  const VoiceRoute route = planVoiceRoute(*inputs);
  const bool served = route.kind != VoiceRoute::Kind::None;
  if (json) {
    print(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("language"), params.language},
                                                      {QStringLiteral("served"), served},
                                                      {QStringLiteral("route"), voiceKindName(route.kind)},
                                                      {QStringLiteral("engine"), served ? route.params.engine : QString()},
                                                      {QStringLiteral("model"), route.params.model},
                                                      {QStringLiteral("voice"), route.voiceId},
                                                      {QStringLiteral("license"), route.license},
                                                      {QStringLiteral("summary"), route.summary},
                                                      {QStringLiteral("considered"), QJsonArray::fromStringList(route.considered)},
                                                      {QStringLiteral("would_serve"), QJsonArray::fromStringList(route.wouldServe)}})
                                .toJson(QJsonDocument::Indented)));
  } else {
    printChoice(params.language, route.summary, route.considered, served ? route.wouldServe : QStringList());
  }
  return served ? cli::ExitOk : cli::ExitUnsupported;
}

} // namespace

int runEngines(const cli::Invocation &inv) {
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global);
  if (!context)
    return reportError(context.error());
  if (inv.values.contains(QStringLiteral("pair")))
    return printRoute(**context, inv.value(QStringLiteral("pair")), inv.flag(QStringLiteral("json")));
  if (inv.values.contains(QStringLiteral("voice")))
    return printVoiceRoute(**context, inv.value(QStringLiteral("voice")), inv.flag(QStringLiteral("json")));
  const QList<EngineInfo> engines = (*context)->engines().engines();
  if (inv.flag(QStringLiteral("json"))) {
    QJsonArray list;
    for (const EngineInfo &e : engines)
      list.append(engineJson(e));
    print(QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
    return cli::ExitOk;
  }
  QString out;
  QTextStream s(&out);
  for (const EngineInfo &e : engines) {
    s << stageName(e.stage).leftJustified(12) << e.name.leftJustified(14)
      << (e.available ? QStringLiteral("available") : QStringLiteral("unavailable")).leftJustified(12)
      << e.description << '\n';
    if (!e.available)
      s << QString(26, QLatin1Char(' ')) << "why: " << e.reason << '\n';
    else if (!e.pairs.isEmpty())
      s << QString(38, QLatin1Char(' ')) << "pairs: " << describePairs(e.pairs) << '\n';
    else if (!e.languages.isEmpty() && e.languages.size() <= 40)
      s << QString(38, QLatin1Char(' ')) << "languages: " << e.languages.join(QStringLiteral(", ")) << '\n';
    else if (!e.languages.isEmpty())
      s << QString(38, QLatin1Char(' ')) << "languages: " << e.languages.size() << " (" << e.languages.mid(0, 12).join(QStringLiteral(", "))
        << ", …; --json lists them all)" << '\n';
  }
  print(out);
  return cli::ExitOk;
}

int runDevices(const cli::Invocation &inv) {
  Result<QList<audio::DeviceInfo>> devices = audio::listDevices();
  if (!devices)
    return reportError(devices.error());
  // PulseAudio's own sinks and sources, when a server runs: usable as "pulse:NAME", and the
  // monitors among them capture what the PC plays.
  const Result<QList<audio::PulseNode>> pulse = audio::listPulseNodes();
  const QList<audio::PulseNode> nodes = pulse ? *pulse : QList<audio::PulseNode>();
  if (inv.flag(QStringLiteral("json"))) {
    QJsonArray list;
    for (const audio::DeviceInfo &d : *devices)
      list.append(QJsonObject{{QStringLiteral("index"), d.index},
                              {QStringLiteral("name"), d.name},
                              {QStringLiteral("host_api"), d.hostApi},
                              {QStringLiteral("input_channels"), d.maxInputChannels},
                              {QStringLiteral("output_channels"), d.maxOutputChannels},
                              {QStringLiteral("default_sample_rate"), d.defaultSampleRate},
                              {QStringLiteral("default_input"), d.isDefaultInput},
                              {QStringLiteral("default_output"), d.isDefaultOutput}});
    for (const audio::PulseNode &n : nodes)
      list.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("pulse:") + n.name},
                              {QStringLiteral("host_api"), QStringLiteral("PulseAudio")},
                              {QStringLiteral("input"), n.isSource},
                              {QStringLiteral("output"), !n.isSource},
                              {QStringLiteral("monitor"), n.isMonitor}});
    print(QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
    return cli::ExitOk;
  }
  QString out;
  QTextStream s(&out);
  if (devices->isEmpty())
    s << "no PortAudio devices found (no sound card, and no PulseAudio or PipeWire server)\n";
  for (const audio::DeviceInfo &d : *devices) {
    QString marks;
    if (d.isDefaultInput)
      marks += QStringLiteral(" [default input]");
    if (d.isDefaultOutput)
      marks += QStringLiteral(" [default output]");
    s << QString::number(d.index).rightJustified(3) << "  " << d.name << "  (" << d.hostApi << ", in "
      << d.maxInputChannels << ", out " << d.maxOutputChannels << ", " << d.defaultSampleRate << " Hz)" << marks
      << '\n';
  }
  if (!nodes.isEmpty()) {
    s << "\nPulseAudio (pass as pulse:NAME):\n";
    for (const audio::PulseNode &n : nodes)
      s << "     pulse:" << n.name << "  ("
        << (n.isMonitor ? "input: what the PC plays" : n.isSource ? "input" : "output") << ")\n";
  }
  print(out);
  return cli::ExitOk;
}

int printVersion() {
  const torchrt::RuntimeInfo torch = torchrt::runtimeInfo();
  print(QStringLiteral("dragoman %1 (git %2)\nQt %3 (built with %4)\nLibTorch %5, CUDA %6\n")
            .arg(QLatin1String(build::version), QLatin1String(build::gitHash), QLatin1String(qVersion()),
                 QLatin1String(QT_VERSION_STR), QString::fromStdString(torch.libtorchVersion),
                 torch.cudaAvailable ? QStringLiteral("available (%1 device(s))").arg(torch.cudaDeviceCount)
                                     : QStringLiteral("not available")));
  return cli::ExitOk;
}

} // namespace dragoman::headless
