#include "core/inference/neural/neuralengines.h"

#include "core/inference/engineregistry.h"
#include "core/inference/neural/neuraltranslator.h"
#include "core/inference/neural/vitssynthesizer.h"
#include "core/inference/neural/whisperasr.h"

namespace dragoman {

void registerNeuralEngines(EngineRegistry &registry) {
  registry.addAsr(QStringLiteral("whisper"), [] { return WhisperAsr::probe(); },
                  [](const AsrParams &p) { return WhisperAsr::create(p); });
  // One set of loaded translation models for every translator this registry makes.
  auto models = std::make_shared<TranslationModels>();
  for (const QString &name : {QStringLiteral("marian"), QStringLiteral("nllb"), QStringLiteral("m2m100")})
    registry.addTranslator(name, [name] { return NeuralTranslator::probe(name); },
                           [models](const TranslatorParams &p) { return NeuralTranslator::create(p, *models); });
  registry.addSynthesizer(QStringLiteral("vits"), [] { return VitsSynthesizer::probe(); },
                          [](const SynthParams &p) { return VitsSynthesizer::create(p); });
}

} // namespace dragoman
