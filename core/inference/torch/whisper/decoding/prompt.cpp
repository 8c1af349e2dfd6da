#include "core/inference/torch/whisper/decoding/prompt.h"

#include "core/inference/torch/tokenizers/whispervocab.h"

namespace dragoman::torchrt::whisper {

std::vector<int> sotSequence(const WhisperVocab &vocab, std::optional<int> languageToken, Task task, bool timestamps) {
  std::vector<int> seq{vocab.sot};
  if (vocab.multilingual) {
    if (languageToken)
      seq.push_back(*languageToken);
    seq.push_back(task == Task::Translate ? vocab.translate : vocab.transcribe);
  }
  if (!timestamps)
    seq.push_back(vocab.noTimestamps);
  return seq;
}

std::vector<int> buildPrompt(const WhisperVocab &vocab, const std::vector<int> &context, const std::vector<int> &sot,
                             std::size_t maxContext) {
  std::vector<int> prompt;
  if (!context.empty() && maxContext > 0) {
    prompt.push_back(vocab.startOfPrev);
    const std::size_t keep = std::min(context.size(), maxContext);
    prompt.insert(prompt.end(), context.end() - static_cast<std::ptrdiff_t>(keep), context.end());
  }
  prompt.insert(prompt.end(), sot.begin(), sot.end());
  return prompt;
}

} // namespace dragoman::torchrt::whisper
