#include "core/inference/torch/tokenizers/sentencepiece.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/bytebpeimpl.h"
#include "core/inference/torch/tokenizers/spmmodel.h"

#include <algorithm>
#include <cfloat>
#include <utility>

namespace dragoman::torchrt {

using spm::PieceType;

namespace {

// "<0x41>" -> 0x41 (upper-case hex digits, as SentencePiece writes them); -1 for anything else.
int pieceToByte(std::string_view piece) {
  if (piece.size() != 6 || !piece.starts_with("<0x") || piece[5] != '>')
    return -1;
  int value = 0;
  for (const char c : piece.substr(3, 2)) {
    if (c >= '0' && c <= '9')
      value = value * 16 + (c - '0');
    else if (c >= 'A' && c <= 'F')
      value = value * 16 + (c - 'A' + 10);
    else
      return -1;
  }
  return value;
}

// SentencePiece's checks of the vocabulary (ModelInterface::InitializePieces) and the tables
// encoding needs.
void indexPieces(spm::ModelData &data, const std::string &path) {
  std::vector<std::pair<std::string_view, int>> vocabulary;
  std::vector<std::pair<std::string_view, int>> userDefined;
  std::vector<bool> bytesFound(256, false);
  std::unordered_map<std::string_view, int> seen;
  data.minScore = FLT_MAX;
  data.maxScore = FLT_MIN;
  for (std::size_t i = 0; i < data.pieces.size(); ++i) {
    const spm::Piece &piece = data.pieces[i];
    const int id = static_cast<int>(i);
    if (piece.text.empty())
      throwCorrupt(path, "piece " + std::to_string(i) + " is empty");
    const bool inVocabulary =
        piece.type == PieceType::Normal || piece.type == PieceType::UserDefined || piece.type == PieceType::Unused;
    if (inVocabulary) {
      if (!seen.emplace(piece.text, id).second)
        throwCorrupt(path, "the piece " + quoteToken(piece.text) + " is defined twice");
      vocabulary.emplace_back(piece.text, id);
    } else if (!data.reserved.emplace(piece.text, id).second) {
      throwCorrupt(path, "the piece " + quoteToken(piece.text) + " is defined twice");
    }
    switch (piece.type) {
    case PieceType::Normal:
      data.minScore = std::min(data.minScore, piece.score);
      data.maxScore = std::max(data.maxScore, piece.score);
      break;
    case PieceType::UserDefined: userDefined.emplace_back(piece.text, id); break;
    case PieceType::Unknown:
      if (data.unkId >= 0)
        throwCorrupt(path, "has two unknown pieces");
      data.unkId = id;
      break;
    case PieceType::Byte: {
      if (!data.trainer.byteFallback)
        throwCorrupt(path, "has the byte piece " + quoteToken(piece.text) + " although byte_fallback is false");
      const int byte = pieceToByte(piece.text);
      if (byte < 0)
        throwCorrupt(path, "has the invalid byte piece " + quoteToken(piece.text));
      bytesFound[static_cast<std::size_t>(byte)] = true;
      break;
    }
    default: break;
    }
  }
  if (data.unkId < 0)
    throwCorrupt(path, "has no unknown piece (<unk>)");
  if (data.trainer.byteFallback && std::find(bytesFound.begin(), bytesFound.end(), false) != bytesFound.end())
    throwCorrupt(path, "byte_fallback is true but the 256 byte pieces are not all there");
  if (data.trainer.modelType == spm::ModelType::Unigram && vocabulary.empty())
    throwCorrupt(path, "the unigram model has no pieces");
  data.vocabulary = spm::PieceTrie(std::move(vocabulary));
  data.userDefined = spm::PieceTrie(std::move(userDefined));
}

} // namespace

SentencePieceModel::SentencePieceModel(std::shared_ptr<const spm::ModelData> data) : m_data(std::move(data)) {}

SentencePieceModel SentencePieceModel::load(const std::string &path) {
  return fromBytes(readTokenizerFile(path), path);
}

SentencePieceModel SentencePieceModel::fromBytes(std::string_view bytes, const std::string &name) {
  spm::ModelProto proto = spm::parseModelProto(bytes, name);
  auto data = std::make_shared<spm::ModelData>();
  data->pieces = std::move(proto.pieces);
  data->trainer = std::move(proto.trainer);
  data->normalizerSpec = std::move(proto.normalizer);
  if (data->pieces.empty())
    throwCorrupt(name, "not a SentencePiece model: it has no pieces");
  switch (data->trainer.modelType) {
  case spm::ModelType::Unigram:
  case spm::ModelType::Bpe: break;
  case spm::ModelType::Word:
  case spm::ModelType::Char:
    throwUnsupported(name, std::string("a SentencePiece ") +
                               (data->trainer.modelType == spm::ModelType::Word ? "WORD" : "CHAR") +
                               " model; only UNIGRAM and BPE models are supported");
  default:
    throwCorrupt(name, "unknown SentencePiece model type " + std::to_string(static_cast<int>(data->trainer.modelType)));
  }
  indexPieces(*data, name);
  data->normalizer = spm::Normalizer(data->normalizerSpec, data->trainer.treatWhitespaceAsSuffix, name);
  // SentencePiece uses the denormalizer only when it has rules.
  if (proto.denormalizer && !proto.denormalizer->precompiledCharsmap.empty())
    data->denormalizer = spm::Normalizer(*proto.denormalizer, false, name);
  return SentencePieceModel(std::move(data));
}

std::vector<std::string> SentencePieceModel::encodeAsPieces(std::string_view utf8) const {
  const spm::ModelData &data = *m_data;
  const std::string normalized = data.normalizer.normalize(utf8, &data.userDefined);
  const std::vector<spm::Segment> segments = data.trainer.modelType == spm::ModelType::Bpe
                                                 ? spm::encodeBpe(data, normalized)
                                                 : spm::encodeUnigram(data, normalized);
  return spm::finishPieces(data, segments);
}

std::string SentencePieceModel::decodePieces(const std::vector<std::string> &pieces) const {
  const spm::ModelData &data = *m_data;
  const spm::NormalizerSpec &spec = data.normalizerSpec;
  std::string text;

  // A run of byte pieces becomes the characters it spells; a byte that starts no valid UTF-8
  // sequence reads as U+FFFD.
  std::string bytes;
  const auto flushBytes = [&] {
    for (std::size_t pos = 0; pos < bytes.size();) {
      const std::size_t length = spm::validCharLength(std::string_view(bytes).substr(pos));
      if (length == 0) {
        text.append(spm::kReplacementChar);
        ++pos;
      } else {
        text.append(bytes, pos, length);
        pos += length;
      }
    }
    bytes.clear();
  };

  // The space the dummy prefix put before the text goes: the U+2581 that starts the first piece
  // that has text (every leading one, one per piece, when extra whitespace is removed).
  bool atStart = true;
  bool startSpaceSeen = false;
  for (const std::string &piece : pieces) {
    const int id = data.pieceToId(piece);
    if (data.is(id, PieceType::Byte)) {
      bytes.push_back(static_cast<char>(pieceToByte(piece)));
      continue;
    }
    flushBytes();
    if (startSpaceSeen || !text.empty())
      atStart = false;
    startSpaceSeen = false;
    if (data.is(id, PieceType::Control))
      continue;
    if (data.is(id, PieceType::Unknown)) {
      text.append(data.pieces[static_cast<std::size_t>(id)].text == piece ? data.trainer.unkSurface : piece);
      continue;
    }
    std::string_view rest = piece;
    if (atStart && (spec.addDummyPrefix || spec.removeExtraWhitespaces)) {
      if (rest.starts_with(spm::kSpaceSymbol)) {
        rest.remove_prefix(spm::kSpaceSymbol.size());
        startSpaceSeen = !spec.removeExtraWhitespaces;
      }
    }
    for (std::size_t pos = 0; pos < rest.size();) {
      if (rest.substr(pos).starts_with(spm::kSpaceSymbol)) {
        text.push_back(' ');
        pos += spm::kSpaceSymbol.size();
      } else {
        text.push_back(rest[pos++]);
      }
    }
  }
  flushBytes();
  if (data.denormalizer)
    text = data.denormalizer->normalize(text, nullptr);
  return text;
}

int SentencePieceModel::size() const {
  return static_cast<int>(m_data->pieces.size());
}

int SentencePieceModel::pieceToId(std::string_view piece) const {
  return m_data->pieceToId(piece);
}

const std::string &SentencePieceModel::idToPiece(int id) const {
  if (id < 0 || id >= size())
    throw ModelError(ErrorCode::Input,
                     "SentencePiece id " + std::to_string(id) + " is out of range [0, " + std::to_string(size()) + ")");
  return m_data->pieces[static_cast<std::size_t>(id)].text;
}

float SentencePieceModel::score(int id) const {
  return id >= 0 && id < size() ? m_data->pieces[static_cast<std::size_t>(id)].score : 0.0f;
}

bool SentencePieceModel::isUnknown(int id) const {
  return id >= 0 && id < size() && m_data->is(id, PieceType::Unknown);
}

bool SentencePieceModel::isControl(int id) const {
  return id >= 0 && id < size() && m_data->is(id, PieceType::Control);
}

bool SentencePieceModel::isUnused(int id) const {
  return id >= 0 && id < size() && m_data->is(id, PieceType::Unused);
}

bool SentencePieceModel::isUserDefined(int id) const {
  return id >= 0 && id < size() && m_data->is(id, PieceType::UserDefined);
}

bool SentencePieceModel::isByte(int id) const {
  return id >= 0 && id < size() && m_data->is(id, PieceType::Byte);
}

int SentencePieceModel::unkId() const {
  return m_data->unkId;
}

} // namespace dragoman::torchrt
