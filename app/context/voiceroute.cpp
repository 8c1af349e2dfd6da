#include "app/context/voiceroute.h"

#include "core/inference/system/languagecodes.h"
#include "core/models/modelstore.h"

#include <QDir>
#include <QMap>

namespace dragoman {

namespace {

bool speaks(const models::CatalogueEntry &e, const char *engine, const QString &language) {
  return e.kind == QLatin1String("tts") && e.engine == QLatin1String(engine) && e.languages.contains(language, Qt::CaseInsensitive);
}

// The voice file of a Piper entry: its .onnx, at its repository path under the model folder.
QString piperFile(const VoiceInputs &in, const models::CatalogueEntry &e) {
  for (const QString &f : e.files)
    if (f.endsWith(QLatin1String(".onnx")))
      return QDir(QDir(in.modelsRoot).filePath(e.id)).filePath(f);
  return {};
}

} // namespace

QString voiceKindName(VoiceRoute::Kind kind) {
  switch (kind) {
  case VoiceRoute::Kind::Configured: return QStringLiteral("tts.model");
  case VoiceRoute::Kind::Piper: return QStringLiteral("piper");
  case VoiceRoute::Kind::Mms: return QStringLiteral("mms");
  case VoiceRoute::Kind::Espeak: return QStringLiteral("espeak-ng");
  case VoiceRoute::Kind::None: break;
  }
  return QStringLiteral("none");
}

QString sampleSentence(const QString &language) {
  static const QMap<QString, QString> samples{
      {QStringLiteral("en"), QStringLiteral("Hello! This is how I sound when I translate for you.")},
      {QStringLiteral("es"), QStringLiteral("¡Hola! Así sueno cuando traduzco para ti.")},
      {QStringLiteral("de"), QStringLiteral("Hallo! So klinge ich, wenn ich für dich übersetze.")},
      {QStringLiteral("fr"), QStringLiteral("Bonjour ! Voici ma voix quand je traduis pour vous.")},
      {QStringLiteral("it"), QStringLiteral("Ciao! Ecco come suono quando traduco per te.")},
      {QStringLiteral("pt"), QStringLiteral("Olá! É assim que eu soo quando traduzo para você.")},
      {QStringLiteral("nl"), QStringLiteral("Hallo! Zo klink ik als ik voor je vertaal.")},
      {QStringLiteral("pl"), QStringLiteral("Cześć! Tak brzmię, kiedy tłumaczę dla ciebie.")},
      {QStringLiteral("ru"), QStringLiteral("Привет! Так звучит мой голос, когда я перевожу для вас.")},
      {QStringLiteral("uk"), QStringLiteral("Привіт! Так звучить мій голос, коли я перекладаю для вас.")},
      {QStringLiteral("zh"), QStringLiteral("你好！这是我为你翻译时的声音。")},
      {QStringLiteral("tr"), QStringLiteral("Merhaba! Senin için çeviri yaparken sesim böyle.")},
      {QStringLiteral("sv"), QStringLiteral("Hej! Så här låter jag när jag översätter åt dig.")},
  };
  return samples.value(languages::toIso639_1(language).toLower(), samples.value(QStringLiteral("en")));
}

QList<InstalledVoice> installedVoices(const VoiceInputs &in) {
  const QString language = languages::toIso639_1(in.base.language).toLower();
  QList<InstalledVoice> out;
  for (const models::CatalogueEntry &e : in.catalogue.entries())
    if (e.kind == QLatin1String("tts") && e.languages.contains(language, Qt::CaseInsensitive) && in.installed.contains(e.id))
      out.append(InstalledVoice{e.id, e.description, e.license});
  if (in.espeakLanguages.contains(language, Qt::CaseInsensitive))
    out.append(InstalledVoice{QStringLiteral("espeak-ng"), QStringLiteral("espeak-ng (robotic, offline tier)"), QString()});
  return out;
}

VoiceRoute planVoiceRoute(const VoiceInputs &in) {
  VoiceRoute r;
  const QString language = languages::toIso639_1(in.base.language).toLower();
  r.params = in.base;
  if (!in.base.model.isEmpty()) {
    r.kind = VoiceRoute::Kind::Configured;
    r.params.engine = QStringLiteral("vits");
    r.considered << QStringLiteral("tts.model is set: %1").arg(in.base.model);
    r.summary = QStringLiteral("vits %1 (tts.model)").arg(in.base.model);
    return r;
  }
  if (!in.base.voice.isEmpty()) {
    // tts.voice: an installed voice of the catalogue by id, else an espeak-ng voice name.
    const models::CatalogueEntry *named = in.catalogue.find(in.base.voice);
    if (named && named->kind == QLatin1String("tts") && in.installed.contains(named->id)) {
      const bool piper = named->engine == QLatin1String("piper");
      r.kind = piper ? VoiceRoute::Kind::Piper : VoiceRoute::Kind::Mms;
      r.params.engine = QStringLiteral("vits");
      r.params.model = piper ? piperFile(in, *named) : QDir(in.modelsRoot).filePath(named->id);
      r.params.voice.clear();
      r.voiceId = named->id;
      r.license = named->license;
      r.considered << QStringLiteral("tts.voice names the installed voice %1 (licence: %2)").arg(named->id, named->license);
      r.summary = QStringLiteral("%1 %2 (tts.voice)").arg(piper ? QStringLiteral("piper") : QStringLiteral("mms"), named->id);
      return r;
    }
    if (named)
      r.considered << QStringLiteral("tts.voice names %1, which is not installed").arg(named->id);
    if (!named && !in.espeakLanguages.isEmpty()) {
      r.kind = VoiceRoute::Kind::Espeak;
      r.params.engine = QStringLiteral("espeak-ng");
      r.considered << QStringLiteral("tts.voice '%1' is not a catalogue voice: the espeak-ng voice of that name").arg(in.base.voice);
      r.summary = QStringLiteral("espeak-ng voice %1 (tts.voice)").arg(in.base.voice);
      return r;
    }
    r.params.voice.clear();
  }
  // Installed first, in catalogue order; every other voice for the language would serve.
  auto pick = [&](const char *engine) -> const models::CatalogueEntry * {
    const models::CatalogueEntry *chosen = nullptr;
    for (const models::CatalogueEntry &e : in.catalogue.entries()) {
      if (!speaks(e, engine, language))
        continue;
      if (in.installed.contains(e.id)) {
        if (chosen == nullptr)
          chosen = &e;
      } else if (!r.wouldServe.contains(e.id)) {
        r.wouldServe << e.id;
      }
    }
    return chosen;
  };
  if (const models::CatalogueEntry *piper = pick("piper")) {
    r.kind = VoiceRoute::Kind::Piper;
    r.params.engine = QStringLiteral("vits");
    r.params.model = piperFile(in, *piper);
    r.voiceId = piper->id;
    r.license = piper->license;
    r.considered << QStringLiteral("Piper voice %1 speaks '%2' (licence: %3)").arg(piper->id, language, piper->license);
    r.summary = QStringLiteral("piper %1").arg(piper->id);
    return r;
  }
  r.considered << QStringLiteral("no Piper voice for '%1' is installed").arg(language);
  if (const models::CatalogueEntry *mms = pick("vits")) {
    r.kind = VoiceRoute::Kind::Mms;
    r.params.engine = QStringLiteral("vits");
    r.params.model = QDir(in.modelsRoot).filePath(mms->id);
    r.voiceId = mms->id;
    r.license = mms->license;
    r.considered << QStringLiteral("MMS-TTS voice %1 speaks '%2' (licence: %3)").arg(mms->id, language, mms->license);
    r.summary = QStringLiteral("mms %1").arg(mms->id);
    return r;
  }
  r.considered << QStringLiteral("no MMS-TTS voice for '%1' is installed").arg(language);
  if (in.espeakLanguages.contains(language, Qt::CaseInsensitive)) {
    r.kind = VoiceRoute::Kind::Espeak;
    r.params.engine = QStringLiteral("espeak-ng");
    r.considered << QStringLiteral("espeak-ng speaks '%1' (the offline tier)").arg(language);
    r.summary = r.wouldServe.isEmpty() ? QStringLiteral("espeak-ng (offline tier)")
                                       : QStringLiteral("espeak-ng (offline tier); a natural voice: dragoman models download %1")
                                             .arg(r.wouldServe.front());
    return r;
  }
  r.considered << QStringLiteral("espeak-ng has no '%1' voice here").arg(language);
  r.summary = r.wouldServe.isEmpty()
                  ? QStringLiteral("no installed engine or known voice speaks '%1'").arg(language)
                  : QStringLiteral("no installed voice speaks '%1'; download one: dragoman models download %2").arg(language, r.wouldServe.front());
  return r;
}

Result<VoiceInputs> voiceInputsHere(const EngineRegistry &registry, const QString &modelsRoot, const SynthParams &params) {
  Result<models::Catalogue> catalogue = models::Catalogue::builtIn();
  if (!catalogue)
    return catalogue.error();
  VoiceInputs in{params, *catalogue, {}, modelsRoot, {}};
  const models::ModelStore store(modelsRoot);
  for (const models::CatalogueEntry &e : catalogue->entries())
    if (e.kind == QLatin1String("tts") && store.inspect(e.id).state == models::ModelState::Installed)
      in.installed.insert(e.id);
  if (Result<EngineInfo> espeak = registry.info(Stage::Synthesis, QStringLiteral("espeak-ng")); espeak && espeak->available)
    in.espeakLanguages = espeak->languages;
  return in;
}

void registerAutoSynthesizer(EngineRegistry &registry, const QString &modelsRoot) {
  const EngineRegistry *engines = &registry;
  registry.addSynthesizer(
      QStringLiteral("auto"),
      [] {
        EngineInfo info;
        info.name = QStringLiteral("auto");
        info.stage = Stage::Synthesis;
        info.description = QStringLiteral("the best installed voice per language: a Piper voice, an MMS-TTS voice, then espeak-ng "
                                          "(`dragoman engines --voice de` says which)");
        info.available = true;
        return info;
      },
      [engines, modelsRoot](const SynthParams &params) -> Result<std::unique_ptr<ISynthesizer>> {
        Result<VoiceInputs> in = voiceInputsHere(*engines, modelsRoot, params);
        if (!in)
          return in.error();
        const VoiceRoute route = planVoiceRoute(*in);
        if (route.kind == VoiceRoute::Kind::None)
          return makeError(ErrorKind::Unsupported, route.summary);
        SynthParams chosen = route.params;
        chosen.levelDb = 0; // the registry levels what "auto" returns, once
        chosen.volume = 1.0;
        return engines->createSynthesizer(chosen);
      });
}

} // namespace dragoman
