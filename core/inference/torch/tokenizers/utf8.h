#pragma once
// UTF-8 helpers for the tokenizers: decoding that never fails (invalid input is reported, not
// thrown) and replacement of invalid sequences by U+FFFD. No Qt, no ICU here.

#include <cstddef>
#include <string>
#include <string_view>

namespace dragoman::torchrt::utf8 {

// One step of decoding at `pos` (pos < text.size()). codePoint < 0 marks an invalid sequence of
// `length` bytes: the longest prefix of a well-formed sequence (a "maximal subpart", Unicode §3.9),
// which is what Python's bytes.decode(errors="replace") turns into one U+FFFD. Overlong forms,
// surrogates and values above U+10FFFF are invalid.
struct Step {
  char32_t codePoint = 0;
  bool valid = false;
  int length = 1;
};
Step decode(std::string_view text, std::size_t pos);

void append(std::string &out, char32_t codePoint);

// The text with every invalid sequence replaced by U+FFFD (valid input comes back unchanged).
std::string sanitize(std::string_view bytes);

} // namespace dragoman::torchrt::utf8
