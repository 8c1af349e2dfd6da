// dragoman mt: Marian (OPUS-MT) or NLLB-200 on texts given on the command line. Also the probe
// that external checks use: --json prints the generated ids and scores, --dump writes the encoder
// input and output and the first raw logits of the greedy path.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/headless.h"
#include "app/headless/probeutil.h"
#include "core/inference/neural/modelerror.h"
#include "core/inference/neural/mtlanguages.h"
#include "core/inference/torch/runtime/safetensors.h"
#include "core/inference/torch/seq2seq/translator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstring>

namespace dragoman::headless {
namespace {

namespace ts = torchrt::seq2seq;

Result<ts::GenerateOptions> generateOptions(const cli::Invocation &inv) {
  ts::GenerateOptions o;
  if (inv.flag(QStringLiteral("greedy")) && inv.values.contains(QStringLiteral("beam")))
    return makeError(ErrorKind::Usage, QStringLiteral("--greedy and --beam exclude each other"));
  if (inv.flag(QStringLiteral("greedy")))
    o.numBeams = 1;
  const std::pair<const char *, int *> ints[] = {
      {"beam", &o.numBeams}, {"max-length", &o.maxLength}, {"max-new-tokens", &o.maxNewTokens}, {"no-repeat-ngram", &o.noRepeatNgram}};
  for (const auto &[name, target] : ints) {
    if (!inv.values.contains(QLatin1String(name)))
      continue;
    Result<int> n = intOption(inv, name, std::strcmp(name, "no-repeat-ngram") == 0 ? 0 : 1);
    if (!n)
      return n.error();
    *target = *n;
  }
  if (inv.values.contains(QStringLiteral("length-penalty"))) {
    bool ok = false;
    o.lengthPenalty = inv.value(QStringLiteral("length-penalty")).toDouble(&ok);
    if (!ok)
      return makeError(ErrorKind::Usage, QStringLiteral("--length-penalty needs a number"));
  }
  return o;
}

Status writeDump(const QString &path, const std::vector<ts::StepDump> &dumps) {
  try {
    std::vector<torchrt::TensorData> tensors;
    for (std::size_t k = 0; k < dumps.size(); ++k) {
      const ts::StepDump &d = dumps[k];
      const std::string key = std::to_string(k);
      const std::vector<std::int64_t> ids(d.inputIds.begin(), d.inputIds.end());
      const auto s = static_cast<std::int64_t>(ids.size());
      tensors.push_back({key + ".input_ids", torchrt::DType::I64, {s}, bytesOf(ids)});
      tensors.push_back({key + ".encoder_out", torchrt::DType::F32, {s, d.dModel}, bytesOf(d.encoderOut)});
      tensors.push_back({key + ".step_logits", torchrt::DType::F32, {d.steps, d.vocab}, bytesOf(d.stepLogits)});
    }
    torchrt::writeSafetensors(path.toStdString(), tensors, {{"producer", "dragoman mt --dump"}});
    return {};
  } catch (...) {
    Error e = currentExceptionToError(QStringLiteral("--dump: "));
    e.kind = ErrorKind::Output;
    return e;
  }
}

QJsonArray idsJson(const std::vector<long long> &ids) {
  QJsonArray out;
  for (long long id : ids)
    out.append(double(id));
  return out;
}

} // namespace

int runMt(const cli::Invocation &inv) {
  const QStringList texts = inv.all(QStringLiteral("text")) + inv.positional;
  if (texts.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("mt needs at least one --text TEXT")));
  for (const QString &t : texts)
    if (t.contains(QChar::ReplacementCharacter))
      return reportError(makeError(ErrorKind::Input, QStringLiteral("--text is not valid UTF-8: \"%1\"").arg(t.left(40))));
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global, {});
  if (!context)
    return reportError(context.error());
  const config::Config &c = (*context)->config();
  const QString model = inv.value(QStringLiteral("model"), c.translation.model);
  if (model.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("mt needs --model DIR (or translation.model set)")));
  QString from = inv.value(QStringLiteral("from"), c.translation.sourceLanguage);
  QString to = inv.value(QStringLiteral("to"), c.translation.targetLanguage);
  Result<ts::GenerateOptions> options = generateOptions(inv);
  if (!options)
    return reportError(options.error());
  try {
    const torchrt::RuntimeOptions runtime{c.inference.device.toStdString(), c.inference.dtype.toStdString(), c.inference.threads};
    std::unique_ptr<ts::Translator> translator = ts::Translator::load(model.toStdString(), runtime);
    // A single-pair model's own languages stand in for the configured ones when --from or --to is left out.
    const auto [declaredFrom, declaredTo] = translator->declaredPair();
    if (!inv.values.contains(QStringLiteral("from")) && !declaredFrom.empty())
      from = QString::fromStdString(declaredFrom);
    if (!inv.values.contains(QStringLiteral("to")) && !declaredTo.empty() && translator->languageTokens().empty())
      to = QString::fromStdString(declaredTo);
    Result<MtLanguageTokens> tokens = resolveMtLanguages(*translator, from, to);
    if (!tokens)
      return reportError(tokens.error());
    std::vector<std::string> inputs;
    for (const QString &t : texts)
      inputs.push_back(t.toStdString());
    std::atomic_bool abort{false};
    std::vector<ts::Translation> out;
    if (inv.flag(QStringLiteral("batch"))) {
      out = translator->translate(inputs, tokens->source, tokens->target, *options, abort);
    } else {
      // One text at a time: each result is exactly what the reference computes for that text alone.
      for (const std::string &text : inputs)
        out.push_back(translator->translate({text}, tokens->source, tokens->target, *options, abort).front());
    }
    if (inv.values.contains(QStringLiteral("dump"))) {
      std::vector<ts::StepDump> dumps;
      for (const std::string &text : inputs)
        dumps.push_back(translator->dump(text, tokens->source, tokens->target, *options));
      if (Status s = writeDump(inv.value(QStringLiteral("dump")), dumps); !s)
        return reportError(s.error());
    }
    if (!inv.flag(QStringLiteral("json"))) {
      for (const ts::Translation &t : out)
        std::printf("%s\n", t.text.c_str());
      return cli::ExitOk;
    }
    QJsonArray list;
    for (const ts::Translation &t : out)
      list.append(QJsonObject{{QStringLiteral("text"), QString::fromStdString(t.text)},
                              {QStringLiteral("ids"), idsJson(t.ids)},
                              {QStringLiteral("score"), double(t.score)},
                              {QStringLiteral("input_ids"), idsJson(t.inputIds)}});
    const ts::LoadReport &r = translator->report();
    const QJsonObject doc{{QStringLiteral("translations"), list},
                          {QStringLiteral("model"), QJsonObject{{QStringLiteral("folder"), model},
                                                                {QStringLiteral("family"), QString::fromStdString(r.family)},
                                                                {QStringLiteral("device"), QString::fromStdString(r.device)},
                                                                {QStringLiteral("dtype"), QString::fromStdString(r.dtype)},
                                                                {QStringLiteral("load_ms"), r.loadMs},
                                                                {QStringLiteral("weight_bytes"), double(r.weightBytes)}}}};
    std::fputs(QJsonDocument(doc).toJson(QJsonDocument::Indented).constData(), stdout);
    return cli::ExitOk;
  } catch (...) {
    return reportError(currentExceptionToError(QStringLiteral("mt: ")));
  }
}

} // namespace dragoman::headless
