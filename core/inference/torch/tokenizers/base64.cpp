#include "core/inference/torch/tokenizers/base64.h"

#include <array>
#include <cstdint>

namespace dragoman::torchrt {

namespace {

constexpr std::array<std::int8_t, 256> makeTable() {
  std::array<std::int8_t, 256> table{};
  for (auto &entry : table)
    entry = -1;
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return table;
}

constexpr auto kTable = makeTable();

} // namespace

std::optional<std::string> decodeBase64(std::string_view text) {
  // Padding alone is the empty string to Python's base64.b64decode, and openai's
  // multilingual.tiktoken has such a line ("= 50256"): an empty token that only takes up its rank.
  if (!text.empty() && text.size() <= 4 && text.find_first_not_of('=') == std::string_view::npos)
    return std::string();
  if (text.size() % 4 != 0)
    return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int padding = 0;
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      if (c == '=') {
        // Only the last one or two characters of the last group may be padding.
        if (!last || j < 2)
          return std::nullopt;
        ++padding;
        group <<= 6;
        continue;
      }
      if (padding > 0) // data after padding
        return std::nullopt;
      const std::int8_t value = kTable[static_cast<unsigned char>(c)];
      if (value < 0)
        return std::nullopt;
      group = (group << 6) | static_cast<std::uint32_t>(value);
    }
    out.push_back(static_cast<char>((group >> 16) & 0xFFu));
    if (padding < 2)
      out.push_back(static_cast<char>((group >> 8) & 0xFFu));
    if (padding < 1)
      out.push_back(static_cast<char>(group & 0xFFu));
  }
  return out;
}

} // namespace dragoman::torchrt
