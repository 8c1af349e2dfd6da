#pragma once
// config.json and generation_config.json of a Marian (OPUS-MT) or M2M100 / NLLB folder, validated.
// No torch, no Qt.

#include "core/inference/torch/generation/generationconfig.h"

#include <string>

namespace dragoman::torchrt::seq2seq {

enum class Family { Marian, M2M100 };
enum class Activation { Swish, Relu, Gelu, GeluTanh };

struct Seq2SeqConfig {
  Family family = Family::Marian;
  std::string modelType; // "marian" | "m2m_100"
  int dModel = 0;
  int encoderLayers = 0, decoderLayers = 0;
  int encoderHeads = 0, decoderHeads = 0;
  int encoderFfn = 0, decoderFfn = 0;
  int vocabSize = 0;
  int maxPositions = 0;
  Activation activation = Activation::Swish;
  bool scaleEmbedding = false;
  bool preLayerNorm = false;   // M2M100: norms before each block and at the end of each stack
  bool tieWordEmbeddings = true;
  long long padTokenId = 0;
  generation::GenerationConfig generation; // config.json, then generation_config.json over it
};

// Reads folder/config.json and, when present, folder/generation_config.json. Throws ModelError
// naming the file and the field (missing, wrong type, out of range), or Unsupported for another
// model_type.
Seq2SeqConfig loadSeq2SeqConfig(const std::string &folder);
Seq2SeqConfig parseSeq2SeqConfig(const std::string &configJson, const std::string &generationJson,
                                 const std::string &folderForErrors);

} // namespace dragoman::torchrt::seq2seq
