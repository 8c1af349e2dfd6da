#include "core/inference/torch/whisper/decoding/decoderesult.h"

#include <string_view>

namespace dragoman::torchrt::whisper {

bool needsFallback(const DecodeResult &result, const DecodeOptions &options) {
  const bool lowLogprob = result.avgLogprob < options.logprobThreshold;
  bool fallback = result.compressionRatio > options.compressionRatioThreshold || lowLogprob;
  if (result.noSpeechProb > options.noSpeechThreshold && lowLogprob)
    fallback = false;
  return fallback;
}

bool isSilentWindow(const DecodeResult &result, const DecodeOptions &options) {
  return result.noSpeechProb > options.noSpeechThreshold && !(result.avgLogprob > options.logprobThreshold);
}

namespace {

// Length of the whitespace character starting at s[i] (0 when it is not one).
std::size_t spaceAt(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r'))
    return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0)
    return 2; // U+00A0
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80)
    return 3; // U+3000 ideographic space
  return 0;
}

} // namespace

std::string trimText(const std::string &text) {
  std::string_view s(text);
  for (std::size_t n; !s.empty() && (n = spaceAt(s, 0)) > 0;)
    s.remove_prefix(n);
  // From the back: try each possible width of a trailing space.
  for (bool more = true; more && !s.empty();) {
    more = false;
    for (std::size_t w = 1; w <= 3 && w <= s.size(); ++w)
      if (spaceAt(s, s.size() - w) == w) {
        s.remove_suffix(w);
        more = true;
        break;
      }
  }
  return std::string(s);
}

} // namespace dragoman::torchrt::whisper
