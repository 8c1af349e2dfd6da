#include "core/inference/torch/tokenizers/bytelevel.h"

#include "core/inference/torch/tokenizers/utf8.h"

#include <array>

namespace dragoman::torchrt {

namespace {

struct Tables {
  std::array<char32_t, 256> toChar{};
  std::array<int, 324> toByte{}; // every character of the alphabet is below U+0144
};

bool printable(unsigned byte) {
  return (byte >= '!' && byte <= '~') || (byte >= 0xA1 && byte <= 0xAC) || (byte >= 0xAE && byte <= 0xFF);
}

const Tables &tables() {
  static const Tables instance = [] {
    Tables t;
    t.toByte.fill(-1);
    char32_t next = 0x100;
    for (unsigned byte = 0; byte < 256; ++byte) {
      const char32_t c = printable(byte) ? static_cast<char32_t>(byte) : next++;
      t.toChar[byte] = c;
      t.toByte[c] = static_cast<int>(byte);
    }
    return t;
  }();
  return instance;
}

} // namespace

char32_t byteLevelChar(unsigned char byte) {
  return tables().toChar[byte];
}

std::optional<std::string> byteLevelToBytes(std::string_view text) {
  const Tables &t = tables();
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const utf8::Step step = utf8::decode(text, pos);
    if (!step.valid || step.codePoint >= t.toByte.size() || t.toByte[step.codePoint] < 0)
      return std::nullopt;
    out.push_back(static_cast<char>(t.toByte[step.codePoint]));
    pos += static_cast<std::size_t>(step.length);
  }
  return out;
}

std::string bytesToByteLevel(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char byte : bytes)
    utf8::append(out, byteLevelChar(static_cast<unsigned char>(byte)));
  return out;
}

} // namespace dragoman::torchrt
