#pragma once
// Helpers of the probe commands (asr, mt): whole-number options and raw bytes for safetensors dumps.

#include "app/cli/commandline.h"
#include "core/common/result.h"

#include <cstddef>
#include <cstring>
#include <vector>

namespace dragoman::headless {

// --NAME as a whole number of at least `minimum`, else a Usage error naming the option.
Result<int> intOption(const cli::Invocation &invocation, const char *name, int minimum);
// The same, `fallback` when the option is not given.
Result<int> intOption(const cli::Invocation &invocation, const char *name, int minimum, int fallback);

template <typename T> std::vector<std::byte> bytesOf(const std::vector<T> &values) {
  std::vector<std::byte> out(values.size() * sizeof(T));
  if (!values.empty())
    std::memcpy(out.data(), values.data(), out.size());
  return out;
}

} // namespace dragoman::headless
