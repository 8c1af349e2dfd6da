#pragma once
// Finding a PortAudio device by what a person typed, and keeping PortAudio initialised while it is used.

#include "core/common/result.h"

#include <QString>

namespace dragoman::audio {

// What a capture or playback stream asks for.
struct StreamParams {
  QString device = QStringLiteral("default"); // see findDevice()
  int sampleRate = 0;                         // 0: the device's default rate
  int framesPerBuffer = 320;                  // per callback; 0 lets PortAudio choose
  double ringSeconds = 4.0;                   // ring buffer between the callback and its consumer
};

// A device and format that PortAudio accepts for a mono float32 stream.
struct StreamSetup {
  int device = -1;
  QString deviceName;
  int sampleRate = 0;
  double suggestedLatency = 0.0;
};

// Initialises PortAudio for its lifetime (PortAudio counts nested sessions), with ALSA's and JACK's
// probe messages kept off stderr. Everything that calls Pa_* holds one.
class PortAudioSession {
public:
  PortAudioSession();
  ~PortAudioSession();
  PortAudioSession(const PortAudioSession &) = delete;
  PortAudioSession &operator=(const PortAudioSession &) = delete;

  bool ok() const { return m_error == 0; }
  // Ok, or EngineUnavailable naming PortAudio's reason.
  Status status() const;

private:
  int m_error = 0; // PaError
};

// Resolves a device spec to a PortAudio device index for input (capture) or output (playback):
//  - "" or "default": the default device of that direction;
//  - a number: that PortAudio index, if it has channels in that direction;
//  - a name: the exact name first, then a case-insensitive substring; ambiguous or unknown names give
//    an error listing the candidates or the available devices.
// Call it while a PortAudioSession is alive.
Result<int> findDevice(const QString &spec, bool input);

// Finds the device and a sample rate it accepts for mono float32: the requested rate, else the
// device's default rate (never an error for a rate mismatch; the consumer resamples). Needs a session.
Result<StreamSetup> chooseStreamSetup(const StreamParams &params, bool input);

// The PortAudio name of a device index (empty when out of range). Needs a live session.
QString deviceName(int index);

} // namespace dragoman::audio
