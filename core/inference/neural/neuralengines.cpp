#include "core/inference/neural/neuralengines.h"

#include "core/inference/engineregistry.h"
#include "core/inference/neural/whisperasr.h"

namespace dragoman {

void registerNeuralEngines(EngineRegistry &registry) {
  registry.addAsr(QStringLiteral("whisper"), [] { return WhisperAsr::probe(); },
                  [](const AsrParams &p) { return WhisperAsr::create(p); });
}

} // namespace dragoman
