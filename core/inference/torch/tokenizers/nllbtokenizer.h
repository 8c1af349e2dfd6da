#pragma once
// Internal: the NLLB tokenizer behind loadNllbTokenizer() (seq2seqtokenizer.h). fairseq's ids over
// sentencepiece.bpe.model: <s> <pad> </s> <unk> are 0..3, SentencePiece piece k is k + 1 (its
// <unk>, piece 0, is 3); the language codes and <mask> are added tokens read from the folder.

#include "core/inference/torch/tokenizers/seq2seqsupport.h"
#include "core/inference/torch/tokenizers/seq2seqtokenizer.h"

#include <unordered_map>
#include <unordered_set>

namespace dragoman::torchrt {

class NllbTokenizer final : public Seq2SeqTokenizer {
public:
  explicit NllbTokenizer(const std::string &folder);

  std::string family() const override { return "nllb"; }
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
  std::vector<seq2seq::AddedToken> readAddedTokens(const std::string &folder,
                                                   const seq2seq::TokenizerSettings &settings) const;
  long long idOf(const std::string &content, long long fallback) const;
  std::string piecesToText(const std::vector<std::string> &pieces) const;

  std::shared_ptr<const SentencePieceModel> m_spm;
  long long m_spmSize = 0;
  seq2seq::AddedTokenSplitter m_splitter;                     // every added token, specials and language codes
  std::unordered_map<long long, std::size_t> m_addedById;     // id -> index in m_splitter.tokens()
  std::unordered_set<long long> m_specialIds;                 // skipped by decode()
  std::unordered_set<std::string> m_specialText;              // the same tokens by their text
  std::vector<std::pair<long long, std::string>> m_languages; // id order
  std::unordered_map<std::string, long long> m_languageIds;
  long long m_vocabSize = 0;
  long long m_eosId = 2;
  long long m_padId = 1;
  long long m_unkId = 3;
  bool m_legacy = false;
  bool m_cleanUp = true;
};

} // namespace dragoman::torchrt
