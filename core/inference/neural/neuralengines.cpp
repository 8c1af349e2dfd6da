#include "core/inference/neural/neuralengines.h"

#include "core/inference/engineregistry.h"
#include "core/inference/neural/neuraltranslator.h"
#include "core/inference/neural/vitssynthesizer.h"
#include "core/inference/neural/whisperasr.h"

namespace dragoman {

void registerNeuralEngines(EngineRegistry &registry) {
  // One set of loaded Whisper models for every recogniser this registry makes (a call's two directions).
  auto whisperModels = std::make_shared<WhisperModels>();
  registry.addAsr(QStringLiteral("whisper"), [] { return WhisperAsr::probe(); },
                  [whisperModels](const AsrParams &p) { return WhisperAsr::create(p, *whisperModels); });
  // One set of loaded translation models for every translator this registry makes.
  auto models = std::make_shared<TranslationModels>();
  for (const QString &name : {QStringLiteral("marian"), QStringLiteral("nllb"), QStringLiteral("m2m100")})
    registry.addTranslator(name, [name] { return NeuralTranslator::probe(name); },
                           [models](const TranslatorParams &p) { return NeuralTranslator::create(p, *models); });
  registry.addSynthesizer(QStringLiteral("vits"), [] { return VitsSynthesizer::probe(); },
                          [](const SynthParams &p) { return VitsSynthesizer::create(p); });
}

} // namespace dragoman
