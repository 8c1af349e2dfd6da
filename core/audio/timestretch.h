#pragma once
// TimeStretcher: plays a buffer of speech faster without raising its pitch (WSOLA: waveform
// similarity overlap-add), a piece at a time, at a rate that may change between pieces. The
// playback worker uses it to catch up when translated speech queues behind what is playing.
//
// Frames of ~24 ms are taken from the input every rate × 12 ms, each shifted by up to ±6 ms to
// where it best continues the frame before (so the pitch periods line up), and overlap-added every
// 12 ms with a Hann window. At rate 1 before any stretching the input is copied unchanged; the
// first and last frames keep their outer halves unwindowed, so the output starts and ends with the
// input's own samples.

#include <cstddef>
#include <vector>

namespace dragoman::audio {

// The rate at which to play when the speech waiting would wait `lagSeconds` to be heard: 1 up to
// half a second, then rising to `maxRate` at 2.5 s (maxRate ≤ 1: always 1).
double catchUpRate(double lagSeconds, double maxRate);

class TimeStretcher {
public:
  TimeStretcher(const std::vector<float> &input, int sampleRate);

  // Appends up to `frames` output samples to `out`, reading the input `rate` times faster (1 to 4;
  // clamped). Returns how many were appended; 0 once done().
  std::size_t next(std::vector<float> &out, std::size_t frames, double rate);
  bool done() const;
  // Input samples not yet read into the output: what is left, in input time.
  std::size_t remainingInput() const;

private:
  void addFrame(double rate);
  std::size_t bestStart(std::size_t nominal) const;

  const std::vector<float> &m_in;
  std::size_t m_hop = 0;     // output hop, half a frame
  std::size_t m_search = 0;  // the most a frame moves from its nominal start
  std::vector<float> m_window; // rising half of the Hann window (m_hop samples)
  std::size_t m_copied = 0;  // passthrough: input samples copied so far
  bool m_stretching = false; // a frame has been overlap-added: the copy is over
  double m_nominal = 0;      // where the next frame would start at the current rate
  std::size_t m_prevStart = 0; // input start of the last frame added
  std::vector<float> m_tail;   // the last frame's falling half, windowed, waiting for the next frame
  std::vector<float> m_ready;  // finished output not yet handed out
  std::size_t m_readyAt = 0;
  bool m_finished = false;     // the last frame (or the input's end) has been reached
};

} // namespace dragoman::audio
