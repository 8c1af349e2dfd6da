#include "core/inference/torch/tokenizers/gpt2split.h"

#include "core/inference/torch/tokenizers/utf8.h"

#include <unicode/uchar.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace dragoman::torchrt {

namespace {

enum class CharClass : std::uint8_t { Letter, Number, Space, Other };

CharClass classify(char32_t cp) {
  const auto c = static_cast<UChar32>(cp);
  if (u_isUWhiteSpace(c))
    return CharClass::Space;
  switch (u_charType(c)) {
  case U_UPPERCASE_LETTER:
  case U_LOWERCASE_LETTER:
  case U_TITLECASE_LETTER:
  case U_MODIFIER_LETTER:
  case U_OTHER_LETTER: return CharClass::Letter;
  case U_DECIMAL_DIGIT_NUMBER:
  case U_LETTER_NUMBER:
  case U_OTHER_NUMBER: return CharClass::Number;
  default: return CharClass::Other;
  }
}

// ASCII is most of the text we see: classify it once.
const std::array<CharClass, 128> &asciiClasses() {
  static const std::array<CharClass, 128> table = [] {
    std::array<CharClass, 128> t{};
    for (char32_t c = 0; c < 128; ++c)
      t[c] = classify(c);
    return t;
  }();
  return table;
}

struct Char {
  std::size_t offset; // byte offset in the text
  char32_t cp;        // the code point; invalid bytes get a value no code point has
  CharClass cls;
};

constexpr char32_t kInvalid = 0xFFFFFFFF;

void decodeAll(std::string_view text, std::vector<Char> &chars) {
  const auto &ascii = asciiClasses();
  chars.clear();
  chars.reserve(text.size() + 1);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      chars.push_back({pos, byte, ascii[byte]});
      ++pos;
      continue;
    }
    const utf8::Step step = utf8::decode(text, pos);
    if (step.valid) {
      chars.push_back({pos, step.codePoint, classify(step.codePoint)});
      pos += static_cast<std::size_t>(step.length);
    } else {
      chars.push_back({pos, kInvalid, CharClass::Other});
      ++pos; // one byte at a time: each invalid byte is its own symbol
    }
  }
  chars.push_back({text.size(), 0, CharClass::Other}); // sentinel: offset of the end
}

// Length in characters of the contraction ('s 't 're 've 'm 'll 'd) starting at i, or 0.
std::size_t contraction(const std::vector<Char> &c, std::size_t i, std::size_t n) {
  if (c[i].cp != U'\'' || i + 1 >= n)
    return 0;
  const char32_t a = c[i + 1].cp;
  if (a == U's' || a == U't' || a == U'm' || a == U'd')
    return 2;
  if (i + 2 >= n)
    return 0;
  const char32_t b = c[i + 2].cp;
  if ((a == U'r' && b == U'e') || (a == U'v' && b == U'e') || (a == U'l' && b == U'l'))
    return 3;
  return 0;
}

std::size_t runEnd(const std::vector<Char> &c, std::size_t i, std::size_t n, CharClass cls) {
  while (i < n && c[i].cls == cls)
    ++i;
  return i;
}

// End (exclusive, in characters) of the piece that starts at i, trying the pattern's alternatives
// in order as a backtracking regex engine would.
std::size_t pieceEnd(const std::vector<Char> &c, std::size_t i, std::size_t n) {
  if (const std::size_t len = contraction(c, i, n))
    return i + len;
  const CharClass cls = c[i].cls;
  // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": a class run, optionally led by one U+0020.
  if (cls != CharClass::Space)
    return runEnd(c, i, n, cls);
  if (c[i].cp == U' ' && i + 1 < n && c[i + 1].cls != CharClass::Space)
    return runEnd(c, i + 1, n, c[i + 1].cls);
  // "\s+(?!\S)": the whitespace run up to the end of the text, or all of it but its last character
  // (which then leads the next piece); "\s+" when that would leave nothing.
  const std::size_t end = runEnd(c, i, n, CharClass::Space);
  if (end == n || end - i < 2)
    return end;
  return end - 1;
}

} // namespace

void gpt2Split(std::string_view text, const std::function<void(std::string_view)> &piece) {
  std::vector<Char> chars;
  decodeAll(text, chars);
  const std::size_t n = chars.size() - 1;
  std::size_t i = 0;
  while (i < n) {
    const std::size_t end = pieceEnd(chars, i, n);
    piece(text.substr(chars[i].offset, chars[end].offset - chars[i].offset));
    i = end;
  }
}

std::vector<std::string_view> gpt2Pieces(std::string_view text) {
  std::vector<std::string_view> pieces;
  gpt2Split(text, [&](std::string_view p) { pieces.push_back(p); });
  return pieces;
}

} // namespace dragoman::torchrt
