#include "core/inference/torch/runtime/weights.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"

#include <ATen/ATen.h>
#include <torch/serialize.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace dragoman::torchrt {

namespace {

at::ScalarType toScalar(DType t) {
  switch (t) {
  case DType::F64: return at::kDouble;
  case DType::F32: return at::kFloat;
  case DType::F16: return at::kHalf;
  case DType::BF16: return at::kBFloat16;
  case DType::I64: return at::kLong;
  case DType::I32: return at::kInt;
  case DType::I16: return at::kShort;
  case DType::I8: return at::kChar;
  case DType::U8: return at::kByte;
  case DType::Bool: return at::kBool;
  }
  return at::kFloat;
}

std::string shapeText(at::IntArrayRef shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

} // namespace

at::ScalarType scalarTypeOf(const std::string &name) {
  if (name == "float16")
    return at::kHalf;
  if (name == "bfloat16")
    return at::kBFloat16;
  return at::kFloat;
}

struct WeightLoader::Impl {
  std::optional<SafetensorsSet> safetensors;
  std::map<std::string, at::Tensor> pickled; // pytorch_model.bin
  at::Device device = at::kCPU;
  at::ScalarType dtype = at::kFloat;
  std::string source;
  long long bytes = 0;
};

WeightLoader::WeightLoader(const std::string &folder, const ResolvedRuntime &runtime) : d(std::make_unique<Impl>()) {
  d->device = at::Device(runtime.device);
  d->dtype = scalarTypeOf(runtime.dtype);
  namespace fs = std::filesystem;
  if (SafetensorsSet::folderHasSafetensors(folder)) {
    d->safetensors = SafetensorsSet::openFolder(folder);
    for (const auto &f : d->safetensors->files())
      d->source += (d->source.empty() ? "" : ", ") + f->path();
    return;
  }
  const fs::path bin = fs::path(folder) / "pytorch_model.bin";
  std::error_code ec;
  if (!fs::exists(bin, ec))
    throw ModelError(ErrorCode::NotFound,
                     folder + ": no model.safetensors, model.safetensors.index.json or pytorch_model.bin");
  d->source = bin.string();
  std::ifstream in(bin, std::ios::binary);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    const c10::IValue value = torch::pickle_load(bytes);
    if (!value.isGenericDict())
      throw ModelError(ErrorCode::Corrupt, d->source + ": not a state dict (expected a mapping of names to tensors)");
    for (const auto &entry : value.toGenericDict()) {
      if (!entry.key().isString() || !entry.value().isTensor())
        continue;
      d->pickled.emplace(entry.key().toStringRef(), entry.value().toTensor());
    }
  } catch (const c10::Error &e) {
    throw ModelError(ErrorCode::Corrupt, d->source + ": cannot read the PyTorch checkpoint: " + e.what_without_backtrace());
  }
}

WeightLoader::~WeightLoader() = default;

bool WeightLoader::has(const std::string &name) const {
  return d->safetensors ? d->safetensors->find(name) != nullptr : d->pickled.count(name) > 0;
}

at::Tensor WeightLoader::getOptional(const std::string &name, const std::vector<long long> &shape) {
  if (!has(name))
    return {};
  return get(name, shape);
}

at::Tensor WeightLoader::get(const std::string &name, const std::vector<long long> &shape) {
  at::Tensor t;
  std::shared_ptr<const SafetensorsFile> file;
  if (d->safetensors) {
    const TensorView *v = d->safetensors->find(name);
    if (!v)
      throw ModelError(ErrorCode::Corrupt, d->source + ": tensor '" + name + "' is missing");
    file = d->safetensors->fileHolding(name);
    const std::vector<int64_t> dims(v->shape.begin(), v->shape.end());
    t = at::from_blob(const_cast<std::byte *>(v->data), dims,
                      at::TensorOptions().dtype(toScalar(v->dtype)).device(at::kCPU));
  } else {
    const auto it = d->pickled.find(name);
    if (it == d->pickled.end())
      throw ModelError(ErrorCode::Corrupt, d->source + ": tensor '" + name + "' is missing");
    t = it->second;
  }
  const std::vector<int64_t> expected(shape.begin(), shape.end());
  if (t.sizes() != at::IntArrayRef(expected))
    throw ModelError(ErrorCode::Corrupt, d->source + ": tensor '" + name + "' has shape " + shapeText(t.sizes()) +
                                             ", the config implies " + shapeText(expected));
  const at::ScalarType target = at::isFloatingType(t.scalar_type()) ? d->dtype : t.scalar_type();
  at::Tensor out;
  if (file && d->device.is_cpu() && t.scalar_type() == target &&
      reinterpret_cast<std::uintptr_t>(t.data_ptr()) % t.element_size() == 0) {
    // Already what the model runs in: the tensor views the read-only mapping, which it keeps
    // alive, instead of copying it (an NLLB-600M load held the file's pages and a copy of them
    // at once). The model never writes its weights; files are replaced by renaming, never
    // rewritten in place.
    out = at::from_blob(t.data_ptr(), t.sizes(), [file](void *) {}, t.options());
  } else {
    // A pickled tensor already in the dtype stays as it is; anything else is converted or moved.
    out = t.to(d->device, target, /*non_blocking=*/false, /*copy=*/file != nullptr).contiguous();
  }
  d->bytes += static_cast<long long>(out.numel() * out.element_size());
  return out;
}

const std::string &WeightLoader::source() const { return d->source; }
long long WeightLoader::bytesLoaded() const { return d->bytes; }

} // namespace dragoman::torchrt
