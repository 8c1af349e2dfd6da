#pragma once
// Debian's engines, the offline tier: they work on a fresh machine with no model downloaded.

namespace dragoman {

class EngineRegistry;

// Registers pocketsphinx (ASR), apertium (MT) and espeak-ng (TTS) with their probes and factories.
void registerSystemEngines(EngineRegistry &registry);

} // namespace dragoman
