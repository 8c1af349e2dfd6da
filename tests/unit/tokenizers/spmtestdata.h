#pragma once
// Test data for tst_sentencepiece: generated texts, and SentencePiece models trained with the
// reference library (libsentencepiece_train) to reach features the fixtures lack.

#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dragoman::test::spm {

// Bytes as readable text (printable ASCII as is, everything else \xNN), and a piece list so.
std::string escape(std::string_view bytes);
std::string show(const std::vector<std::string> &pieces);

// Pieces of a random text: each call adds one "unit" of some kind.
class TextGenerator {
public:
  explicit TextGenerator(unsigned seed, std::vector<std::string> vocabulary = {})
      : m_random(seed), m_vocabulary(std::move(vocabulary)) {}

  std::string text(std::size_t units) {
    std::string out;
    for (std::size_t i = 0; i < units; ++i)
      addUnit(out);
    return out;
  }

  std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_random); }
  char32_t between(char32_t low, char32_t high) { return std::uniform_int_distribution<char32_t>(low, high)(m_random); }

private:
  void addUnit(std::string &out);

  std::mt19937 m_random;
  std::vector<std::string> m_vocabulary;
};

struct TestModel {
  std::string name;
  std::string bytes;
};

// Sentences of common words and made-up ones, for training.
std::vector<std::string> trainingCorpus();
// Models trained on `corpus` with options the fixtures lack: byte fallback, user-defined and
// control symbols, identity/NFKC/custom normalization, denormalization rules, whitespace options.
// `folder` receives the rule files. Empty bytes for a model that failed to train.
std::vector<TestModel> trainedModels(const std::vector<std::string> &corpus, const std::string &folder);
// A model of the given type ("word", "char", ...), trained on `corpus`; empty on failure.
std::string trainModelOfType(const char *type, const std::vector<std::string> &corpus);
// The model with every `every`-th piece but the single characters marked unused
// (SentencePieceProcessor::SetVocabulary); empty on failure.
std::string withUnusedPieces(const std::string &bytes, int every);

} // namespace dragoman::test::spm
