#pragma once
// Audio device enumeration through PortAudio.

#include "core/common/result.h"

#include <QList>
#include <QString>

namespace dragoman::audio {

struct DeviceInfo {
  int index = -1;
  QString name;
  QString hostApi;
  int maxInputChannels = 0;
  int maxOutputChannels = 0;
  double defaultSampleRate = 0.0;
  bool isDefaultInput = false;
  bool isDefaultOutput = false;
};

// Initialises PortAudio for the call, lists every device, and terminates it again.
Result<QList<DeviceInfo>> listDevices();

} // namespace dragoman::audio
