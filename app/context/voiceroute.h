#pragma once
// tts.engine auto: which voice speaks the target language on this machine. In order: tts.model set
// by hand; an installed Piper voice for the language (the catalogue's first for it wins); an
// installed MMS-TTS voice; espeak-ng when it has the language; else an error naming the voices that
// would serve it and the command that downloads one.

#include "core/inference/engineregistry.h"
#include "core/models/catalogue.h"

#include <QSet>
#include <QString>
#include <QStringList>

namespace dragoman {

struct VoiceRoute {
  enum class Kind { Configured, Piper, Mms, Espeak, None };
  Kind kind = Kind::None;
  SynthParams params;     // engine and model to create; valid unless kind is None
  QString voiceId;        // the catalogue id chosen (Piper / MMS)
  QString license;        // its licence as the catalogue states it
  QString summary;        // one line: what speaks the language
  QStringList considered; // each option tried, in order, and why it was or was not taken
  QStringList wouldServe; // catalogue ids that would speak the language once downloaded
};

struct VoiceInputs {
  SynthParams base; // language, runtime, rate…; engine "auto"
  models::Catalogue catalogue;
  QSet<QString> installed; // catalogue ids installed in the models folder
  QString modelsRoot;
  QStringList espeakLanguages; // empty when espeak-ng is not available
};

VoiceRoute planVoiceRoute(const VoiceInputs &inputs);
Result<VoiceInputs> voiceInputsHere(const EngineRegistry &registry, const QString &modelsRoot, const SynthParams &params);
// Registers the "auto" synthesizer on `registry` (which must outlive the engines it makes).
void registerAutoSynthesizer(EngineRegistry &registry, const QString &modelsRoot);
QString voiceKindName(VoiceRoute::Kind kind);

// A short sentence in the language for voice previews; the English one for languages without one.
QString sampleSentence(const QString &language);

// The voices that can speak `language` here: installed catalogue voices (id, description,
// licence) in catalogue order, then espeak-ng (id "espeak-ng") when it has the language.
struct InstalledVoice {
  QString id, description, license;
};
QList<InstalledVoice> installedVoices(const VoiceInputs &inputs);

} // namespace dragoman
