#pragma once
// Internal: the Marian (OPUS-MT) tokenizer behind loadMarianTokenizer() (seq2seqtokenizer.h).
// source.spm cuts the text into pieces, vocab.json gives their ids (unknown pieces: <unk>), and
// decoding turns ids back into pieces through vocab.json and joins them with target.spm.

#include "core/inference/torch/tokenizers/seq2seqsupport.h"
#include "core/inference/torch/tokenizers/seq2seqtokenizer.h"

#include <unordered_map>
#include <unordered_set>

namespace dragoman::torchrt {

class MarianTokenizer final : public Seq2SeqTokenizer {
public:
  explicit MarianTokenizer(const std::string &folder);

  std::string family() const override { return "marian"; }
  std::vector<std::string> pieces(const std::string &utf8) const override;
  std::vector<long long> encode(const std::string &utf8, const std::string &sourceLanguage) const override;
  std::string decode(const std::vector<long long> &ids) const override;
  std::optional<long long> languageTokenId(const std::string &token) const override;
  std::vector<std::string> languageTokens() const override { return m_languageTokens; }
  long long vocabSize() const override { return m_vocabSize; }
  long long eosId() const override { return m_eosId; }
  long long padId() const override { return m_padId; }
  long long unkId() const override { return m_unkId; }
  std::pair<std::string, std::string> declaredPair() const override { return {m_sourceLang, m_targetLang}; }

private:
  void readVocab(const std::string &path);
  std::vector<std::string> plainPieces(const std::string &text) const;

  std::shared_ptr<const SentencePieceModel> m_source;
  std::shared_ptr<const SentencePieceModel> m_target;
  std::unordered_map<std::string, long long> m_encoder;
  std::unordered_map<long long, std::string> m_decoder;
  seq2seq::AddedTokenSplitter m_splitter;        // eos, unk, pad and the additional special tokens
  std::unordered_set<long long> m_specialIds;    // skipped by decode()
  std::unordered_set<std::string> m_specialText; // the same tokens by their text
  std::vector<std::string> m_languageTokens;
  std::string m_unkToken;
  std::string m_sourceLang;
  std::string m_targetLang;
  long long m_vocabSize = 0;
  long long m_eosId = 0;
  long long m_padId = 0;
  long long m_unkId = 0;
  bool m_cleanUp = true;
};

} // namespace dragoman::torchrt
