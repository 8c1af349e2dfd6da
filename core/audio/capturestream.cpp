#include "core/audio/capturestream.h"
#include "core/common/threadnames.h"

#include "core/common/spscring.h"

#include "core/audio/portaudiostream.h"

#include <atomic>
#include <cmath>

namespace dragoman::audio {

struct CaptureStream::Impl {
  PortAudioSession session; // first member: PortAudio outlives the stream
  StreamSetup setup;
  PaStream *stream = nullptr;
  std::unique_ptr<SpscRing<float>> ring; // sized once the rate is known, before the stream opens
  std::atomic<quint64> overruns{0};
  std::atomic<quint64> frames{0};
  std::atomic<qint64> firstFrameNs{0}; // steady-clock nanoseconds; 0 until the first callback
  std::atomic<qint64> startNs{0};      // when start() asked for the stream: no frame is older
  std::atomic<bool> running{false};

  ~Impl() {
    if (stream) {
      Pa_AbortStream(stream);
      Pa_CloseStream(stream);
    }
  }

  // The real-time callback: copy into the ring, count, nothing else.
  static int callback(const void *input, void *, unsigned long frameCount, const PaStreamCallbackTimeInfo *timeInfo,
                      PaStreamCallbackFlags, void *user) {
    auto *self = static_cast<Impl *>(user);
    if (self->firstFrameNs.load(std::memory_order_relaxed) == 0) {
      threadnames::nameThisThread(threadnames::kCaptureCallback); // once: PortAudio's thread, unnamed
      // The first frame was captured (currentTime - inputBufferAdcTime) before now, when PortAudio knows.
      auto now = SteadyClock::now();
      if (timeInfo && timeInfo->inputBufferAdcTime > 0.0) {
        const double ago = timeInfo->currentTime - timeInfo->inputBufferAdcTime;
        if (ago > 0.0 && ago < 1.0)
          now -= std::chrono::nanoseconds(static_cast<qint64>(ago * 1e9));
      }
      // A backend whose ADC clock runs ahead of the stream (PulseAudio's can) would date the
      // first frame before the stream was started.
      const auto started = TimePoint(std::chrono::nanoseconds(self->startNs.load(std::memory_order_relaxed)));
      if (now < started)
        now = started;
      self->firstFrameNs.store(now.time_since_epoch().count(), std::memory_order_release);
    }
    const std::size_t n = frameCount;
    const std::size_t written = input ? self->ring->write(static_cast<const float *>(input), n) : 0;
    if (written < n)
      self->overruns.fetch_add(n - written, std::memory_order_relaxed);
    self->frames.fetch_add(n, std::memory_order_release);
    return paContinue;
  }

  static void finished(void *user) { static_cast<Impl *>(user)->running.store(false); }
};

Result<std::unique_ptr<CaptureStream>> CaptureStream::open(const StreamParams &params) {
  auto impl = std::make_unique<Impl>();
  if (const Status s = openStreamInto(*impl, params, true); !s)
    return s.error();
  return std::unique_ptr<CaptureStream>(new CaptureStream(std::move(impl)));
}

CaptureStream::CaptureStream(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

CaptureStream::~CaptureStream() = default;

Status CaptureStream::start() {
  if (isActive())
    return Status::success();
  if (Pa_IsStreamStopped(m_impl->stream) != 1)
    Pa_AbortStream(m_impl->stream); // stopped by an error: reset before starting again
  // The callback does not run now, so the ring and counters can be reset from here.
  m_impl->ring->clear();
  m_impl->overruns.store(0);
  m_impl->frames.store(0);
  m_impl->firstFrameNs.store(0);
  m_impl->startNs.store(SteadyClock::now().time_since_epoch().count());
  m_impl->running.store(true);
  const PaError err = Pa_StartStream(m_impl->stream);
  if (err != paNoError) {
    m_impl->running.store(false);
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("cannot start audio input \"%1\": %2; check it with `dragoman devices`")
                         .arg(m_impl->setup.deviceName, QString::fromUtf8(Pa_GetErrorText(err))));
  }
  return Status::success();
}

void CaptureStream::stop() {
  if (Pa_IsStreamStopped(m_impl->stream) == 0)
    Pa_StopStream(m_impl->stream);
  m_impl->running.store(false);
}

std::size_t CaptureStream::read(float *out, std::size_t maxFrames) { return m_impl->ring->read(out, maxFrames); }
std::size_t CaptureStream::available() const { return m_impl->ring->readAvailable(); }
int CaptureStream::sampleRate() const { return m_impl->setup.sampleRate; }
QString CaptureStream::deviceName() const { return m_impl->setup.deviceName; }
quint64 CaptureStream::overruns() const { return m_impl->overruns.load(std::memory_order_relaxed); }
quint64 CaptureStream::framesCaptured() const { return m_impl->frames.load(std::memory_order_acquire); }
bool CaptureStream::hasStarted() const { return m_impl->firstFrameNs.load(std::memory_order_acquire) != 0; }

bool CaptureStream::isActive() const {
  return m_impl->running.load() && Pa_IsStreamActive(m_impl->stream) == 1;
}

TimePoint CaptureStream::firstFrameTime() const {
  return TimePoint(std::chrono::nanoseconds(m_impl->firstFrameNs.load(std::memory_order_acquire)));
}

TimePoint CaptureStream::frameTime(quint64 frame) const {
  const double seconds = double(frame) / m_impl->setup.sampleRate;
  return firstFrameTime() + std::chrono::nanoseconds(static_cast<qint64>(seconds * 1e9));
}

} // namespace dragoman::audio
