// Byte-level BPE tokenizers (Whisper and GPT-2 style): tokenizer.json, vocab.json + merges.txt +
// added_tokens.json, and .tiktoken files. The first byte picks the format; the rest is split into
// the files at NUL bytes. A tokenizer that loads then encodes and decodes text, invalid UTF-8
// included, and every id it has.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/bytebpe.h"
#include "tests/fuzz/fuzzfile.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

using namespace dragoman::torchrt;

namespace {

std::vector<std::string_view> parts(std::string_view bytes, std::size_t count) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < count) {
    const std::size_t cut = bytes.find('\0');
    if (cut == std::string_view::npos)
      break;
    out.push_back(bytes.substr(0, cut));
    bytes.remove_prefix(cut + 1);
  }
  out.push_back(bytes);
  while (out.size() < count)
    out.emplace_back();
  return out;
}

void exercise(const ByteBpeTokenizer &t) {
  for (const std::string_view text : {std::string_view(" Hello world, 123!\n"), std::string_view("\xe2\x82\xac\xff x\xc3")}) {
    const std::vector<int> ids = t.encode(text);
    (void)t.decode(ids);
  }
  std::vector<int> all;
  for (int id = 0; id < t.vocabSize() && id < 4096; ++id)
    all.push_back(id);
  all.push_back(-1);
  all.push_back(t.vocabSize() + 7);
  (void)t.decode(all);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0)
    return 0;
  using dragoman::fuzz::writeInput;
  const std::string_view rest = dragoman::fuzz::asText(data + 1, size - 1);
  try {
    switch (data[0] % 3) {
    case 0:
      exercise(ByteBpeTokenizer::fromTokenizerJson(writeInput("tokenizer.json", rest)));
      break;
    case 1: {
      const std::vector<std::string_view> files = parts(rest, 3);
      exercise(ByteBpeTokenizer::fromVocabMerges(writeInput("vocab.json", files[0]), writeInput("merges.txt", files[1]),
                                                 files[2].empty() ? std::string() : writeInput("added_tokens.json", files[2])));
      break;
    }
    default:
      exercise(ByteBpeTokenizer::fromTiktoken(writeInput("vocab.tiktoken", rest), {"<|endoftext|>", "<|startoftranscript|>"}));
      break;
    }
  } catch (const ModelError &) {
  }
  return 0;
}
