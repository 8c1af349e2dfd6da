// config.json (and generation_config.json) of each model family: Whisper, Marian / M2M100 /
// NLLB, VITS. The first byte picks the family; for sequence-to-sequence models the rest is split
// at the first NUL into config.json and generation_config.json.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/seq2seq/config.h"
#include "core/inference/torch/vits/config.h"
#include "core/inference/torch/whisper/config.h"
#include "tests/fuzz/fuzzfile.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace dragoman::torchrt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::string rest(dragoman::fuzz::asText(data + 1, size - 1));
  try {
    switch (data[0] % 3) {
    case 0:
      (void)whisper::parseConfig(rest, "config.json");
      break;
    case 1: {
      const std::size_t cut = rest.find('\0');
      (void)seq2seq::parseSeq2SeqConfig(rest.substr(0, cut), cut == std::string::npos ? std::string() : rest.substr(cut + 1), "model");
      break;
    }
    default: {
      const vits::VitsConfig c = vits::parseVitsConfig(rest, "config.json");
      (void)c.hopLength();
      break;
    }
    }
  } catch (const ModelError &) {
  }
  return 0;
}
