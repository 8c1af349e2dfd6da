#pragma once
// GPT-2's pre-tokenisation, written by hand instead of with a regex engine:
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// \p{L} and \p{N} are the Unicode general categories L* and N* (ICU's u_charType), and \s is the
// Unicode White_Space property (u_isUWhiteSpace), which is what tiktoken's Rust regex and the
// Python `regex` module mean by \s. Python's own str.isspace() differs: it also counts U+001C..U+001F,
// which are not whitespace here. Bytes that are not valid UTF-8 count as neither letter, number nor
// space, one byte each, so they fall in the punctuation class and reach BPE as bytes.

#include <functional>
#include <string_view>
#include <vector>

namespace dragoman::torchrt {

// Calls `piece` with each consecutive piece of `text`, in order; the pieces cover the text exactly.
void gpt2Split(std::string_view text, const std::function<void(std::string_view)> &piece);

// The same, collected.
std::vector<std::string_view> gpt2Pieces(std::string_view text);

} // namespace dragoman::torchrt
