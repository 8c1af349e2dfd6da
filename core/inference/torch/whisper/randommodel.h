#pragma once
// Random-weight Whisper folders at the real sizes, for benchmarks (speed and memory do not depend
// on the weights' values). No torch, no Qt in this header.

#include <optional>
#include <string>
#include <vector>

namespace dragoman::torchrt::whisper {

struct ModelShape {
  std::string name; // tiny, base, small, medium, large-v3, large-v3-turbo
  int dModel = 0;
  int encoderLayers = 0;
  int decoderLayers = 0;
  int heads = 0;
  int melBins = 80;
  int vocabSize = 51865;
  long long parameters() const; // approximate count, for messages
};

const std::vector<ModelShape> &knownShapes();
std::optional<ModelShape> shapeByName(const std::string &name);

// Writes folder/config.json and folder/model.safetensors (float32 or float16 weights drawn from
// N(0, 0.02²), layer norms at 1/0, the encoder's sinusoidal positions as Whisper has them).
// The folder is created; existing files are replaced. Throws ModelError on I/O errors.
void writeRandomModel(const std::string &folder, const ModelShape &shape, unsigned long long seed, bool float16);

} // namespace dragoman::torchrt::whisper
