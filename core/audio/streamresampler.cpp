#include "core/audio/streamresampler.h"

#include <soxr.h>

#include <QString>

#include <cmath>

namespace dragoman::audio {

struct StreamResampler::Impl {
  soxr_t soxr = nullptr;
  ~Impl() {
    if (soxr)
      soxr_delete(soxr);
  }
};

Result<std::unique_ptr<StreamResampler>> StreamResampler::create(int fromRate, int toRate) {
  if (fromRate <= 0 || toRate <= 0)
    return makeError(ErrorKind::Input,
                     QStringLiteral("cannot resample from %1 Hz to %2 Hz").arg(fromRate).arg(toRate));
  std::unique_ptr<Impl> impl;
  if (fromRate != toRate) {
    impl = std::make_unique<Impl>();
    soxr_error_t err = nullptr;
    // The same settings as the one-shot resample(), so both give the same samples.
    const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
    const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
    impl->soxr = soxr_create(fromRate, toRate, 1, &err, &io, &quality, nullptr);
    if (err || !impl->soxr)
      return makeError(ErrorKind::Internal, QStringLiteral("cannot resample from %1 Hz to %2 Hz: %3")
                                                .arg(fromRate)
                                                .arg(toRate)
                                                .arg(QString::fromUtf8(err ? err : "soxr_create failed")));
  }
  return std::unique_ptr<StreamResampler>(new StreamResampler(fromRate, toRate, std::move(impl)));
}

StreamResampler::StreamResampler(int fromRate, int toRate, std::unique_ptr<Impl> impl)
    : m_fromRate(fromRate), m_toRate(toRate), m_impl(std::move(impl)) {}

StreamResampler::~StreamResampler() = default;

std::vector<float> StreamResampler::process(const float *in, std::size_t n) {
  if (n == 0 || !in)
    return {};
  if (!m_impl)
    return std::vector<float>(in, in + n);
  return run(in, n, false);
}

std::vector<float> StreamResampler::flush() {
  if (!m_impl)
    return {};
  std::vector<float> out = run(nullptr, 0, true);
  soxr_clear(m_impl->soxr);
  return out;
}

std::vector<float> StreamResampler::run(const float *in, std::size_t n, bool last) {
  const double ratio = double(m_toRate) / m_fromRate;
  std::vector<float> out;
  std::vector<float> chunk(static_cast<std::size_t>(std::ceil(double(n) * ratio)) + 256);
  std::size_t consumed = 0;
  // soxr may not take all input, or (when flushing) may need several calls to drain.
  for (int guard = 0; guard < 1000; ++guard) {
    std::size_t used = 0;
    std::size_t produced = 0;
    const soxr_error_t err = soxr_process(m_impl->soxr, last ? nullptr : in + consumed, last ? 0 : n - consumed,
                                          &used, chunk.data(), chunk.size(), &produced);
    if (err)
      break;
    consumed += used;
    out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(produced));
    if (last ? produced == 0 : (consumed >= n && produced < chunk.size()))
      break;
  }
  return out;
}

} // namespace dragoman::audio
