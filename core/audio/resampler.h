#pragma once
// Sample-rate conversion (soxr, high quality).

#include "core/common/result.h"
#include "core/common/types.h"

namespace dragoman::audio {

// Returns audio at targetRate; the same buffer when the rate already matches.
Result<AudioBuffer> resample(const AudioBuffer &audio, int targetRate);

} // namespace dragoman::audio
