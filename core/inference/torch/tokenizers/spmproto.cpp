#include "core/inference/torch/tokenizers/spmproto.h"

#include "core/inference/torch/runtime/protowire.h"
#include "core/inference/torch/tokenizers/bytebpeimpl.h"

#include <bit>

namespace dragoman::torchrt::spm {

namespace {

using protowire::EndGroup;
using protowire::Fixed32;
using protowire::LengthDelimited;
using protowire::Varint;
using WireReader = protowire::Reader;

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
void parseNested(WireReader &in, int type, const char *what, Message &message, Parse parse) {
  WireReader nested = in.message(type, what);
  parse(nested, message);
}

} // namespace

ModelProto parseModelProto(std::string_view bytes, const std::string &path) {
  ModelProto model;
  WireReader in(bytes, 0, path, "SentencePiece model");
  while (!in.atEnd()) {
    const auto [field, type] = in.tag();
    switch (field) {
    case 1:
      model.pieces.emplace_back();
      parseNested(in, type, "pieces", model.pieces.back(), parsePiece);
      break;
    case 2: parseNested(in, type, "trainer_spec", model.trainer, parseTrainerSpec); break;
    case 3: parseNested(in, type, "normalizer_spec", model.normalizer, parseNormalizerSpec); break;
    case 5:
      if (!model.denormalizer)
        model.denormalizer.emplace();
      parseNested(in, type, "denormalizer_spec", *model.denormalizer, parseNormalizerSpec);
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
