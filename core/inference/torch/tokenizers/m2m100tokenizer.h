#pragma once
// Internal: the M2M100 tokenizer behind loadM2M100Tokenizer() (seq2seqtokenizer.h). Pieces come from
// sentencepiece.bpe.model, ids from vocab.json (fairseq's dictionary: a piece it lacks is <unk>);
// the "__xx__" language tokens follow the vocabulary (id len(vocab.json) + i, or the ids the folder
// gives them), then num_madeup_words ids that no text maps to.

#include "core/inference/torch/tokenizers/seq2seqsupport.h"
#include "core/inference/torch/tokenizers/seq2seqtokenizer.h"

#include <unordered_map>
#include <unordered_set>

namespace dragoman::torchrt {

class M2M100Tokenizer final : public Seq2SeqTokenizer {
public:
  explicit M2M100Tokenizer(const std::string &folder);

  std::string family() const override { return "m2m100"; }
  std::vector<std::string> pieces(const std::string &utf8) const override;
  std::vector<long long> encode(const std::string &utf8, const std::string &sourceLanguage) const override;
  std::string decode(const std::vector<long long> &ids) const override;
  std::optional<long long> languageTokenId(const std::string &token) const override;
  std::vector<std::string> languageTokens() const override;
  long long vocabSize() const override { return m_vocabSize; }
  long long eosId() const override { return m_eosId; }
  long long padId() const override { return m_padId; }
  long long unkId() const override { return m_unkId; }

private:
  void readVocab(const std::string &path);
  std::vector<seq2seq::AddedToken>
  readAddedTokens(const std::string &folder, const seq2seq::TokenizerSettings &settings, std::string &source) const;
  std::string piecesToText(const std::vector<std::string> &pieces) const;

  std::shared_ptr<const SentencePieceModel> m_spm;
  std::unordered_map<std::string, long long> m_encoder; // vocab.json
  std::unordered_map<long long, std::string> m_decoder;
  seq2seq::AddedTokenSplitter m_splitter;                     // the specials, language tokens and other added tokens
  std::unordered_map<long long, std::size_t> m_addedById;     // id -> index in m_splitter.tokens()
  std::unordered_set<long long> m_specialIds;                 // skipped by decode()
  std::unordered_set<std::string> m_specialText;              // the same tokens by their text
  std::vector<std::pair<long long, std::string>> m_languages; // id order
  std::unordered_map<std::string, long long> m_languageIds;
  long long m_vocabSize = 0;
  long long m_eosId = 2;
  long long m_padId = 1;
  long long m_unkId = 3;
  bool m_cleanUp = true;
};

} // namespace dragoman::torchrt
