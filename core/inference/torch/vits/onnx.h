#pragma once
// Internal to core/inference/torch/vits: the part of an ONNX model file that loading a Piper voice
// needs, read straight from protobuf's wire format (no protobuf library): the graph's nodes (name,
// op type, inputs, outputs, integer attributes), its initializers (float32 / int64 tensors) and its
// input and output names. No torch, no Qt.

#include <string>
#include <string_view>
#include <vector>

namespace dragoman::torchrt::vits::onnx {

enum DataType : int { Float = 1, Int64 = 7 };

struct Attribute {
  std::string name;
  long long i = 0;
  std::vector<long long> ints;
};

struct Node {
  std::string name, opType;
  std::vector<std::string> inputs, outputs;
  std::vector<Attribute> attributes;
  const Attribute *attribute(const std::string &attributeName) const;
};

struct Tensor {
  std::string name;
  std::vector<long long> dims;
  int dataType = 0;
  std::vector<float> floats;    // dataType Float
  std::vector<long long> ints;  // dataType Int64
  long long elementCount() const;
};

struct Graph {
  std::vector<Node> nodes;
  std::vector<Tensor> initializers;
  std::vector<std::string> inputs, outputs;
};

// Reads path. Throws ModelError: NotFound when unreadable, Corrupt naming the file and the byte
// offset for a truncated or malformed file, Unsupported for weights stored outside the file or in
// a type other than float32 / int64 that the graph would need.
Graph readModel(const std::string &path);
Graph parseModel(std::string_view bytes, const std::string &fileForErrors);

} // namespace dragoman::torchrt::vits::onnx
