#pragma once
// Whisper's config.json (Hugging Face layout), validated. No torch, no Qt.

#include <string>

namespace dragoman::torchrt::whisper {

struct WhisperConfig {
  int dModel = 0;
  int encoderLayers = 0;
  int decoderLayers = 0;
  int encoderHeads = 0;
  int decoderHeads = 0;
  int encoderFfn = 0;
  int decoderFfn = 0;
  int numMelBins = 80;
  int vocabSize = 0;
  int maxSourcePositions = 1500;
  int maxTargetPositions = 448;
  bool scaleEmbedding = false;
  int decoderStartTokenId = 50258;
  int eosTokenId = 50257;
};

// Reads and checks folder/config.json. Throws ModelError naming the file and the field
// (missing, wrong type, out of range, or an unsupported model_type / activation).
WhisperConfig loadConfig(const std::string &folder);
WhisperConfig parseConfig(const std::string &json, const std::string &fileNameForErrors);

} // namespace dragoman::torchrt::whisper
