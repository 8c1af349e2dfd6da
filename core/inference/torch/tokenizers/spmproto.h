#pragma once
// Internal to SentencePieceModel (sentencepiece.h): the fields of SentencePiece's ModelProto
// (sentencepiece_model.proto) that encoding and decoding use, read from the protobuf wire format by
// hand. Field numbers and defaults are those of the .proto; fields we do not use are skipped.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman::torchrt::spm {

enum class PieceType : int { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };
enum class ModelType : int { Unigram = 1, Bpe = 2, Word = 3, Char = 4 };

struct Piece {
  std::string text;
  float score = 0.0f;
  PieceType type = PieceType::Normal;
};

struct TrainerSpec {
  ModelType modelType = ModelType::Unigram;
  bool byteFallback = false;
  bool treatWhitespaceAsSuffix = false;
  std::string unkPiece = "<unk>";
  std::string unkSurface = " \xE2\x81\x87 "; // U+2047 between spaces
};

struct NormalizerSpec {
  std::string name;
  std::string precompiledCharsmap;
  bool addDummyPrefix = true;
  bool removeExtraWhitespaces = true;
  bool escapeWhitespaces = true;
};

struct ModelProto {
  std::vector<Piece> pieces;
  TrainerSpec trainer;
  NormalizerSpec normalizer;
  std::optional<NormalizerSpec> denormalizer;
};

// ModelError(Corrupt) naming `path` when `bytes` is not a well-formed ModelProto. Only the wire
// format is checked here; what the fields mean is checked by SentencePieceModel.
ModelProto parseModelProto(std::string_view bytes, const std::string &path);

} // namespace dragoman::torchrt::spm
