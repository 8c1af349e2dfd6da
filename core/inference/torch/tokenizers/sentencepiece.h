#pragma once
// A SentencePiece model (.model / .spm) for the Marian and NLLB tokenizers, written here rather
// than linked: Debian's libsentencepiece carries its own protobuf-lite, which clashes with the
// protobuf that libtorch loads, and a process with both crashes at start-up. It gives what libsentencepiece's
// SentencePieceProcessor gives for the same calls (tst_sentencepiece compares the two): the
// precompiled normalization rules, the unigram (Viterbi) and BPE segmentations, user-defined,
// unused and byte-fallback pieces, and DecodePieces. WORD and CHAR models are not supported.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman::torchrt {

namespace spm {
struct ModelData;
}

class SentencePieceModel {
public:
  // ModelError NotFound when the file is missing, Corrupt when it is not a well-formed model
  // (truncated, not protobuf, no unknown piece, duplicate pieces, ...), Unsupported for a WORD or
  // CHAR model. The error names the file.
  static SentencePieceModel load(const std::string &path);
  // The same from the bytes of a model; `name` stands for the file in errors.
  static SentencePieceModel fromBytes(std::string_view bytes, const std::string &name);

  // SentencePieceProcessor::Encode to pieces. Invalid UTF-8 bytes read as U+FFFD.
  std::vector<std::string> encodeAsPieces(std::string_view utf8) const;
  // SentencePieceProcessor::DecodePieces: control pieces vanish, the unknown piece reads as the
  // model's unk_surface (" \u2047 "), a piece the model lacks stays as it is, U+2581 becomes a space
  // and the space that starts the text is dropped.
  std::string decodePieces(const std::vector<std::string> &pieces) const;

  int size() const;
  // The unknown id when the model lacks `piece`.
  int pieceToId(std::string_view piece) const;
  // ModelError(Input) when `id` is not in [0, size()).
  const std::string &idToPiece(int id) const;
  float score(int id) const;
  // False for an id out of range.
  bool isUnknown(int id) const;
  bool isControl(int id) const;
  bool isUnused(int id) const;
  bool isUserDefined(int id) const;
  bool isByte(int id) const;
  int unkId() const;

private:
  explicit SentencePieceModel(std::shared_ptr<const spm::ModelData> data);
  std::shared_ptr<const spm::ModelData> m_data; // immutable: copies share it
};

} // namespace dragoman::torchrt
