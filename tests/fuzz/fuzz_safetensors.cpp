// safetensors files (model.safetensors of every Hugging Face folder): the header's length, its
// JSON, dtypes, shapes and data offsets. A file open() accepts must have every tensor's bytes inside
// the mapping: each one's first and last byte are read (ASan sees a read past the mapping).
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"
#include "tests/fuzz/fuzzfile.h"

#include <cstddef>
#include <cstdint>

using namespace dragoman::torchrt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string path = dragoman::fuzz::writeInput("model.safetensors", dragoman::fuzz::asText(data, size));
  try {
    const std::shared_ptr<const SafetensorsFile> file = SafetensorsFile::open(path);
    volatile unsigned sum = 0;
    for (const auto &[name, view] : file->tensors()) {
      if (view.bytes != static_cast<std::size_t>(view.numel()) * dtypeSize(view.dtype))
        __builtin_trap(); // open() promised shape × dtype size
      if (view.bytes > 0)
        sum = sum + static_cast<unsigned>(view.data[0]) + static_cast<unsigned>(view.data[view.bytes - 1]);
      (void)file->find(name);
    }
  } catch (const ModelError &) {
    // A refused file: what every malformed input must give.
  }
  return 0;
}
