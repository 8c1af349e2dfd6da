#pragma once
// Internal to core/inference/torch/vits (ATen types): where VitsModel's weights come from, each
// asked for by its Hugging Face name and shape.

#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/runtime/weights.h"

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dragoman::torchrt::vits {

// Where the weights come from: a Hugging Face folder (WeightLoader) or tensors already named the
// Hugging Face way (a Piper voice, translated).
class Source {
public:
  virtual ~Source() = default;
  virtual bool has(const std::string &name) const = 0;
  virtual at::Tensor get(const std::string &name, const std::vector<long long> &shape) = 0;
};

class LoaderSource final : public Source {
public:
  explicit LoaderSource(WeightLoader &loader) : m_loader(loader) {}
  bool has(const std::string &name) const override { return m_loader.has(name); }
  at::Tensor get(const std::string &name, const std::vector<long long> &shape) override {
    return m_loader.get(name, shape);
  }

private:
  WeightLoader &m_loader;
};

class MapSource final : public Source {
public:
  MapSource(const std::map<std::string, at::Tensor> &tensors, const std::map<std::string, std::string> &origins,
            const std::string &source, const ResolvedRuntime &runtime)
      : m_tensors(tensors), m_origins(origins), m_source(source), m_device(runtime.device),
        m_dtype(scalarTypeOf(runtime.dtype)) {}
  bool has(const std::string &name) const override { return m_tensors.count(name) != 0; }
  // Throws ModelError(Corrupt) naming a missing or misshapen tensor (and its name in the voice).
  at::Tensor get(const std::string &name, const std::vector<long long> &shape) override;

private:
  std::string describe(const std::string &name) const;
  const std::map<std::string, at::Tensor> &m_tensors;
  const std::map<std::string, std::string> &m_origins;
  std::string m_source;
  at::Device m_device;
  at::ScalarType m_dtype;
};

// Draws each tensor as it is asked for: N(0, 1/fan_in) for weights, layer norms at 1 and 0.
class RandomSource final : public Source {
public:
  explicit RandomSource(std::uint64_t seed);
  bool has(const std::string &) const override { return false; } // plain weights, no weight norm
  at::Tensor get(const std::string &name, const std::vector<long long> &shape) override;
  std::map<std::string, at::Tensor> take() { return std::move(m_tensors); }

private:
  at::Generator m_generator;
  std::map<std::string, at::Tensor> m_tensors;
};

} // namespace dragoman::torchrt::vits
