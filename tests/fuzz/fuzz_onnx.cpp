// The ONNX reader of Piper voices (protobuf's wire format read by hand): nodes, attributes,
// initializers with raw or typed data, graph inputs and outputs.
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/vits/onnx.h"
#include "tests/fuzz/fuzzfile.h"

#include <cstddef>
#include <cstdint>

using namespace dragoman::torchrt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  try {
    const vits::onnx::Graph g = vits::onnx::parseModel(dragoman::fuzz::asText(data, size), "voice.onnx");
    for (const vits::onnx::Tensor &t : g.initializers) {
      const long long count = t.elementCount();
      // What the reader keeps must be what the dims say, when it keeps data of that type.
      if (t.dataType == vits::onnx::Float && !t.floats.empty() && static_cast<long long>(t.floats.size()) != count)
        __builtin_trap();
      if (t.dataType == vits::onnx::Int64 && !t.ints.empty() && static_cast<long long>(t.ints.size()) != count)
        __builtin_trap();
    }
    for (const vits::onnx::Node &n : g.nodes)
      for (const vits::onnx::Attribute &a : n.attributes)
        (void)n.attribute(a.name);
  } catch (const ModelError &) {
  }
  return 0;
}
