#include "core/inference/torch/whisper/decoding/languagedetect.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/whisper/decoding/tokenmath.h"
#include "core/inference/torch/tokenizers/whispervocab.h"

#include <ATen/ops/full.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>

namespace dragoman::torchrt::whisper {

LanguageGuess detectLanguage(WhisperModel &model, const at::Tensor &encoderOut, const WhisperVocab &vocab) {
  c10::InferenceMode inference;
  if (!vocab.multilingual || vocab.languages.empty())
    throw ModelError(ErrorCode::Unsupported, "this Whisper model is English-only: it cannot identify languages");
  std::unique_ptr<IDecoderSession> session = model.startDecoding(encoderOut, 1);
  const at::Tensor logits = session->forward(at::full({1, 1}, static_cast<int64_t>(vocab.sot), at::kLong)).contiguous();
  const float *row = logits.data_ptr<float>();
  const long long vocabSize = logits.size(2);

  std::vector<float> scores;
  std::vector<const std::pair<std::string, int> *> languages;
  for (const auto &lang : vocab.languages)
    if (lang.second >= 0 && lang.second < vocabSize) {
      scores.push_back(row[lang.second]);
      languages.push_back(&lang);
    }
  if (languages.empty())
    throw ModelError(ErrorCode::Unsupported, "no language token of the vocabulary fits the model's output");
  const double norm = logSumExp(scores);

  LanguageGuess guess;
  for (std::size_t i = 0; i < languages.size(); ++i)
    guess.ranked.emplace_back(languages[i]->first, std::exp(static_cast<double>(scores[i]) - norm));
  const std::size_t best = static_cast<std::size_t>(argmax(scores));
  guess.code = languages[best]->first;
  guess.token = languages[best]->second;
  guess.probability = guess.ranked[best].second;
  std::stable_sort(guess.ranked.begin(), guess.ranked.end(),
                   [](const auto &a, const auto &b) { return a.second > b.second; });
  return guess;
}

} // namespace dragoman::torchrt::whisper
