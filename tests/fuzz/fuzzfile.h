#pragma once
// For the fuzz targets whose parser reads a file (a mapped safetensors file, tokenizer files):
// the input's bytes written to a file of this process's own in a RAM-backed folder, rewritten on
// every run.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dragoman::fuzz {

// Writes `bytes` to the file `name` in this process's folder and returns its path. Aborts when
// the file cannot be written (a broken harness, not a finding).
std::string writeInput(const std::string &name, std::string_view bytes);

std::string_view asText(const std::uint8_t *data, std::size_t size);

} // namespace dragoman::fuzz
