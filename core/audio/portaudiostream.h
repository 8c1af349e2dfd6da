#pragma once
// Internal to core/audio: opening a mono float32 PortAudio stream, the same way for capture and
// playback. The only header that includes portaudio.h; included by .cpp files of this folder only.

#include "core/audio/devicefinder.h"

#include <portaudio.h>

namespace dragoman::audio {

struct OpenedStream {
  PaStream *stream = nullptr;
  int sampleRate = 0; // the setup's rate, or the device's own when it refused that
};

// Opens (does not start) the stream; falls back to the device's default rate when the device
// refuses the setup's rate. Errors name the device, the rate and the fix.
Result<OpenedStream> openMonoStream(const StreamSetup &setup, bool input, int framesPerBuffer,
                                    PaStreamCallback *callback, void *userData);

} // namespace dragoman::audio
