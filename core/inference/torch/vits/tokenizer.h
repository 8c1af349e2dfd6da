#pragma once
// The character tokenizer of Hugging Face VITS / MMS-TTS folders (vocab.json +
// tokenizer_config.json), without phonemisation: optional normalisation (lower-casing that keeps
// vocabulary entries as they are, then only vocabulary characters, stripped), the blank (id 0)
// between characters when add_blank. No torch, no Qt.

#include <string>
#include <utility>
#include <vector>

namespace dragoman::torchrt::vits {

class VitsTokenizer {
public:
  // Reads folder/vocab.json and folder/tokenizer_config.json (optional). Throws ModelError:
  // NotFound / Corrupt naming the file, Unsupported when the language needs romanisation
  // (is_uroman) or phonemisation (phonemize) first.
  static VitsTokenizer load(const std::string &folder);
  VitsTokenizer(const std::string &vocabJson, const std::string &tokenizerConfigJson,
                const std::string &folderForErrors);

  // The text the ids stand for (normalised when the configuration asks for it, unknown characters
  // dropped). ModelError(Input) for text that is not valid UTF-8.
  std::string normalize(const std::string &text) const;
  std::vector<long long> encode(const std::string &text) const;

  bool addBlank() const { return m_addBlank; }
  bool lowerCase() const { return m_normalize; }
  const std::string &language() const { return m_language; }
  std::size_t vocabSize() const { return m_vocab.size(); }

private:
  long long idOf(const std::u32string &token) const;         // -1 when absent
  std::vector<std::pair<std::u32string, long long>> m_vocab; // in the file's order
  std::vector<std::u32string> m_specials;                    // pad and unk tokens, kept whole by normalisation
  bool m_addBlank = true;
  bool m_normalize = true;
  std::string m_language;
};

} // namespace dragoman::torchrt::vits
