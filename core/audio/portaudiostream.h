#pragma once
// Internal to core/audio: opening a mono float32 PortAudio stream, the same way for capture and
// playback. The only header that includes portaudio.h; included by .cpp files of this folder only.

#include "core/audio/devicefinder.h"
#include "core/common/spscring.h"

#include <portaudio.h>

#include <cmath>
#include <memory>
#include <mutex>

namespace dragoman::audio {

struct OpenedStream {
  PaStream *stream = nullptr;
  int sampleRate = 0; // the setup's rate, or the device's own when it refused that
};

// Opens (does not start) the stream; falls back to the device's default rate when the device
// refuses the setup's rate. Errors name the device, the rate and the fix.
Result<OpenedStream> openMonoStream(const StreamSetup &setup, bool input, int framesPerBuffer,
                                    PaStreamCallback *callback, void *userData);

// "pulse:NAME" names a PulseAudio sink (output) or source (input) through the ALSA pulse plugin's
// device "pulse": libpulse reads PULSE_SINK / PULSE_SOURCE when the stream's connection is made,
// so this sets it only while the stream opens, under one process-wide lock, and restores it. Two
// streams of one process (a call's microphone and the call's audio) can each name their own, and
// "default" keeps meaning the server's default. Any other name passes through untouched.
class PulseDeviceScope {
public:
  PulseDeviceScope(const StreamParams &params, bool input);
  ~PulseDeviceScope();
  PulseDeviceScope(const PulseDeviceScope &) = delete;
  PulseDeviceScope &operator=(const PulseDeviceScope &) = delete;
  const StreamParams &params() const { return m_params; } // device "pulse" for a "pulse:NAME"
  bool named() const { return !m_variable.isEmpty(); }

private:
  StreamParams m_params;
  std::unique_lock<std::mutex> m_lock;
  QByteArray m_variable, m_previous;
  bool m_hadPrevious = false;
};

// Opens the stream of a capture or playback Impl (members session, setup, stream, ring, and
// static callback/finished functions) and sizes its ring for params.ringSeconds at the final rate.
template <typename Impl> Status openStreamInto(Impl &impl, const StreamParams &params, bool input) {
  if (const Status st = impl.session.status(); !st)
    return st;
  const PulseDeviceScope pulse(params, input);
  Result<StreamSetup> setup = chooseStreamSetup(pulse.params(), input);
  if (!setup)
    return setup.error();
  if (pulse.named())
    setup->deviceName = params.device;
  impl.setup = *setup;
  Result<OpenedStream> opened = openMonoStream(*setup, input, params.framesPerBuffer, &Impl::callback, &impl);
  if (!opened)
    return opened.error();
  impl.stream = opened->stream;
  impl.setup.sampleRate = opened->sampleRate;
  const double seconds = params.ringSeconds > 0.0 ? params.ringSeconds : 4.0;
  impl.ring = std::make_unique<SpscRing<float>>(static_cast<std::size_t>(std::ceil(seconds * impl.setup.sampleRate)));
  Pa_SetStreamFinishedCallback(impl.stream, &Impl::finished);
  return Status::success();
}

} // namespace dragoman::audio
