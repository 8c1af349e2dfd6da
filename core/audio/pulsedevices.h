#pragma once
// PulseAudio (or PipeWire's PulseAudio server) sinks and sources, through pactl. Debian's PortAudio
// has no PulseAudio host API; these names are used as "pulse:NAME" devices (see virtualmic.h).

#include "core/common/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace dragoman::audio {

struct PulseNode {
  QString name;
  bool isSource = false;  // false: a sink (an output)
  bool isMonitor = false; // a sink's monitor: records what the PC plays to that sink
};

struct PactlOutput {
  int exitCode = -1;
  QString out;
  QString err;
};

// Runs pactl with a 10 s limit. Errors: pactl missing, or no sound server to talk to.
Result<PactlOutput> runPactl(const QStringList &args);

// Every sink and source of the running server.
Result<QList<PulseNode>> listPulseNodes();

// Whether this process records from the source `name` (one of its streams is connected to it). A
// recording whose source goes away is moved by the server to the default source, the microphone,
// with nothing said to the program; a capture of a "pulse:NAME" device asks this to notice.
// Errors: pactl missing, no server.
Result<bool> recordingFrom(const QString &name);

} // namespace dragoman::audio
