#include "core/inference/torch/tokenizers/spmproto.h"

#include "core/inference/torch/tokenizers/bytebpeimpl.h"

#include <bit>

namespace dragoman::torchrt::spm {

namespace {

enum WireType : int { Varint = 0, Fixed64 = 1, LengthDelimited = 2, StartGroup = 3, EndGroup = 4, Fixed32 = 5 };

// One message of the wire format: a sequence of (tag, value). Every read is bounds-checked and a
// malformed byte throws Corrupt with the offset in the file.
class WireReader {
public:
  WireReader(std::string_view bytes, std::size_t base, const std::string &path)
      : m_bytes(bytes), m_base(base), m_path(path) {}

  bool atEnd() const { return m_pos >= m_bytes.size(); }
  std::size_t offset() const { return m_base + m_pos; }

  // The next field's number and wire type.
  std::pair<std::uint32_t, int> tag() {
    const std::uint64_t key = varint();
    const auto field = static_cast<std::uint32_t>(key >> 3);
    if (field == 0 || (key >> 3) > 0x1FFFFFFF)
      fail("field number 0 or out of range");
    return {field, static_cast<int>(key & 7)};
  }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (atEnd())
        fail("truncated varint");
      const auto byte = static_cast<unsigned char>(m_bytes[m_pos++]);
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0)
        return value;
    }
    fail("varint longer than 10 bytes");
  }

  std::uint32_t fixed32() {
    if (m_bytes.size() - m_pos < 4)
      fail("truncated fixed32");
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i)
      value |= static_cast<std::uint32_t>(static_cast<unsigned char>(m_bytes[m_pos + i])) << (8 * i);
    m_pos += 4;
    return value;
  }

  // A length-delimited value; `base` receives its offset in the file.
  std::string_view bytes(std::size_t *base = nullptr) {
    const std::uint64_t length = varint();
    if (length > m_bytes.size() - m_pos)
      fail("a length-delimited field runs past the end (truncated file?)");
    if (base != nullptr)
      *base = offset();
    const std::string_view out = m_bytes.substr(m_pos, static_cast<std::size_t>(length));
    m_pos += static_cast<std::size_t>(length);
    return out;
  }

  bool boolean() { return varint() != 0; }
  std::int32_t int32() { return static_cast<std::int32_t>(static_cast<std::uint32_t>(varint())); }
  float float32() { return std::bit_cast<float>(fixed32()); }

  // Reads a value of `wireType` that the caller wanted, or fails naming `what`.
  void expect(int actual, int wanted, const char *what) {
    if (actual != wanted)
      fail(std::string("field ") + what + " has wire type " + std::to_string(actual) + ", expected " +
           std::to_string(wanted));
  }

  void skip(std::uint32_t field, int wireType, int depth = 0) {
    switch (wireType) {
    case Varint: varint(); return;
    case Fixed64:
      if (m_bytes.size() - m_pos < 8)
        fail("truncated fixed64");
      m_pos += 8;
      return;
    case LengthDelimited: bytes(); return;
    case Fixed32: fixed32(); return;
    case StartGroup:
      if (depth > 64)
        fail("groups nested too deeply");
      for (;;) {
        if (atEnd())
          fail("unterminated group");
        const auto [inner, innerType] = tag();
        if (innerType == EndGroup) {
          if (inner != field)
            fail("mismatched end of group");
          return;
        }
        skip(inner, innerType, depth + 1);
      }
    default: fail("invalid wire type " + std::to_string(wireType));
    }
  }

  [[noreturn]] void fail(const std::string &what) const {
    throwCorrupt(m_path, "not a SentencePiece model: " + what + " at byte " + std::to_string(offset()));
  }

private:
  std::string_view m_bytes;
  std::size_t m_pos = 0;
  std::size_t m_base = 0;
  const std::string &m_path;
};

void parsePiece(WireReader &in, Piece &piece) {
  while (!in.atEnd()) {
    const auto [field, type] = in.tag();
    if (field == 1) {
      in.expect(type, LengthDelimited, "piece");
      piece.text = std::string(in.bytes());
    } else if (field == 2) {
      in.expect(type, Fixed32, "score");
      piece.score = in.float32();
    } else if (field == 3) {
      in.expect(type, Varint, "type");
      const std::int32_t value = in.int32();
      if (value < 1 || value > 6)
        in.fail("unknown piece type " + std::to_string(value));
      piece.type = static_cast<PieceType>(value);
    } else if (type == EndGroup) {
      in.fail("unexpected end of group");
    } else {
      in.skip(field, type);
    }
  }
}

void parseTrainerSpec(WireReader &in, TrainerSpec &spec) {
  while (!in.atEnd()) {
    const auto [field, type] = in.tag();
    switch (field) {
    case 3:
      in.expect(type, Varint, "model_type");
      spec.modelType = static_cast<ModelType>(in.int32());
      break;
    case 24:
      in.expect(type, Varint, "treat_whitespace_as_suffix");
      spec.treatWhitespaceAsSuffix = in.boolean();
      break;
    case 35:
      in.expect(type, Varint, "byte_fallback");
      spec.byteFallback = in.boolean();
      break;
    case 44:
      in.expect(type, LengthDelimited, "unk_surface");
      spec.unkSurface = std::string(in.bytes());
      break;
    case 45:
      in.expect(type, LengthDelimited, "unk_piece");
      spec.unkPiece = std::string(in.bytes());
      break;
    default:
      if (type == EndGroup)
        in.fail("unexpected end of group");
      in.skip(field, type);
    }
  }
}

void parseNormalizerSpec(WireReader &in, NormalizerSpec &spec) {
  while (!in.atEnd()) {
    const auto [field, type] = in.tag();
    switch (field) {
    case 1:
      in.expect(type, LengthDelimited, "name");
      spec.name = std::string(in.bytes());
      break;
    case 2:
      in.expect(type, LengthDelimited, "precompiled_charsmap");
      spec.precompiledCharsmap = std::string(in.bytes());
      break;
    case 3:
      in.expect(type, Varint, "add_dummy_prefix");
      spec.addDummyPrefix = in.boolean();
      break;
    case 4:
      in.expect(type, Varint, "remove_extra_whitespaces");
      spec.removeExtraWhitespaces = in.boolean();
      break;
    case 5:
      in.expect(type, Varint, "escape_whitespaces");
      spec.escapeWhitespaces = in.boolean();
      break;
    default:
      if (type == EndGroup)
        in.fail("unexpected end of group");
      in.skip(field, type);
    }
  }
}

// A nested message: parsed in place, so that a repeated occurrence merges into the earlier one as
// protobuf does.
template <typename Message, typename Parse>
void parseNested(WireReader &in, int type, const char *what, const std::string &path, Message &message, Parse parse) {
  in.expect(type, LengthDelimited, what);
  std::size_t base = 0;
  const std::string_view body = in.bytes(&base);
  WireReader nested(body, base, path);
  parse(nested, message);
}

} // namespace

ModelProto parseModelProto(std::string_view bytes, const std::string &path) {
  ModelProto model;
  WireReader in(bytes, 0, path);
  while (!in.atEnd()) {
    const auto [field, type] = in.tag();
    switch (field) {
    case 1:
      model.pieces.emplace_back();
      parseNested(in, type, "pieces", path, model.pieces.back(), parsePiece);
      break;
    case 2: parseNested(in, type, "trainer_spec", path, model.trainer, parseTrainerSpec); break;
    case 3: parseNested(in, type, "normalizer_spec", path, model.normalizer, parseNormalizerSpec); break;
    case 5:
      if (!model.denormalizer)
        model.denormalizer.emplace();
      parseNested(in, type, "denormalizer_spec", path, *model.denormalizer, parseNormalizerSpec);
      break;
    default:
      if (type == EndGroup)
        in.fail("unexpected end of group");
      in.skip(field, type);
    }
  }
  return model;
}

} // namespace dragoman::torchrt::spm
