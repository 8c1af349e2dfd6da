#pragma once
// CaptureStream: live mono float32 input from a PortAudio device into a lock-free ring.
//
// The PortAudio callback only copies into the ring and updates atomics (DESIGN.md habit 2); one
// consumer thread drains it with read(), which never blocks. Call open/start/stop/read from that
// consumer thread; the counters may be read from anywhere.

#include "core/audio/devicefinder.h"
#include "core/common/result.h"
#include "core/common/types.h"

#include <QString>

#include <cstddef>
#include <memory>

namespace dragoman::audio {

class CaptureStream {
public:
  // Opens (does not start) a mono float32 input stream. If the device refuses params.sampleRate,
  // the stream runs at the device's default rate instead: check sampleRate() and resample.
  static Result<std::unique_ptr<CaptureStream>> open(const StreamParams &params);
  ~CaptureStream();
  CaptureStream(const CaptureStream &) = delete;
  CaptureStream &operator=(const CaptureStream &) = delete;

  // Starts capturing. Clears the ring and the counters, so frame 0 is the first frame after start().
  Status start();
  // Stops capturing; frames already in the ring can still be read.
  void stop();

  // Copies up to maxFrames captured frames into out; returns how many. Never blocks.
  std::size_t read(float *out, std::size_t maxFrames);
  std::size_t available() const;

  int sampleRate() const;
  QString deviceName() const;
  quint64 overruns() const;       // frames dropped because the ring was full
  quint64 framesCaptured() const; // frames delivered by the device since start()
  bool isActive() const;          // running; false after stop() or a device error
  bool hasStarted() const;        // the first callback has arrived since start()
  // When frame 0 was captured (estimated from the first callback); epoch until then.
  TimePoint firstFrameTime() const;
  // When frame `frame` (counted from start()) was captured, assuming the nominal rate.
  TimePoint frameTime(quint64 frame) const;

private:
  struct Impl;
  explicit CaptureStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

} // namespace dragoman::audio
