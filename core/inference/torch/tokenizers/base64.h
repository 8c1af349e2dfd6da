#pragma once
// Standard base64 (RFC 4648 alphabet, '=' padding), as used by openai's .tiktoken files.

#include <optional>
#include <string>
#include <string_view>

namespace dragoman::torchrt {

// The decoded bytes, or nothing when the text is not canonical-length base64: a length that is not a
// multiple of 4, a character outside the alphabet, or padding anywhere but at the end. Padding
// alone ("=") decodes to the empty string, as Python's decoder does.
std::optional<std::string> decodeBase64(std::string_view text);

} // namespace dragoman::torchrt
