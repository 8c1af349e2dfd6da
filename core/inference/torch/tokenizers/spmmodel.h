#pragma once
// Internal to SentencePieceModel (sentencepiece.h): a loaded model (the vocabulary and the
// normalizers) and the segmentation algorithms over normalized text.

#include "core/inference/torch/tokenizers/spmnormalizer.h"
#include "core/inference/torch/tokenizers/spmproto.h"
#include "core/inference/torch/tokenizers/spmtrie.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dragoman::torchrt::spm {

// Built in place and never moved afterwards: the tables hold views of the piece strings.
struct ModelData {
  std::vector<Piece> pieces;
  TrainerSpec trainer;
  NormalizerSpec normalizerSpec;
  Normalizer normalizer;
  std::optional<Normalizer> denormalizer;
  PieceTrie vocabulary;                               // normal, user-defined and unused pieces -> id
  PieceTrie userDefined;                              // user-defined pieces, never split nor normalized
  std::unordered_map<std::string_view, int> reserved; // unknown, control and byte pieces -> id (views of `pieces`)
  int unkId = -1;
  float minScore = 0.0f; // over the normal pieces
  float maxScore = 0.0f;

  // SentencePiece's PieceToId: reserved pieces first, then the vocabulary, else the unknown id.
  int pieceToId(std::string_view piece) const;
  bool is(int id, PieceType type) const { return pieces[static_cast<std::size_t>(id)].type == type; }
};

// One segment of the normalized text and its id (unkId for text the vocabulary lacks).
struct Segment {
  std::string_view text;
  int id = 0;
};

// The best segmentation under the unigram language model (SentencePiece's optimized Viterbi).
std::vector<Segment> encodeUnigram(const ModelData &model, std::string_view normalized);
// SentencePiece's BPE: merges of adjacent symbols by the score of the merged piece.
std::vector<Segment> encodeBpe(const ModelData &model, std::string_view normalized);

// The pieces SentencePiece reports for a segmentation: runs of unknown segments joined into one,
// or, with byte fallback, unknown segments spelled as byte pieces (<0xE3>...).
std::vector<std::string> finishPieces(const ModelData &model, const std::vector<Segment> &segments);

} // namespace dragoman::torchrt::spm
