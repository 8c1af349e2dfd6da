#include "core/audio/devices.h"

#include <alsa/asoundlib.h>
#include <fcntl.h>
#include <portaudio.h>
#include <unistd.h>

namespace dragoman::audio {
namespace {

// ALSA reports every probe of a missing card on stderr; the list says what exists instead.
void quietAlsa(const char *, int, const char *, int, const char *, ...) {}

// JACK's client library prints to stderr when no JACK server runs; PortAudio offers no hook for it,
// so stderr points at /dev/null while PortAudio probes its host APIs.
class StderrSilencer {
public:
  StderrSilencer() : m_saved(::dup(STDERR_FILENO)) {
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (m_saved >= 0 && null >= 0)
      ::dup2(null, STDERR_FILENO);
    if (null >= 0)
      ::close(null);
  }
  ~StderrSilencer() {
    if (m_saved >= 0) {
      ::dup2(m_saved, STDERR_FILENO);
      ::close(m_saved);
    }
  }
  StderrSilencer(const StderrSilencer &) = delete;
  StderrSilencer &operator=(const StderrSilencer &) = delete;

private:
  int m_saved;
};

class PortAudioSession {
public:
  PortAudioSession() {
    snd_lib_error_set_handler(quietAlsa);
    const StderrSilencer quiet;
    m_error = Pa_Initialize();
  }
  ~PortAudioSession() {
    if (m_error == paNoError)
      Pa_Terminate();
    snd_lib_error_set_handler(nullptr);
  }
  PortAudioSession(const PortAudioSession &) = delete;
  PortAudioSession &operator=(const PortAudioSession &) = delete;
  PaError error() const { return m_error; }

private:
  PaError m_error = paNoError;
};

} // namespace

Result<QList<DeviceInfo>> listDevices() {
  PortAudioSession session;
  if (session.error() != paNoError)
    return makeError(ErrorKind::EngineUnavailable, QStringLiteral("audio system unavailable: %1")
                                                       .arg(QString::fromUtf8(Pa_GetErrorText(session.error()))));
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
