#include "core/inference/engineregistry.h"
#include "core/inference/speechlevel.h"

namespace dragoman {

QString describePairs(const QList<LanguagePair> &pairs) {
  QStringList out;
  for (const LanguagePair &p : pairs)
    out << p.source + QStringLiteral("→") + p.target;
  return out.isEmpty() ? QStringLiteral("none") : out.join(QStringLiteral(", "));
}

void EngineRegistry::addAsr(const QString &name, Probe probe, AsrFactory factory) {
  m_entries.push_back({name, Stage::Asr, std::move(probe), std::move(factory), {}, {}});
}

void EngineRegistry::addTranslator(const QString &name, Probe probe, TranslatorFactory factory) {
  m_entries.push_back({name, Stage::Translation, std::move(probe), {}, std::move(factory), {}});
}

void EngineRegistry::addSynthesizer(const QString &name, Probe probe, SynthFactory factory) {
  m_entries.push_back({name, Stage::Synthesis, std::move(probe), {}, {}, std::move(factory)});
}

QList<EngineInfo> EngineRegistry::engines() const {
  QList<EngineInfo> out;
  for (const Entry &e : m_entries)
    out.append(e.probe());
  return out;
}

const EngineRegistry::Entry *EngineRegistry::find(Stage stage, const QString &name) const {
  for (const Entry &e : m_entries)
    if (e.stage == stage && e.name == name)
      return &e;
  return nullptr;
}

QStringList EngineRegistry::names(Stage stage) const {
  QStringList out;
  for (const Entry &e : m_entries)
    if (e.stage == stage)
      out << e.name;
  return out;
}

Error EngineRegistry::unknownEngine(Stage stage, const QString &name) const {
  return makeError(ErrorKind::EngineUnavailable,
                   QStringLiteral("unknown %1 engine '%2'; known: %3")
                       .arg(stageName(stage), name, names(stage).join(QStringLiteral(", "))));
}

Result<EngineInfo> EngineRegistry::info(Stage stage, const QString &name) const {
  const Entry *e = find(stage, name);
  if (!e)
    return unknownEngine(stage, name);
  return e->probe();
}

Result<std::unique_ptr<IAsrEngine>> EngineRegistry::createAsr(const AsrParams &params) const {
  const Entry *e = find(Stage::Asr, params.engine);
  if (!e)
    return unknownEngine(Stage::Asr, params.engine);
  return e->asr(params);
}

Result<std::unique_ptr<ITranslator>> EngineRegistry::createTranslator(const TranslatorParams &params) const {
  const Entry *e = find(Stage::Translation, params.engine);
  if (!e)
    return unknownEngine(Stage::Translation, params.engine);
  return e->translator(params);
}

Result<std::unique_ptr<ISynthesizer>> EngineRegistry::createSynthesizer(const SynthParams &params) const {
  const Entry *e = find(Stage::Synthesis, params.engine);
  if (!e)
    return unknownEngine(Stage::Synthesis, params.engine);
  Result<std::unique_ptr<ISynthesizer>> engine = e->synth(params);
  if (!engine)
    return engine;
  return levelled(std::move(engine).value(), SpeechLevel{params.levelDb, params.volume});
}

namespace {

Status checkAvailable(const Result<EngineInfo> &info) {
  if (!info)
    return info.error();
  if (!info->available)
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("%1 engine '%2' is not available: %3")
                         .arg(stageName(info->stage), info->name, info->reason));
  return Status::success();
}

QString listLanguages(const QStringList &languages) {
  return languages.isEmpty() ? QStringLiteral("none") : languages.join(QStringLiteral(", "));
}

} // namespace

Status EngineRegistry::checkJob(const AsrParams &asr, const TranslatorParams &mt, const SynthParams *tts) const {
  const Result<EngineInfo> asrInfo = info(Stage::Asr, asr.engine);
  if (Status s = checkAvailable(asrInfo); !s)
    return s;
  if (!asrInfo->languages.isEmpty() && !asrInfo->languages.contains(asr.language))
    return makeError(ErrorKind::Unsupported, QStringLiteral("ASR engine '%1' does not recognise '%2'; it knows: %3")
                                                 .arg(asr.engine, asr.language, listLanguages(asrInfo->languages)));

  const Result<EngineInfo> mtInfo = info(Stage::Translation, mt.engine);
  if (Status s = checkAvailable(mtInfo); !s)
    return s;
  if (!mtInfo->pairsFromModel && !mtInfo->pairs.contains(LanguagePair{mt.sourceLanguage, mt.targetLanguage}))
    return makeError(ErrorKind::Unsupported,
                     QStringLiteral("translation engine '%1' has no %2→%3 pair on this machine; installed pairs: %4")
                         .arg(mt.engine, mt.sourceLanguage, mt.targetLanguage, describePairs(mtInfo->pairs)));

  if (!tts)
    return Status::success();
  const Result<EngineInfo> ttsInfo = info(Stage::Synthesis, tts->engine);
  if (Status s = checkAvailable(ttsInfo); !s)
    return s;
  if (tts->voice.isEmpty() && !ttsInfo->languages.isEmpty() && !ttsInfo->languages.contains(tts->language))
    return makeError(ErrorKind::Unsupported, QStringLiteral("speech engine '%1' has no voice for '%2'; it speaks: %3")
                                                 .arg(tts->engine, tts->language, listLanguages(ttsInfo->languages)));
  return Status::success();
}

} // namespace dragoman
