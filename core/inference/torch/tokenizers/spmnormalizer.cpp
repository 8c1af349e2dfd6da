#include "core/inference/torch/tokenizers/spmnormalizer.h"

#include "core/inference/torch/tokenizers/bytebpeimpl.h"
#include "core/inference/torch/tokenizers/spmtrie.h"
#include "core/inference/torch/tokenizers/utf8.h"

#include <algorithm>
#include <cstring>

namespace dragoman::torchrt::spm {

namespace {

// The fields of a darts-clone unit (a uint32).
bool hasLeaf(std::uint32_t unit) {
  return ((unit >> 8) & 1u) == 1u;
}
std::uint32_t unitValue(std::uint32_t unit) {
  return unit & ((1u << 31) - 1u);
}
std::uint32_t unitLabel(std::uint32_t unit) {
  return unit & ((1u << 31) | 0xFFu);
}
std::uint32_t unitOffset(std::uint32_t unit) {
  return (unit >> 10) << ((unit & (1u << 9)) >> 6);
}

// SentencePiece looks at no more than this many matches of one prefix search.
constexpr std::size_t kMaxRuleMatches = 32;

} // namespace

std::size_t oneCharLength(std::string_view text) {
  static constexpr unsigned char kLengths[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
  if (text.empty())
    return 0;
  return std::min<std::size_t>(kLengths[static_cast<unsigned char>(text[0]) >> 4], text.size());
}

std::size_t validCharLength(std::string_view text) {
  if (text.empty())
    return 0;
  const utf8::Step step = utf8::decode(text, 0);
  return step.valid ? static_cast<std::size_t>(step.length) : 0;
}

Normalizer::Normalizer(const NormalizerSpec &spec, bool treatWhitespaceAsSuffix, const std::string &path)
    : m_addDummyPrefix(spec.addDummyPrefix), m_removeExtraWhitespaces(spec.removeExtraWhitespaces),
      m_escapeWhitespaces(spec.escapeWhitespaces), m_treatWhitespaceAsSuffix(treatWhitespaceAsSuffix) {
  const std::string &blob = spec.precompiledCharsmap;
  if (blob.empty())
    return;
  if (blob.size() <= 4)
    throwCorrupt(path, "the normalization rules (precompiled_charsmap) are truncated");
  std::uint32_t trieSize = 0;
  for (int i = 0; i < 4; ++i)
    trieSize |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[i])) << (8 * i);
  if (trieSize > blob.size() - 4)
    throwCorrupt(path, "the trie of the normalization rules (precompiled_charsmap) is larger than the rules");
  m_units.resize(trieSize / 4);
  for (std::size_t i = 0; i < m_units.size(); ++i) {
    std::uint32_t unit = 0;
    for (int b = 0; b < 4; ++b)
      unit |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[4 + 4 * i + b])) << (8 * b);
    m_units[i] = unit;
  }
  m_replacements = blob.substr(4 + trieSize);
}

std::pair<std::size_t, std::uint32_t> Normalizer::longestRule(std::string_view input) const {
  // darts-clone's commonPrefixSearch, with the bounds checks a broken file needs.
  std::pair<std::size_t, std::uint32_t> best{0, 0};
  if (m_units.empty())
    return best;
  std::size_t matches = 0;
  std::size_t node = unitOffset(m_units[0]);
  for (std::size_t i = 0; i < input.size(); ++i) {
    const auto byte = static_cast<unsigned char>(input[i]);
    node ^= byte;
    if (node >= m_units.size())
      break;
    const std::uint32_t unit = m_units[node];
    if (unitLabel(unit) != byte)
      break;
    node ^= unitOffset(unit);
    if (hasLeaf(unit)) {
      if (node >= m_units.size())
        break;
      if (matches++ < kMaxRuleMatches)
        best = {i + 1, unitValue(m_units[node])};
    }
  }
  return best;
}

std::pair<std::string_view, std::size_t> Normalizer::normalizePrefix(std::string_view input,
                                                                     const PieceTrie *userDefined) const {
  if (userDefined != nullptr)
    if (const std::size_t length = userDefined->longestPrefix(input); length > 0)
      return {input.substr(0, length), length};

  if (const auto [length, value] = longestRule(input); length > 0) {
    if (value >= m_replacements.size())
      return {std::string_view(), length};
    const char *start = m_replacements.data() + value;
    const std::size_t available = m_replacements.size() - value;
    const void *nul = std::memchr(start, '\0', available);
    return {std::string_view(start, nul != nullptr ? static_cast<const char *>(nul) - start : available), length};
  }

  if (const std::size_t length = validCharLength(input); length > 0)
    return {input.substr(0, length), length};
  return {kReplacementChar, 1};
}

std::string Normalizer::normalize(std::string_view input, const PieceTrie *userDefined) const {
  std::string out;
  if (input.empty())
    return out;

  if (m_removeExtraWhitespaces) {
    while (!input.empty()) {
      const auto [replacement, consumed] = normalizePrefix(input, userDefined);
      if (replacement != " ")
        break;
      input.remove_prefix(consumed);
    }
    if (input.empty())
      return out;
  }

  const std::string_view space = m_escapeWhitespaces ? kSpaceSymbol : std::string_view(" ");
  out.reserve(input.size() * 3);
  if (!m_treatWhitespaceAsSuffix && m_addDummyPrefix)
    out.append(space);

  bool previousIsSpace = m_removeExtraWhitespaces;
  while (!input.empty()) {
    auto [replacement, consumed] = normalizePrefix(input, userDefined);
    if (previousIsSpace)
      while (!replacement.empty() && replacement.front() == ' ')
        replacement.remove_prefix(1);
    if (!replacement.empty()) {
      for (const char c : replacement) {
        if (c == ' ')
          out.append(space);
        else
          out.push_back(c);
      }
      previousIsSpace = replacement.back() == ' ';
    }
    input.remove_prefix(consumed);
    if (!m_removeExtraWhitespaces)
      previousIsSpace = false;
  }

  if (m_removeExtraWhitespaces)
    while (out.ends_with(space))
      out.resize(out.size() - space.size());

  if (m_treatWhitespaceAsSuffix && m_addDummyPrefix)
    out.append(space);
  return out;
}

} // namespace dragoman::torchrt::spm
