#pragma once
// A virtual microphone for calls (Linux, PulseAudio or PipeWire's PulseAudio server): a null sink
// that Dragoman speaks into, and a source made from its monitor that call apps (Zoom, Teams, Meet)
// pick as their microphone. Made and removed with pactl.
// Windows: install VB-CABLE and pick "CABLE Input" as Dragoman's output device.
// macOS: install BlackHole and pick "BlackHole 2ch" as Dragoman's output device.

#include "core/common/result.h"

#include <QString>

namespace dragoman::audio {

struct VirtualMic {
  QString sink;   // where Dragoman plays: "<name>_sink"
  QString source; // what call apps record: "<name>_mic"
  bool created = false; // false: it existed already
};

Result<VirtualMic> createVirtualMic(const QString &name);
// Returns how many modules were unloaded (0 when there was nothing to remove).
Result<int> removeVirtualMic(const QString &name);

// Device names of the form "pulse:NAME" pick a PulseAudio sink (output) or source (input) through
// the ALSA pulse plugin: sets PULSE_SINK / PULSE_SOURCE for this process and returns "pulse".
// Any other name is returned unchanged.
QString resolvePulseDevice(const QString &device, bool input);

} // namespace dragoman::audio
