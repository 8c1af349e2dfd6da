#pragma once
// Neural machine translation as the rest of Dragoman uses it: load a Marian (OPUS-MT) or
// M2M100 / NLLB-200 folder in the Hugging Face layout and translate batches of sentences.
// No torch and no Qt in this header (pimpl); errors are ModelError (core/inference/torch/errors.h).
// One Translator is used by one thread at a time; c10::InferenceMode is entered inside each call.

#include "core/inference/torch/runtime/device.h"

#include <atomic>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dragoman::torchrt::seq2seq {

struct LoadReport {
  std::string folder;
  std::string family;  // "marian" | "nllb" | "m2m100" (the tokenizer's)
  std::string weights; // file(s) read
  std::string device, dtype;
  double loadMs = 0;
  long long weightBytes = 0;
  long long rssGrowthBytes = 0;
  int dModel = 0, encoderLayers = 0, decoderLayers = 0, vocabSize = 0, maxPositions = 0;
};

// Overrides of the folder's generation_config.json; unset fields keep the folder's values.
struct GenerateOptions {
  int numBeams = 0;      // 0: the folder's (1 = greedy)
  int maxLength = 0;     // whole sequence, decoder start included; 0: the folder's
  int maxNewTokens = 0;  // generated tokens; 0: unset (overrides maxLength when set)
  int noRepeatNgram = -1;
  double lengthPenalty = std::nan("");
};

struct Translation {
  std::string text;
  std::vector<long long> ids;      // as generate() returns them: decoder start token first
  float score = 0;                 // beam: sequences_scores; greedy: log-probability / length^penalty
  std::vector<long long> inputIds; // the encoder's input
};

// `dragoman mt --dump`: the reference check's tensors for one text.
struct StepDump {
  std::vector<long long> inputIds;
  int dModel = 0;
  std::vector<float> encoderOut; // [inputIds.size(), dModel]
  long long vocab = 0;
  int steps = 0;                 // rows of stepLogits: min(3, greedy length - 1)
  std::vector<float> stepLogits; // [steps, vocab] raw logits for decoder inputs greedy[:1], [:2], [:3]
};

class Translator {
public:
  // Throws ModelError: NotFound / Corrupt / Unsupported for the folder's files, Device for the runtime.
  static std::unique_ptr<Translator> load(const std::string &folder, const RuntimeOptions &runtime);
  ~Translator();

  const LoadReport &report() const;
  // An M2M100-architecture model (NLLB or M2M100 tokenizer): any of its languages to any other.
  bool isNllb() const;
  // NLLB: every language code of the tokenizer ("deu_Latn"); M2M100: its "__de__" tokens; Marian:
  // its ">>xx<<" target tokens (none for a single-target model).
  std::vector<std::string> languageTokens() const;
  bool knowsLanguageToken(const std::string &token) const;
  // Marian: tokenizer_config.json's source_lang and target_lang ("" when absent).
  std::pair<std::string, std::string> declaredPair() const;
  int maxInputTokens() const;

  // The encoder's input ids for one text (source: an NLLB code or M2M100 token, ignored by Marian;
  // target: the language token a multi-target Marian model needs in front of the text, else "").
  std::vector<long long> inputIds(const std::string &text, const std::string &source, const std::string &target) const;
  // The length of inputIds() without the check against the model's positions.
  std::size_t tokenCount(const std::string &text, const std::string &source, const std::string &target) const;

  // Translates independent texts as one padded batch. target: an NLLB code or M2M100 token (the
  // forced first token), a Marian ">>xx<<" token, or "" for a single-target Marian model. Throws ModelError: Input for
  // an unknown language or a text longer than the model's positions, Cancelled when abort is set.
  std::vector<Translation> translate(const std::vector<std::string> &texts, const std::string &source, const std::string &target,
                                     const GenerateOptions &options, const std::atomic_bool &abort);

  // The tensors of the reference check for one text, on the greedy path.
  StepDump dump(const std::string &text, const std::string &source, const std::string &target, const GenerateOptions &options);

private:
  Translator();
  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::torchrt::seq2seq
