#include "core/audio/playbackstream.h"
#include "core/common/threadnames.h"

#include "core/common/spscring.h"
#include "core/common/types.h"

#include "core/audio/portaudiostream.h"

#include <algorithm>
#include <atomic>
#include <cmath>

namespace dragoman::audio {

struct PlaybackStream::Impl {
  PortAudioSession session; // first member: PortAudio outlives the stream
  StreamSetup setup;
  PaStream *stream = nullptr;
  std::unique_ptr<SpscRing<float>> ring; // producer: write(); consumer: the callback
  // clear() without touching the read side: the producer counts what it wrote and asks the callback
  // to skip up to that count; audio written after the clear() survives it.
  std::atomic<quint64> written{0};     // frames accepted by write() (producer)
  std::atomic<quint64> consumed{0};    // frames read or skipped by the callback (consumer)
  std::atomic<quint64> clearTarget{0}; // the callback drops frames until consumed reaches this
  std::atomic<float> volume{1.0f};
  std::atomic<quint64> underruns{0};
  std::atomic<bool> named{false};      // the callback named its thread
  std::atomic<quint64> played{0};
  std::atomic<qint64> audibleUntilNs{0}; // steady-clock ns when the last played frame leaves the device
  std::atomic<bool> running{false};
  // The frames handed to the device, for the echo canceller (producer: the callback; consumer:
  // readReference()'s thread), once enableReference() set `referenced`.
  std::unique_ptr<SpscRing<float>> reference;
  std::atomic<bool> referenced{false};
  quint64 referenceWritten = 0;                 // frames the ring took (the callback's)
  std::atomic<qint64> referenceOriginNs{0};     // steady-clock ns when reference frame 0 is heard (0: not yet)

  ~Impl() {
    if (stream) {
      Pa_AbortStream(stream);
      Pa_CloseStream(stream);
    }
  }

  static qint64 nowNs() { return SteadyClock::now().time_since_epoch().count(); }

  // The real-time callback: read from the ring, pad, apply the volume, update atomics.
  static int callback(const void *, void *output, unsigned long frameCount, const PaStreamCallbackTimeInfo *timeInfo,
                      PaStreamCallbackFlags, void *user) {
    auto *self = static_cast<Impl *>(user);
    if (!self->named.load(std::memory_order_relaxed)) { // once: PortAudio's thread, unnamed
      self->named.store(true, std::memory_order_relaxed);
      threadnames::nameThisThread(threadnames::kPlaybackCallback);
    }
    auto *out = static_cast<float *>(output);
    const std::size_t n = frameCount;
    quint64 consumed = self->consumed.load(std::memory_order_relaxed);
    const quint64 target = self->clearTarget.load(std::memory_order_acquire);
    if (target > consumed)
      consumed += self->ring->skip(static_cast<std::size_t>(target - consumed));
    const std::size_t got = self->ring->read(out, n);
    self->consumed.store(consumed + got, std::memory_order_release);
    std::fill(out + got, out + n, 0.0f);
    const float gain = self->volume.load(std::memory_order_relaxed);
    if (gain != 1.0f)
      for (std::size_t i = 0; i < got; ++i)
        out[i] *= gain;
    // The device's output latency: these frames are heard that long from now.
    double latency = 0.0;
    if (timeInfo && timeInfo->outputBufferDacTime > timeInfo->currentTime)
      latency = std::min(timeInfo->outputBufferDacTime - timeInfo->currentTime, 2.0);
    if (self->referenced.load(std::memory_order_acquire)) {
      // When these frames are heard, carried back to frame 0 of the reference: a reader more than
      // the ring behind loses the newest frames, and the origin moves with what was kept.
      const double origin = double(nowNs()) + latency * 1e9 - double(self->referenceWritten) * 1e9 / self->setup.sampleRate;
      self->referenceOriginNs.store(std::max<qint64>(1, static_cast<qint64>(origin)), std::memory_order_release);
      self->referenceWritten += self->reference->write(out, n);
    }
    if (got > 0) {
      if (got < n)
        self->underruns.fetch_add(1, std::memory_order_relaxed);
      self->played.fetch_add(got, std::memory_order_relaxed);
      // The last of these frames leaves the device after its output latency plus their own length.
      const double seconds = latency + double(got) / self->setup.sampleRate;
      self->audibleUntilNs.store(nowNs() + static_cast<qint64>(seconds * 1e9), std::memory_order_release);
    }
    return paContinue;
  }

  static void finished(void *user) { static_cast<Impl *>(user)->running.store(false); }
};

Result<std::unique_ptr<PlaybackStream>> PlaybackStream::open(const StreamParams &params) {
  auto impl = std::make_unique<Impl>();
  if (const Status s = openStreamInto(*impl, params, false); !s)
    return s.error();
  return std::unique_ptr<PlaybackStream>(new PlaybackStream(std::move(impl)));
}

PlaybackStream::PlaybackStream(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

PlaybackStream::~PlaybackStream() = default;

Status PlaybackStream::start() {
  if (isActive())
    return Status::success();
  if (Pa_IsStreamStopped(m_impl->stream) != 1)
    Pa_AbortStream(m_impl->stream); // stopped by an error: reset before starting again
  m_impl->running.store(true);
  const PaError err = Pa_StartStream(m_impl->stream);
  if (err != paNoError) {
    m_impl->running.store(false);
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("cannot start audio output \"%1\": %2; check it with `dragoman devices`")
                         .arg(m_impl->setup.deviceName, QString::fromUtf8(Pa_GetErrorText(err))));
  }
  return Status::success();
}

void PlaybackStream::stop() {
  if (Pa_IsStreamStopped(m_impl->stream) == 0)
    Pa_StopStream(m_impl->stream);
  m_impl->running.store(false);
}

std::size_t PlaybackStream::write(const float *data, std::size_t frames) {
  const std::size_t n = m_impl->ring->write(data, frames);
  m_impl->written.fetch_add(n, std::memory_order_release);
  return n;
}

std::size_t PlaybackStream::queuedFrames() const {
  const quint64 written = m_impl->written.load(std::memory_order_acquire);
  const quint64 from = std::max(m_impl->consumed.load(std::memory_order_acquire),
                                m_impl->clearTarget.load(std::memory_order_acquire));
  return written > from ? static_cast<std::size_t>(written - from) : 0;
}

std::size_t PlaybackStream::writeAvailable() const { return m_impl->ring->writeAvailable(); }

void PlaybackStream::clear() {
  m_impl->clearTarget.store(m_impl->written.load(std::memory_order_relaxed), std::memory_order_release);
}

void PlaybackStream::setVolume(float volume) { m_impl->volume.store(std::max(0.0f, volume)); }
float PlaybackStream::volume() const { return m_impl->volume.load(); }
int PlaybackStream::sampleRate() const { return m_impl->setup.sampleRate; }
QString PlaybackStream::deviceName() const { return m_impl->setup.deviceName; }
quint64 PlaybackStream::underruns() const { return m_impl->underruns.load(std::memory_order_relaxed); }
quint64 PlaybackStream::framesPlayed() const { return m_impl->played.load(std::memory_order_relaxed); }

bool PlaybackStream::isPlaying() const {
  if (queuedFrames() > 0)
    return true;
  return Impl::nowNs() < m_impl->audibleUntilNs.load(std::memory_order_acquire);
}

void PlaybackStream::enableReference() {
  if (m_impl->referenced.load(std::memory_order_acquire))
    return;
  m_impl->reference = std::make_unique<SpscRing<float>>(std::size_t(m_impl->setup.sampleRate) * 2);
  m_impl->referenced.store(true, std::memory_order_release); // publishes the ring to the callback
}

std::size_t PlaybackStream::readReference(float *out, std::size_t frames) {
  if (!m_impl->referenced.load(std::memory_order_acquire))
    return 0;
  return m_impl->reference->read(out, frames);
}

std::optional<TimePoint> PlaybackStream::referenceHeardAt(quint64 frame) const {
  const qint64 origin = m_impl->referenceOriginNs.load(std::memory_order_acquire);
  if (origin == 0)
    return std::nullopt;
  const auto ns = origin + static_cast<qint64>(double(frame) * 1e9 / m_impl->setup.sampleRate);
  return TimePoint(std::chrono::duration_cast<SteadyClock::duration>(std::chrono::nanoseconds(ns)));
}

bool PlaybackStream::isActive() const {
  return m_impl->running.load() && Pa_IsStreamActive(m_impl->stream) == 1;
}

} // namespace dragoman::audio
