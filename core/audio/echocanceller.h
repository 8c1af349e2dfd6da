#pragma once
// Takes Dragoman's own speech out of what the microphone hears, so that the person is still heard
// while Dragoman speaks (full duplex), where the echo gate deafens the microphone instead.
// WebRTC's acoustic echo canceller (webrtc-audio-processing: AEC with its extended filter and
// delay-agnostic mode, which finds the delay between the speech played and its echo by itself).
// The far end is the speech as it is played, the near end the capture; both mono 16 kHz, cut here
// into WebRTC's 10 ms frames. Not thread-safe: one thread (the capture worker's) feeds both.

#include "core/common/result.h"

#include <QtGlobal>

#include <cstddef>
#include <memory>
#include <vector>

namespace dragoman::audio {

class EchoCanceller {
public:
  static constexpr int kRate = 16000;
  static constexpr std::size_t kFrame = 160; // 10 ms

  // An error names what WebRTC refused.
  static Result<std::unique_ptr<EchoCanceller>> create();
  ~EchoCanceller();
  EchoCanceller(const EchoCanceller &) = delete;
  EchoCanceller &operator=(const EchoCanceller &) = delete;

  // The speech played (silence included), in order. Each capture frame is paired with the next
  // 10 ms of it: the caller keeps the far end's head at the moment the next capture frame was
  // heard (shiftFarEnd()), and WebRTC's filter takes the echo path's delay from there (up to about
  // 128 ms). Where none has come, the far end is silence. At most 2 s wait; older is dropped.
  void farEnd(const float *samples, std::size_t n);
  // Drops `samples` from the head of the far end (> 0), or puts that much silence before it (< 0).
  void shiftFarEnd(long long samples);
  std::size_t farWaiting() const; // far-end samples not yet paired
  // Appends the cancelled capture to `out`: whole 10 ms frames, so up to 159 samples wait for the
  // next call. WebRTC's filters delay the output by a further 7 ms (112 samples).
  void process(const float *samples, std::size_t n, std::vector<float> &out);

  struct Stats {
    quint64 frames = 0;       // 10 ms capture frames processed
    quint64 echoFrames = 0;   // of which WebRTC said they might hold echo
    double erleDb = 0.0;      // echo return loss enhancement, WebRTC's running estimate (dB)
    int delayMedianMs = -1;   // the delay it estimated between far end and echo (-1: none yet)
  };
  Stats stats() const;

private:
  EchoCanceller();
  void processFrame(float *frame);
  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::audio
