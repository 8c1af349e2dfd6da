#include "core/inference/torch/vits/onnx.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/protowire.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace dragoman::torchrt::vits::onnx {

namespace {

using protowire::LengthDelimited;
using protowire::Varint;
using Wire = protowire::Reader;

Attribute readAttribute(Wire w) {
  Attribute a;
  while (!w.atEnd()) {
    const auto [field, type] = w.tag();
    if (field == 1)
      a.name = w.string(type, "AttributeProto.name");
    else if (field == 3 && type == Varint)
      a.i = static_cast<long long>(w.varint());
    else if (field == 8)
      w.int64s(type, a.ints);
    else
      w.skip(field, type);
  }
  return a;
}

Node readNode(Wire w) {
  Node n;
  while (!w.atEnd()) {
    const auto [field, type] = w.tag();
    switch (field) {
    case 1: n.inputs.push_back(w.string(type, "NodeProto.input")); break;
    case 2: n.outputs.push_back(w.string(type, "NodeProto.output")); break;
    case 3: n.name = w.string(type, "NodeProto.name"); break;
    case 4: n.opType = w.string(type, "NodeProto.op_type"); break;
    case 5: n.attributes.push_back(readAttribute(w.message(type, "NodeProto.attribute"))); break;
    default: w.skip(field, type);
    }
  }
  return n;
}

Tensor readTensor(Wire w, const std::string &file) {
  Tensor t;
  std::string_view raw;
  bool hasRaw = false, external = false;
  while (!w.atEnd()) {
    const auto [field, type] = w.tag();
    switch (field) {
    case 1: w.int64s(type, t.dims); break;
    case 2: w.expect(type, Varint, "TensorProto.data_type"); t.dataType = static_cast<int>(w.varint()); break;
    case 4: w.floats(type, t.floats); break;
    case 7: w.int64s(type, t.ints); break;
    case 8: t.name = w.string(type, "TensorProto.name"); break;
    case 9:
      w.expect(type, LengthDelimited, "TensorProto.raw_data");
      raw = w.bytes();
      hasRaw = true;
      break;
    case 14:
      w.expect(type, Varint, "TensorProto.data_location");
      external = w.varint() == 1;
      break;
    default: w.skip(field, type);
    }
  }
  if (external)
    throw ModelError(ErrorCode::Unsupported,
                     file + ": initializer " + t.name + " keeps its data in an external file (not supported)");
  long long count = 1;
  for (long long d : t.dims) {
    if (d < 0 || (d > 0 && count > (1LL << 40) / d))
      w.fail("initializer " + t.name + " has a negative or impossibly large dimension");
    count *= d;
  }
  if (hasRaw) {
    const std::size_t size = t.dataType == Float ? 4 : t.dataType == Int64 ? 8 : 0;
    if (size != 0) {
      if (raw.size() % size != 0 || raw.size() / size != static_cast<unsigned long long>(count))
        w.fail("initializer " + t.name + " holds " + std::to_string(raw.size()) + " bytes for " +
               std::to_string(count) + " elements");
      if (t.dataType == Float) {
        t.floats.resize(static_cast<std::size_t>(count));
        std::memcpy(t.floats.data(), raw.data(), raw.size());
      } else {
        t.ints.resize(static_cast<std::size_t>(count));
        std::memcpy(t.ints.data(), raw.data(), raw.size());
      }
    }
  }
  if ((t.dataType == Float && static_cast<long long>(t.floats.size()) != count) ||
      (t.dataType == Int64 && static_cast<long long>(t.ints.size()) != count))
    w.fail("initializer " + t.name + " has the wrong number of elements for its shape");
  return t;
}

std::string valueInfoName(Wire w) {
  std::string name;
  while (!w.atEnd()) {
    const auto [field, type] = w.tag();
    if (field == 1)
      name = w.string(type, "ValueInfoProto.name");
    else
      w.skip(field, type);
  }
  return name;
}

Graph readGraph(Wire w, const std::string &file) {
  Graph g;
  while (!w.atEnd()) {
    const auto [field, type] = w.tag();
    switch (field) {
    case 1: g.nodes.push_back(readNode(w.message(type, "GraphProto.node"))); break;
    case 5: g.initializers.push_back(readTensor(w.message(type, "GraphProto.initializer"), file)); break;
    case 11: g.inputs.push_back(valueInfoName(w.message(type, "GraphProto.input"))); break;
    case 12: g.outputs.push_back(valueInfoName(w.message(type, "GraphProto.output"))); break;
    default: w.skip(field, type);
    }
  }
  return g;
}

} // namespace

const Attribute *Node::attribute(const std::string &attributeName) const {
  for (const Attribute &a : attributes)
    if (a.name == attributeName)
      return &a;
  return nullptr;
}

long long Tensor::elementCount() const {
  long long n = 1;
  for (long long d : dims)
    n *= d;
  return n;
}

Graph parseModel(std::string_view bytes, const std::string &fileForErrors) {
  Wire w(bytes, 0, fileForErrors, "readable ONNX model");
  bool seen = false;
  Graph g;
  while (!w.atEnd()) {
    const auto [field, type] = w.tag();
    if (field == 7) {
      g = readGraph(w.message(type, "ModelProto.graph"), fileForErrors);
      seen = true;
    } else {
      w.skip(field, type);
    }
  }
  if (!seen || g.nodes.empty())
    throw ModelError(ErrorCode::Corrupt, fileForErrors + ": not a readable ONNX model (no graph)");
  return g;
}

Graph readModel(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ModelError(ErrorCode::NotFound, path + ": cannot open the ONNX model");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad())
    throw ModelError(ErrorCode::Corrupt, path + ": read error");
  return parseModel(bytes, path);
}

} // namespace dragoman::torchrt::vits::onnx
