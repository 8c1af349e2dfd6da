// SentencePiece models (Marian's source.spm / target.spm, NLLB's sentencepiece.bpe.model): the
// protobuf, the precompiled normaliser's trie and replacement strings, the pieces; a model that
// loads then encodes and decodes text with invalid UTF-8 in it.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/sentencepiece.h"
#include "tests/fuzz/fuzzfile.h"

#include <cstddef>
#include <cstdint>

using namespace dragoman::torchrt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  try {
    const SentencePieceModel model = SentencePieceModel::fromBytes(dragoman::fuzz::asText(data, size), "source.spm");
    for (const std::string_view text : {std::string_view("Hello, world! ¿Qué tal?  \t x"), std::string_view("\xff\xfe a\xc3")}) {
      const std::vector<std::string> pieces = model.encodeAsPieces(text);
      (void)model.decodePieces(pieces);
    }
  } catch (const ModelError &) {
  }
  return 0;
}
