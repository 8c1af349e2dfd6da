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
  QString description; // how call apps list it: "<name>-microphone"
  bool created = false; // false: it existed already
};

Result<VirtualMic> createVirtualMic(const QString &name);
// Returns how many modules were unloaded (0 when there was nothing to remove).
Result<int> removeVirtualMic(const QString &name);

// Capture and playback streams take "pulse:NAME" for a PulseAudio source or sink (`NAME_mic`,
// `NAME_sink` here; a call app's sink monitor): see PulseDeviceScope in portaudiostream.h.

} // namespace dragoman::audio
