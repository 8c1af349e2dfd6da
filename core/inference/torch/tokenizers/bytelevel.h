#pragma once
// GPT-2's "byte-level" alphabet: Hugging Face vocab.json / tokenizer.json / merges.txt spell each
// token's bytes as printable code points, one per byte (space is U+0120 'Ġ', newline U+010A 'Ċ').
// Bytes that are printable Latin-1 map to themselves; the other 68 take U+0100.. in byte order.

#include <optional>
#include <string>
#include <string_view>

namespace dragoman::torchrt {

// The code point that stands for `byte`.
char32_t byteLevelChar(unsigned char byte);

// The bytes a byte-level string stands for, or nothing when it holds a character outside the
// alphabet or invalid UTF-8.
std::optional<std::string> byteLevelToBytes(std::string_view text);

// Bytes spelled in the byte-level alphabet (UTF-8).
std::string bytesToByteLevel(std::string_view bytes);

} // namespace dragoman::torchrt
