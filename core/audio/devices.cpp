#include "core/audio/devices.h"

#include "core/audio/devicefinder.h"

#include <portaudio.h>

namespace dragoman::audio {

Result<QList<DeviceInfo>> listDevices() {
  const PortAudioSession session;
  if (const Status st = session.status(); !st)
    return st.error();
  const int count = Pa_GetDeviceCount();
  if (count < 0)
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("cannot list audio devices: %1").arg(QString::fromUtf8(Pa_GetErrorText(count))));
  QList<DeviceInfo> out;
  const PaDeviceIndex defIn = Pa_GetDefaultInputDevice();
  const PaDeviceIndex defOut = Pa_GetDefaultOutputDevice();
  for (int i = 0; i < count; ++i) {
    const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
    if (!d)
      continue;
    const PaHostApiInfo *api = Pa_GetHostApiInfo(d->hostApi);
    out.append(DeviceInfo{i, QString::fromUtf8(d->name), api ? QString::fromUtf8(api->name) : QString(),
                          d->maxInputChannels, d->maxOutputChannels, d->defaultSampleRate, i == defIn,
                          i == defOut});
  }
  return out;
}

} // namespace dragoman::audio
