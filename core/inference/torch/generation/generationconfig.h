#pragma once
// How a sequence-to-sequence model generates text, with Hugging Face's generate() semantics
// (generation_config.json). Plain C++: no torch, no Qt.

#include <optional>
#include <vector>

namespace dragoman::torchrt::generation {

enum class EarlyStopping {
  Heuristic, // early_stopping false: stop when the best running beam cannot beat the worst finished one
  True,      // stop as soon as num_beams hypotheses are finished
  Never,     // the canonical beam search: the best running beam as if it reached max_length
};

struct GenerationConfig {
  long long decoderStartTokenId = 0;
  std::vector<long long> eosTokenIds; // any of them ends a hypothesis
  long long padTokenId = 0;
  // Length of the whole sequence, the decoder start token included (generate()'s max_length).
  int maxLength = 20;
  int numBeams = 1;
  double lengthPenalty = 1.0;
  EarlyStopping earlyStopping = EarlyStopping::Heuristic;
  int noRepeatNgramSize = 0;
  std::vector<std::vector<long long>> badWordsIds; // token sequences never generated
  std::optional<long long> forcedBosTokenId;       // the first generated token
  std::optional<long long> forcedEosTokenId;       // the token at max_length - 1
};

} // namespace dragoman::torchrt::generation
