#pragma once
// Internal to core/inference/torch/vits: a Piper voice (NAME.onnx + NAME.onnx.json, as piper's
// exporter writes them) turned into the VITS network of model.h. The ONNX initializers are placed
// back at their module paths (by name, by the consuming node's name, else by the graph's
// structure), translated to the Hugging Face names VitsModel reads, and the architecture is derived
// from their shapes and the graph's attributes. Names ATen types: .cpp files of this folder and its
// tests only.

#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/vits/config.h"
#include "core/inference/torch/vits/onnx.h"

#include <ATen/core/Tensor.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dragoman::torchrt::vits {

// NAME.onnx.json.
struct PiperVoiceConfig {
  int sampleRate = 0;
  double noiseScale = 0.667, lengthScale = 1.0, noiseW = 0.8;
  int numSpeakers = 1;
  std::map<std::string, int> speakerIdMap; // speaker_id_map: a name for each speaker id (may be empty)
  std::map<std::string, std::vector<long long>> phonemeIdMap;
  std::string espeakVoice; // empty when the voice is not phonemised with eSpeak
};

// Throws ModelError(Corrupt) naming the file and the missing or malformed field.
PiperVoiceConfig parsePiperConfig(const std::string &jsonText, const std::string &fileForErrors);
PiperVoiceConfig loadPiperConfig(const std::string &jsonPath);

// How each initializer was placed.
struct PiperPlacement {
  std::string initializer; // its name in the ONNX file
  std::string path;        // the module path in piper's model (e.g. flow.flows.6.enc.in_layers.0.weight)
  std::string how;         // "name", "node name", "graph structure"
  bool negated = false;    // stored negated (dp.flows.0.logs, folded into its Exp)
  bool exponentiated = false; // stored as exp(-x) (dp.flows.0.logs with its Exp folded too)
};

struct PiperPlacementReport {
  int initializers = 0;                 // in the file
  std::vector<PiperPlacement> placed;   // every weight, in file order
  std::vector<std::string> ignored;     // graph constants (int64, float scalars) and initializers no node reads
  int recovered() const;                // placed other than by name
};

// The weights of graph as piper module paths (float32 tensors, negation undone). Throws
// ModelError(Unsupported) naming every float initializer that cannot be placed (other than a
// scalar constant of the graph's arithmetic), Corrupt for two initializers placed at the same path.
std::map<std::string, at::Tensor> placePiperWeights(const onnx::Graph &graph, const std::string &file,
                                                    PiperPlacementReport *report = nullptr);
// The same without copying the weights: the tensors share the graph's float data, and the graph
// lives as long as any of them.
std::map<std::string, at::Tensor> placePiperWeights(std::shared_ptr<const onnx::Graph> graph, const std::string &file,
                                                    PiperPlacementReport *report = nullptr);

// The Hugging Face name VitsModel reads for a piper module path; "" for a tensor inference does
// not use (posterior encoder, training-only parts, speaker tables); "?" for a name that is not a
// piper weight.
std::string hfNameOfPiper(const std::string &piperPath, bool stochasticDuration);
inline constexpr char kNotAPiperWeight[] = "?";

struct PiperVoice {
  VitsConfig config;                          // derived from the tensors, the graph and the json
  PiperVoiceConfig voice;                     // NAME.onnx.json
  std::map<std::string, at::Tensor> tensors;  // Hugging Face names, float32 on the CPU
  std::map<std::string, std::string> origins; // Hugging Face name -> piper path, for messages
  PiperPlacementReport report;
};

// NAME.onnx and NAME.onnx.json beside it. Throws ModelError naming the file at fault: NotFound,
// Corrupt (truncated file, missing json field, inconsistent shapes), Unsupported (unplaceable
// weights, several speakers).
PiperVoice loadPiperVoice(const std::string &onnxPath);

} // namespace dragoman::torchrt::vits
