#pragma once
// PlaybackStream: live mono float32 output to a PortAudio device from a lock-free ring.
//
// One producer thread queues audio with write(), which never blocks; the PortAudio callback plays it
// and pads with silence when the ring runs dry (DESIGN.md habit 2: the callback only reads the ring
// and updates atomics). Call open/start/stop/write/clear from the producer thread; the counters and
// isPlaying() may be read from anywhere.

#include "core/audio/devicefinder.h"
#include "core/common/result.h"
#include "core/common/types.h"

#include <QString>

#include <cstddef>
#include <memory>
#include <optional>

namespace dragoman::audio {

class PlaybackStream {
public:
  // Opens (does not start) a mono float32 output stream. If the device refuses params.sampleRate,
  // the stream runs at the device's default rate instead: check sampleRate() and resample.
  static Result<std::unique_ptr<PlaybackStream>> open(const StreamParams &params);
  ~PlaybackStream();
  PlaybackStream(const PlaybackStream &) = delete;
  PlaybackStream &operator=(const PlaybackStream &) = delete;

  Status start();
  // Stops the device after what it has buffered; what is still queued stays queued.
  void stop();

  // Queues up to `frames` frames at sampleRate(); returns how many fitted. Never blocks.
  std::size_t write(const float *data, std::size_t frames);
  // Frames queued and not yet handed to the device (not counting those a clear() dropped).
  std::size_t queuedFrames() const;
  // Frames that write() would accept now (frames dropped by a pending clear() free up at the next callback).
  std::size_t writeAvailable() const;
  // Drops everything written so far. Only the callback may touch the ring's read side, so this asks it
  // to skip those frames on its next run; audio written after clear() is kept.
  void clear();

  void setVolume(float volume); // linear gain, 1 = unchanged
  float volume() const;

  int sampleRate() const;
  QString deviceName() const;
  // Callbacks that had to pad with silence because the ring held some audio but less than a buffer.
  // The end of each burst of audio is one such callback unless its length is a multiple of
  // framesPerBuffer; more than one per burst means the producer fell behind.
  quint64 underruns() const;
  quint64 framesPlayed() const; // frames of queued audio handed to the device since open()
  // True while queued audio is still being played: frames in the ring, or handed to the device and
  // not yet out of the speaker (its reported output latency). The echo gate uses it.
  bool isPlaying() const;
  bool isActive() const; // stream running; false after stop() or a device error

  // The echo canceller's far end: once enabled, every frame handed to the device (the speech after
  // the volume, and the silence between) is also kept, at sampleRate(), for one reader thread to
  // take with readReference(). Up to two seconds wait; older frames are not kept.
  void enableReference();
  std::size_t readReference(float *out, std::size_t frames);
  // When the reference's frame `frame` (counted from the first readReference() returned) is heard,
  // from the device's reported output latency; nullopt before the first callback.
  std::optional<TimePoint> referenceHeardAt(quint64 frame) const;

private:
  struct Impl;
  explicit PlaybackStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace dragoman::audio
