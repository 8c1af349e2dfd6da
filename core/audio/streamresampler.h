#pragma once
// StreamResampler: sample-rate conversion of a continuous mono float stream (soxr, high quality),
// fed chunk by chunk, e.g. from a capture ring. For whole buffers use resample() (resampler.h).

#include "core/common/result.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace dragoman::audio {

class StreamResampler {
public:
  // An error when a rate is not positive or soxr refuses the pair.
  static Result<std::unique_ptr<StreamResampler>> create(int fromRate, int toRate);
  ~StreamResampler();
  StreamResampler(const StreamResampler &) = delete;
  StreamResampler &operator=(const StreamResampler &) = delete;

  // Resamples the next n samples; returns what is ready (soxr holds back a filter's delay).
  // With equal rates the input is returned as is.
  std::vector<float> process(const float *in, std::size_t n);
  // Ends the stream: returns the samples still held back. Call process() again to start anew.
  std::vector<float> flush();

  int fromRate() const { return m_fromRate; }
  int toRate() const { return m_toRate; }

private:
  struct Impl;
  StreamResampler(int fromRate, int toRate, std::unique_ptr<Impl> impl);
  std::vector<float> run(const float *in, std::size_t n, bool last);

  int m_fromRate;
  int m_toRate;
  std::unique_ptr<Impl> m_impl; // null when the rates are equal
};

} // namespace dragoman::audio
