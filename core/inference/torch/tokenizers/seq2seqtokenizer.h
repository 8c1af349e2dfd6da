#pragma once
// SentencePiece tokenizers of the translation models: Marian (OPUS-MT), NLLB-200 and M2M100
// (facebook/m2m100_418M, m2m100_1.2B; both M2M100-architecture models). They give the ids and texts
// of Hugging Face's slow tokenizers (tokenization_marian.py, tokenization_nllb.py and
// tokenization_m2m_100.py, transformers v4): text is split on the added
// (special) tokens first, each other part goes through SentencePiece, and decode() is
// decode(ids, skip_special_tokens=True). No Qt and no torch; SentencePiece stays private.
//
// Every function that takes text throws ModelError(ErrorCode::Input) for text that is not valid
// UTF-8. The loaders throw ModelError: NotFound naming a missing file, Corrupt naming a malformed
// one, Unsupported for a valid folder of another kind.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dragoman::torchrt {

class Seq2SeqTokenizer {
public:
  virtual ~Seq2SeqTokenizer() = default;

  // "marian", "nllb" or "m2m100".
  virtual std::string family() const = 0;
  // The tokens of the text (Hugging Face's tokenize()): SentencePiece pieces; an added token in the
  // text ("</s>", "eng_Latn") stays one token; Marian: a leading ">>xxx<<" stays one token too.
  virtual std::vector<std::string> pieces(const std::string &utf8) const = 0;
  // Encoder input ids. Marian: ids of pieces() + </s>; `sourceLanguage` is ignored (a multilingual
  // target is chosen by prepending ">>spa<<" to the text). NLLB: [id(sourceLanguage)] + ids + [</s>]
  // (pieces + [</s>, id(sourceLanguage)] where tokenizer_config.json sets legacy_behaviour);
  // `sourceLanguage` is a code such as "eng_Latn", ModelError(Input) when the files lack it.
  // M2M100: [id(sourceLanguage)] + ids + [</s>], `sourceLanguage` a token such as "__en__" (a bare
  // "en" reads as "__en__"); a piece vocab.json lacks is <unk>.
  virtual std::vector<long long> encode(const std::string &utf8, const std::string &sourceLanguage) const = 0;
  // The text of generated ids with the special tokens skipped. Ids the vocabulary does not have
  // (negative, past its end) are skipped as well.
  virtual std::string decode(const std::vector<long long> &ids) const = 0;
  // The id of a language token: NLLB "deu_Latn", Marian ">>deu<<", M2M100 "__de__" (or "de");
  // nullopt when the files lack it.
  virtual std::optional<long long> languageTokenId(const std::string &token) const = 0;
  // Every language token the files know, in id order (Marian: the ">>xxx<<" entries of vocab.json,
  // often none).
  virtual std::vector<std::string> languageTokens() const = 0;
  // One more than the highest id (language codes and <mask> included; M2M100: its made-up words too).
  virtual long long vocabSize() const = 0;
  virtual long long eosId() const = 0;
  virtual long long padId() const = 0;
  virtual long long unkId() const = 0;
  // source_lang / target_lang of tokenizer_config.json (Marian: "en", "de"); empty when absent and
  // always empty for NLLB.
  virtual std::pair<std::string, std::string> declaredPair() const { return {}; }
};

// A Marian folder: source.spm, target.spm, vocab.json (one vocabulary for both sides),
// tokenizer_config.json and special_tokens_map.json when present. separate_vocabs: true is
// Unsupported.
std::unique_ptr<Seq2SeqTokenizer> loadMarianTokenizer(const std::string &folder);

// An NLLB folder: sentencepiece.bpe.model (fairseq ids: spm id + 1, <s> <pad> </s> <unk> = 0..3) and
// the language codes and <mask> read from tokenizer_config.json's added_tokens_decoder, else
// tokenizer.json's added_tokens, else additional_special_tokens (ids after the pieces, in the order
// listed, <mask> last). A folder with neither is Corrupt; another tokenizer_class (M2M100Tokenizer
// with its vocab.json: loadM2M100Tokenizer) is Unsupported.
std::unique_ptr<Seq2SeqTokenizer> loadNllbTokenizer(const std::string &folder);

// An M2M100 folder: vocab.json (fairseq's dictionary, piece -> id; a piece it lacks is <unk>),
// sentencepiece.bpe.model (only to cut text into pieces), tokenizer_config.json and
// special_tokens_map.json, added_tokens.json when present. The "__xx__" language tokens come from
// the folder, never a built-in list: tokenizer_config.json's added_tokens_decoder, else
// added_tokens.json (both with their ids), else additional_special_tokens, whose "__xx__" entries take
// the ids len(vocab.json) + i in the order listed. num_madeup_words (default 8) ids follow them and
// count in vocabSize(). No language token is Corrupt; another tokenizer_class is Unsupported.
std::unique_ptr<Seq2SeqTokenizer> loadM2M100Tokenizer(const std::string &folder);

// The tokenizer of a model_type m2m_100 folder, NLLB or M2M100: tokenizer_class of
// tokenizer_config.json (else config.json) picks (M2M100Tokenizer or NllbTokenizer[Fast]); a folder
// that names neither class but has vocab.json and sentencepiece.bpe.model is M2M100 (NLLB folders
// have no vocab.json); anything else goes to loadNllbTokenizer, whose errors name what is wrong.
std::unique_ptr<Seq2SeqTokenizer> loadM2M100FamilyTokenizer(const std::string &folder);

} // namespace dragoman::torchrt
