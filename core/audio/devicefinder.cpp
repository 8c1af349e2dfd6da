#include "core/audio/devicefinder.h"
#include "core/audio/portaudiostream.h"
#include "core/common/logging.h"

#include <alsa/asoundlib.h>
#include <fcntl.h>
#include <portaudio.h>
#include <unistd.h>

#include <QStringList>

#include <atomic>

namespace dragoman::audio {
namespace {

// ALSA reports every probe of a missing card on stderr; the device list says what exists instead.
void quietAlsa(const char *, int, const char *, int, const char *, ...) {}

std::atomic<int> g_sessions{0};

// JACK's client library prints to stderr when no JACK server runs; PortAudio offers no hook for it,
// so stderr points at /dev/null while PortAudio probes its host APIs. The redirection is
// process-wide: it holds logging::stderrMutex() so that other threads' lines wait, not vanish.
class StderrSilencer {
public:
  StderrSilencer() : m_lock(logging::stderrMutex()), m_saved(::dup(STDERR_FILENO)) {
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
  std::lock_guard<std::mutex> m_lock;
  int m_saved;
};

bool hasDirection(const PaDeviceInfo *d, bool input) {
  return d && (input ? d->maxInputChannels : d->maxOutputChannels) > 0;
}

QString direction(bool input) { return input ? QStringLiteral("input") : QStringLiteral("output"); }

QString available(bool input) {
  QStringList names;
  const int count = Pa_GetDeviceCount();
  for (int i = 0; i < count; ++i) {
    const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
    if (hasDirection(d, input))
      names << QStringLiteral("%1 \"%2\"").arg(i).arg(QString::fromUtf8(d->name));
  }
  return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

} // namespace

PortAudioSession::PortAudioSession() {
  if (g_sessions.fetch_add(1) == 0)
    snd_lib_error_set_handler(quietAlsa);
  const StderrSilencer quiet;
  m_error = Pa_Initialize();
}

PortAudioSession::~PortAudioSession() {
  if (m_error == paNoError)
    Pa_Terminate();
  if (g_sessions.fetch_sub(1) == 1)
    snd_lib_error_set_handler(nullptr);
}

Status PortAudioSession::status() const {
  if (m_error == paNoError)
    return Status::success();
  return makeError(ErrorKind::EngineUnavailable,
                   QStringLiteral("audio system unavailable: %1").arg(QString::fromUtf8(Pa_GetErrorText(m_error))));
}

QString deviceName(int index) {
  const PaDeviceInfo *d = index >= 0 && index < Pa_GetDeviceCount() ? Pa_GetDeviceInfo(index) : nullptr;
  return d ? QString::fromUtf8(d->name) : QString();
}

Result<int> findDevice(const QString &spec, bool input) {
  const int count = Pa_GetDeviceCount();
  if (count < 0)
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("cannot list audio devices: %1").arg(QString::fromUtf8(Pa_GetErrorText(count))));
  const QString want = spec.trimmed();

  if (want.isEmpty() || want == QLatin1String("default")) {
    const PaDeviceIndex def = input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
    if (def == paNoDevice || !hasDirection(Pa_GetDeviceInfo(def), input))
      return makeError(ErrorKind::EngineUnavailable,
                       QStringLiteral("no default %1 audio device; available: %2 (see `dragoman devices`)")
                           .arg(direction(input), available(input)));
    return int(def);
  }

  bool isNumber = false;
  const int index = want.toInt(&isNumber);
  if (isNumber) {
    if (index < 0 || index >= count || !hasDirection(Pa_GetDeviceInfo(index), input))
      return makeError(ErrorKind::Input, QStringLiteral("audio device %1 is not an %2 device; available: %3 "
                                                        "(see `dragoman devices`)")
                                             .arg(want, direction(input), available(input)));
    return index;
  }

  QList<int> matches;
  for (int i = 0; i < count; ++i) {
    const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
    if (hasDirection(d, input) && QString::fromUtf8(d->name) == want)
      return i;
  }
  for (int i = 0; i < count; ++i) {
    const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
    if (hasDirection(d, input) && QString::fromUtf8(d->name).contains(want, Qt::CaseInsensitive))
      matches << i;
  }
  if (matches.size() == 1)
    return matches.front();
  if (matches.isEmpty())
    return makeError(ErrorKind::Input, QStringLiteral("no %1 audio device named \"%2\"; available: %3 "
                                                      "(see `dragoman devices`)")
                                           .arg(direction(input), want, available(input)));
  QStringList names;
  for (int i : matches)
    names << QStringLiteral("%1 \"%2\"").arg(i).arg(deviceName(i));
  return makeError(ErrorKind::Input, QStringLiteral("%1 audio device \"%2\" is ambiguous: %3; give the full name or "
                                                    "the number")
                                         .arg(direction(input), want, names.join(QStringLiteral(", "))));
}

Result<StreamSetup> chooseStreamSetup(const StreamParams &params, bool input) {
  Result<int> found = findDevice(params.device, input);
  if (!found)
    return found.error();
  const PaDeviceInfo *d = Pa_GetDeviceInfo(*found);
  StreamSetup setup;
  setup.device = *found;
  setup.deviceName = QString::fromUtf8(d->name);
  setup.suggestedLatency = input ? d->defaultLowInputLatency : d->defaultLowOutputLatency;
  const int deviceRate = static_cast<int>(d->defaultSampleRate);
  setup.sampleRate = params.sampleRate > 0 ? params.sampleRate : deviceRate;

  PaStreamParameters p{};
  p.device = setup.device;
  p.channelCount = 1;
  p.sampleFormat = paFloat32;
  p.suggestedLatency = setup.suggestedLatency;
  const auto supported = [&](int rate) {
    return Pa_IsFormatSupported(input ? &p : nullptr, input ? nullptr : &p, rate) == paFormatIsSupported;
  };
  if (setup.sampleRate != deviceRate && !supported(setup.sampleRate) && deviceRate > 0)
    setup.sampleRate = deviceRate;
  return setup;
}

} // namespace dragoman::audio

namespace dragoman::audio {

Result<OpenedStream> openMonoStream(const StreamSetup &setup, bool input, int framesPerBuffer,
                                    PaStreamCallback *callback, void *userData) {
  PaStreamParameters p{};
  p.device = setup.device;
  p.channelCount = 1;
  p.sampleFormat = paFloat32;
  p.suggestedLatency = setup.suggestedLatency;
  const unsigned long perBuffer =
      framesPerBuffer > 0 ? static_cast<unsigned long>(framesPerBuffer) : paFramesPerBufferUnspecified;
  const PaStreamParameters *in = input ? &p : nullptr;
  const PaStreamParameters *out = input ? nullptr : &p;
  OpenedStream opened{nullptr, setup.sampleRate};
  PaError err = Pa_OpenStream(&opened.stream, in, out, opened.sampleRate, perBuffer, paNoFlag, callback, userData);
  if (err == paInvalidSampleRate) { // the probe said yes but the open says no: use the device's rate
    opened.sampleRate = static_cast<int>(Pa_GetDeviceInfo(setup.device)->defaultSampleRate);
    err = Pa_OpenStream(&opened.stream, in, out, opened.sampleRate, perBuffer, paNoFlag, callback, userData);
  }
  if (err != paNoError)
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("cannot open audio %1 \"%2\" at %3 Hz: %4; check it with `dragoman devices`")
                         .arg(input ? QStringLiteral("input") : QStringLiteral("output"), setup.deviceName)
                         .arg(opened.sampleRate)
                         .arg(QString::fromUtf8(Pa_GetErrorText(err))));
  return opened;
}

} // namespace dragoman::audio

namespace dragoman::audio {

namespace {
std::mutex g_pulseDeviceMutex;
}

PulseDeviceScope::PulseDeviceScope(const StreamParams &params, bool input) : m_params(params) {
  if (!params.device.startsWith(QLatin1String("pulse:")))
    return;
  m_lock = std::unique_lock(g_pulseDeviceMutex);
  m_variable = input ? QByteArrayLiteral("PULSE_SOURCE") : QByteArrayLiteral("PULSE_SINK");
  m_hadPrevious = qEnvironmentVariableIsSet(m_variable.constData());
  m_previous = qgetenv(m_variable.constData());
  qputenv(m_variable.constData(), params.device.mid(6).toUtf8());
  m_params.device = QStringLiteral("pulse");
}

PulseDeviceScope::~PulseDeviceScope() {
  if (m_variable.isEmpty())
    return;
  if (m_hadPrevious)
    qputenv(m_variable.constData(), m_previous);
  else
    qunsetenv(m_variable.constData());
}

} // namespace dragoman::audio
