#include "core/audio/resampler.h"

#include <soxr.h>

#include <cmath>

namespace dragoman::audio {

Result<AudioBuffer> resample(const AudioBuffer &audio, int targetRate) {
  if (targetRate <= 0 || audio.sampleRate() <= 0)
    return makeError(ErrorKind::Input, QStringLiteral("cannot resample from %1 Hz to %2 Hz")
                                           .arg(audio.sampleRate())
                                           .arg(targetRate));
  if (audio.sampleRate() == targetRate || audio.isEmpty())
    return AudioBuffer(audio.samples(), targetRate);

  const double ratio = double(targetRate) / audio.sampleRate();
  const std::size_t outCapacity = static_cast<std::size_t>(std::ceil(double(audio.size()) * ratio)) + 16;
  std::vector<float> out(outCapacity);
  std::size_t produced = 0;
  const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  const soxr_error_t err = soxr_oneshot(audio.sampleRate(), targetRate, 1, audio.samples().data(), audio.size(),
                                        nullptr, out.data(), out.size(), &produced, &io, &quality, nullptr);
  if (err)
    return makeError(ErrorKind::Internal, QStringLiteral("resampling failed: %1").arg(QString::fromUtf8(err)));
  out.resize(produced);
  return AudioBuffer(std::move(out), targetRate);
}

} // namespace dragoman::audio
