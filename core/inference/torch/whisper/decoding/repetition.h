#pragma once
// Repetition-loop detection: Whisper sometimes gets stuck and repeats a word, a phrase or a whole
// segment until it runs out of tokens. The limits are set so that ordinary speech ("no, no, no",
// a repeated word for emphasis, a chorus said twice) never trips them. No torch.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dragoman::torchrt::whisper {

struct RepetitionLimits {
  int maxSpan = 8;              // the longest repeated unit looked for, in text tokens
  int minRepeats = 5;           // copies back to back...
  int minRepeatedTokens = 16;   // ...covering at least this many tokens (short units need more copies)
  int maxIdenticalSegments = 2; // one more identical consecutive segment than this is a loop
};

// A unit of text tokens repeated back to back. Indices point into the tokens given to
// findTokenLoop (timestamps included).
struct TokenLoop {
  std::size_t firstIndex = 0; // the loop's first copy starts here
  std::size_t cutIndex = 0;   // its second copy starts here: keep [0, cutIndex)
  std::vector<int> unit;      // the repeated text tokens
  int repeats = 0;            // copies in the run
};

// The earliest loop in `tokens`, looking at text tokens only (ids below textEnd, the end-of-text
// id: timestamps and specials between the copies are ignored).
std::optional<TokenLoop> findTokenLoop(std::span<const int> tokens, int textEnd, const RepetitionLimits &limits = {});

// Identical consecutive segments, across windows. Compares trimmed, case-folded (ASCII) text
// with runs of spaces collapsed; blank segments neither count nor break a run.
class SegmentRepeatGuard {
public:
  explicit SegmentRepeatGuard(int maxIdentical = 2) : m_maxIdentical(maxIdentical) {}
  // Whether `text` would be one identical segment too many. Does not change the state.
  bool wouldLoop(const std::string &text) const;
  // Records an emitted segment.
  void accept(const std::string &text);
  int run() const { return m_run; }

  static std::string normalise(const std::string &text);

private:
  int m_maxIdentical;
  std::string m_last;
  int m_run = 0;
};

} // namespace dragoman::torchrt::whisper
