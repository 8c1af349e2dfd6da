#pragma once
// Random-weight Marian (OPUS-MT) and M2M100 / NLLB-200 folders at the real sizes, for benchmarks:
// speed and memory do not depend on the weights' values. No torch, no Qt in this header.

#include <optional>
#include <string>
#include <vector>

namespace dragoman::torchrt::seq2seq {

struct ModelShape {
  std::string name;      // opus-mt, nllb-600m
  std::string modelType; // "marian" | "m2m_100"
  int dModel = 0;
  int encoderLayers = 0;
  int decoderLayers = 0;
  int heads = 0;
  int ffn = 0;
  int vocabSize = 0;
  int maxPositions = 0;
  std::string activation; // config.json's activation_function
  long long padTokenId = 0;
  long long eosTokenId = 0;
  long long decoderStartTokenId = 0;
  long long parameters() const; // the weights written (tied embeddings counted once)
};

const std::vector<ModelShape> &knownShapes();
std::optional<ModelShape> shapeByName(const std::string &name);

// Writes folder/config.json, folder/generation_config.json and folder/model.safetensors (float32,
// Hugging Face's tensor names; matrices, embeddings and biases drawn from N(0, 0.02²), layer norms
// at 1/0, tied embeddings stored once as model.shared.weight, Marian's final_logits_bias). No
// tokenizer files. The folder is created; existing files are replaced. Throws ModelError on I/O errors.
void writeRandomModel(const std::string &folder, const ModelShape &shape, unsigned long long seed);

} // namespace dragoman::torchrt::seq2seq
