#pragma once
// config.json of a Hugging Face VITS folder (MMS-TTS), validated. No torch, no Qt.

#include <string>
#include <vector>

namespace dragoman::torchrt::vits {

enum class VitsActivation { Relu, Gelu };

struct VitsConfig {
  int vocabSize = 0;
  int hiddenSize = 0;
  int numHiddenLayers = 0;
  int numAttentionHeads = 0;
  int ffnDim = 0;
  int ffnKernelSize = 0;
  int windowSize = 0; // relative-position window of the text encoder's attention; 0: none
  double layerNormEps = 1e-5;
  VitsActivation hiddenAct = VitsActivation::Relu;
  int flowSize = 0;
  // Duration predictor
  bool useStochasticDurationPrediction = true;
  int durationPredictorKernelSize = 0;
  int durationPredictorFilterChannels = 0; // the deterministic predictor's width
  int depthSeparableChannels = 0;
  int depthSeparableNumLayers = 0;
  int durationPredictorFlowBins = 0;
  int durationPredictorNumFlows = 0;
  double durationPredictorTailBound = 5.0;
  // Prior flow (residual coupling with WaveNet)
  int priorEncoderNumFlows = 0;
  int priorEncoderNumWavenetLayers = 0;
  int wavenetKernelSize = 0;
  int wavenetDilationRate = 1;
  // HiFi-GAN
  int upsampleInitialChannel = 0;
  std::vector<int> upsampleRates, upsampleKernelSizes;
  std::vector<int> resblockKernelSizes;
  std::vector<std::vector<int>> resblockDilationSizes;
  int resblockType = 1; // 1: two convolutions per dilation (Hugging Face); 2: one (Piper's resblock "2")
  double leakyReluSlope = 0.1;
  // Speakers
  int numSpeakers = 1;
  int speakerEmbeddingSize = 0;
  // Synthesis defaults
  int samplingRate = 16000;
  double noiseScale = 0.667;
  double noiseScaleDuration = 0.8;
  double speakingRate = 1.0;
  long long padTokenId = 0;

  int hopLength() const; // product of the upsample rates: samples per spectrogram frame
};

// Reads folder/config.json. Throws ModelError naming the file and the field (missing, wrong type,
// out of range), or Unsupported for another model_type.
VitsConfig loadVitsConfig(const std::string &folder);
VitsConfig parseVitsConfig(const std::string &configJson, const std::string &fileForErrors);

} // namespace dragoman::torchrt::vits
