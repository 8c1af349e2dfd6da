#include "core/inference/torch/tokenizers/utf8.h"

namespace dragoman::torchrt::utf8 {

namespace {

bool inRange(unsigned char byte, unsigned char low, unsigned char high) {
  return byte >= low && byte <= high;
}

} // namespace

Step decode(std::string_view text, std::size_t pos) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = at(pos);
  if (lead < 0x80)
    return {lead, true, 1};

  int continuation = 0;
  char32_t value = 0;
  // The second byte has a narrower range after some leads: that is what excludes overlong forms,
  // surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..).
  unsigned char secondLow = 0x80, secondHigh = 0xBF;
  if (inRange(lead, 0xC2, 0xDF)) {
    continuation = 1;
    value = lead & 0x1Fu;
  } else if (inRange(lead, 0xE0, 0xEF)) {
    continuation = 2;
    value = lead & 0x0Fu;
    if (lead == 0xE0)
      secondLow = 0xA0;
    else if (lead == 0xED)
      secondHigh = 0x9F;
  } else if (inRange(lead, 0xF0, 0xF4)) {
    continuation = 3;
    value = lead & 0x07u;
    if (lead == 0xF0)
      secondLow = 0x90;
    else if (lead == 0xF4)
      secondHigh = 0x8F;
  } else {
    return {0, false, 1}; // a continuation byte, C0, C1 or F5..FF
  }

  int length = 1;
  for (int i = 0; i < continuation; ++i) {
    const std::size_t index = pos + static_cast<std::size_t>(length);
    if (index >= text.size())
      return {0, false, length};
    const unsigned char byte = at(index);
    const bool ok = i == 0 ? inRange(byte, secondLow, secondHigh) : inRange(byte, 0x80, 0xBF);
    if (!ok)
      return {0, false, length};
    value = (value << 6) | (byte & 0x3Fu);
    ++length;
  }
  return {value, true, length};
}

void append(std::string &out, char32_t cp) {
  const auto put = [&](unsigned value) { out.push_back(static_cast<char>(value)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0u | (cp >> 6));
    put(0x80u | (cp & 0x3Fu));
  } else if (cp < 0x10000) {
    put(0xE0u | (cp >> 12));
    put(0x80u | ((cp >> 6) & 0x3Fu));
    put(0x80u | (cp & 0x3Fu));
  } else {
    put(0xF0u | (cp >> 18));
    put(0x80u | ((cp >> 12) & 0x3Fu));
    put(0x80u | ((cp >> 6) & 0x3Fu));
    put(0x80u | (cp & 0x3Fu));
  }
}

std::string sanitize(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const Step step = decode(bytes, pos);
    const auto length = static_cast<std::size_t>(step.length);
    if (step.valid)
      out.append(bytes.substr(pos, length));
    else
      append(out, U'\uFFFD');
    pos += length;
  }
  return out;
}

} // namespace dragoman::torchrt::utf8
