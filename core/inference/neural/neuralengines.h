#pragma once
// Registers the LibTorch engines (whisper; marian, nllb, m2m100; vits) with the engine registry. Called from app/context.

namespace dragoman {

class EngineRegistry;

void registerNeuralEngines(EngineRegistry &registry);

} // namespace dragoman
