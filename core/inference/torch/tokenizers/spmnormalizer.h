#pragma once
// Internal to SentencePieceModel (sentencepiece.h): SentencePiece's text normalization. The rules
// come precompiled in the model (NormalizerSpec.precompiled_charsmap): a little-endian uint32 with
// the size in bytes of a darts-clone double-array trie, the trie, then NUL-terminated replacement
// strings that the trie's values point into. At each position the longest rule that matches is
// applied; where none does, one UTF-8 character is copied (an invalid byte becomes U+FFFD). Around
// that: extra whitespace removal, the dummy prefix, and spaces escaped as U+2581.

#include "core/inference/torch/tokenizers/spmproto.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dragoman::torchrt::spm {

class PieceTrie;

inline constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";     // U+2581
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD"; // U+FFFD

// The length of the UTF-8 character at the start of `text` as SentencePiece counts it from the
// first byte alone (a continuation byte counts as 1), at most text.size().
std::size_t oneCharLength(std::string_view text);

// SentencePiece's decoding of one character: the length of a valid UTF-8 sequence at the start of
// `text`, or 0 when it is not one (SentencePiece then takes one byte).
std::size_t validCharLength(std::string_view text);

class Normalizer {
public:
  Normalizer() = default;
  // Corrupt naming `path` when the precompiled charsmap is malformed.
  Normalizer(const NormalizerSpec &spec, bool treatWhitespaceAsSuffix, const std::string &path);

  // `userDefined`: pieces copied as they are wherever they start (may be null).
  std::string normalize(std::string_view input, const PieceTrie *userDefined) const;

private:
  // The replacement of the longest rule at the start of `input` and the bytes it consumes.
  std::pair<std::string_view, std::size_t> normalizePrefix(std::string_view input, const PieceTrie *userDefined) const;
  // Longest match of the charsmap's trie: (length, value), length 0 when nothing matches.
  std::pair<std::size_t, std::uint32_t> longestRule(std::string_view input) const;

  std::vector<std::uint32_t> m_units; // the double array
  std::string m_replacements;
  bool m_addDummyPrefix = true;
  bool m_removeExtraWhitespaces = true;
  bool m_escapeWhitespaces = true;
  bool m_treatWhitespaceAsSuffix = false;
};

} // namespace dragoman::torchrt::spm
