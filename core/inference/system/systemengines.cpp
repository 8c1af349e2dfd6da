#include "core/inference/system/systemengines.h"

#include "core/inference/engineregistry.h"
#include "core/inference/system/apertiumtranslator.h"
#include "core/inference/system/espeaksynthesizer.h"
#include "core/inference/system/pocketsphinxasr.h"

namespace dragoman {

void registerSystemEngines(EngineRegistry &registry) {
  registry.addAsr(QStringLiteral("pocketsphinx"), [] { return PocketsphinxAsr::probe(QString()); },
                  [](const AsrParams &p) { return PocketsphinxAsr::create(p); });
  registry.addTranslator(QStringLiteral("apertium"), [] { return ApertiumTranslator::probe(); },
                         [](const TranslatorParams &p) { return ApertiumTranslator::create(p); });
  registry.addSynthesizer(QStringLiteral("espeak-ng"), [] { return EspeakSynthesizer::probe(); },
                          [](const SynthParams &p) { return EspeakSynthesizer::create(p); });
}

} // namespace dragoman
