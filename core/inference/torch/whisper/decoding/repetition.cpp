#include "core/inference/torch/whisper/decoding/repetition.h"

#include <algorithm>

namespace dragoman::torchrt::whisper {

std::optional<TokenLoop> findTokenLoop(std::span<const int> tokens, int textEnd, const RepetitionLimits &limits) {
  // Work on the text tokens, remembering where each sits in the full list.
  std::vector<int> text;
  std::vector<std::size_t> where;
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (tokens[i] >= 0 && tokens[i] < textEnd) {
      text.push_back(tokens[i]);
      where.push_back(i);
    }
  const std::size_t len = text.size();
  for (std::size_t start = 0; start < len; ++start) {
    for (int span = 1; span <= limits.maxSpan; ++span) {
      const auto n = static_cast<std::size_t>(span);
      if (start + 2 * n > len)
        break;
      int copies = 1;
      while (start + (static_cast<std::size_t>(copies) + 1) * n <= len &&
             std::equal(text.begin() + static_cast<std::ptrdiff_t>(start),
                        text.begin() + static_cast<std::ptrdiff_t>(start + n),
                        text.begin() + static_cast<std::ptrdiff_t>(start + static_cast<std::size_t>(copies) * n)))
        ++copies;
      const int needed = std::max(limits.minRepeats, (limits.minRepeatedTokens + span - 1) / span);
      if (copies >= needed) {
        TokenLoop loop;
        loop.firstIndex = where[start];
        loop.cutIndex = where[start + n];
        loop.unit.assign(text.begin() + static_cast<std::ptrdiff_t>(start),
                         text.begin() + static_cast<std::ptrdiff_t>(start + n));
        loop.repeats = copies;
        return loop;
      }
    }
  }
  return std::nullopt;
}

std::string SegmentRepeatGuard::normalise(const std::string &text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space)
      out.push_back(' ');
    space = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

bool SegmentRepeatGuard::wouldLoop(const std::string &text) const {
  const std::string key = normalise(text);
  return !key.empty() && key == m_last && m_run >= m_maxIdentical;
}

void SegmentRepeatGuard::accept(const std::string &text) {
  const std::string key = normalise(text);
  if (key.empty())
    return;
  if (key == m_last) {
    ++m_run;
  } else {
    m_last = key;
    m_run = 1;
  }
}

} // namespace dragoman::torchrt::whisper
