#pragma once
// Internal to core/inference/torch: a model folder's weights as ATen tensors on the chosen device
// and dtype. Names ATen types, so only .cpp files of this folder include it.

#include "core/inference/torch/runtime/device.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

namespace dragoman::torchrt {

class WeightLoader {
public:
  // model.safetensors (or its sharded index), else pytorch_model.bin through LibTorch's unpickler.
  // Throws ModelError: NotFound when the folder has neither, Corrupt for a malformed file.
  WeightLoader(const std::string &folder, const ResolvedRuntime &runtime);
  ~WeightLoader();
  WeightLoader(const WeightLoader &) = delete;
  WeightLoader &operator=(const WeightLoader &) = delete;

  bool has(const std::string &name) const;
  // The tensor converted to the runtime's dtype (floating tensors only) and device; its shape must
  // equal `shape` or ModelError(Corrupt) names the tensor, the shape found and the one expected.
  // A safetensors tensor already in that dtype, on the CPU, views the file's read-only mapping
  // (kept alive by the tensor) instead of being copied: never write to a loaded weight in place.
  at::Tensor get(const std::string &name, const std::vector<long long> &shape);
  // Same, optional: an undefined tensor when absent.
  at::Tensor getOptional(const std::string &name, const std::vector<long long> &shape);
  const std::string &source() const; // the file(s) read, for messages
  long long bytesLoaded() const;     // bytes of the tensors handed out, after conversion

private:
  struct Impl;
  std::unique_ptr<Impl> d;
};

at::ScalarType scalarTypeOf(const std::string &dtypeName); // "float32" -> at::kFloat, ...

} // namespace dragoman::torchrt
