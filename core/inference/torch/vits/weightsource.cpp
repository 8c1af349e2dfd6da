#include "core/inference/torch/vits/weightsource.h"

#include "core/inference/torch/runtime/errors.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace dragoman::torchrt::vits {

at::Tensor MapSource::get(const std::string &name, const std::vector<long long> &shape) {
  const auto it = m_tensors.find(name);
  if (it == m_tensors.end())
    throw ModelError(ErrorCode::Corrupt, m_source + ": missing tensor " + describe(name));
  const std::vector<int64_t> wanted(shape.begin(), shape.end());
  if (it->second.sizes() != at::IntArrayRef(wanted)) {
    auto text = [](at::IntArrayRef s) {
      std::string out = "[";
      for (std::size_t i = 0; i < s.size(); ++i)
        out += (i ? ", " : "") + std::to_string(s[i]);
      return out + "]";
    };
    throw ModelError(ErrorCode::Corrupt, m_source + ": tensor " + describe(name) + " has shape " +
                                             text(it->second.sizes()) + ", expected " + text(wanted));
  }
  return it->second.to(m_device, m_dtype);
}

std::string MapSource::describe(const std::string &name) const {
  const auto it = m_origins.find(name);
  return it == m_origins.end() ? name : it->second + " (" + name + ")";
}

RandomSource::RandomSource(std::uint64_t seed) : m_generator(at::make_generator<at::CPUGeneratorImpl>(seed)) {}

at::Tensor RandomSource::get(const std::string &name, const std::vector<long long> &shape) {
  const std::vector<int64_t> dims(shape.begin(), shape.end());
  at::Tensor t;
  const bool norm = name.find("norm") != std::string::npos;
  if (norm && name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0) {
    t = at::ones(dims);
  } else if (norm || (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0)) {
    t = at::zeros(dims);
  } else {
    int64_t fanIn = 1;
    for (std::size_t i = 1; i < dims.size(); ++i)
      fanIn *= dims[i];
    t = at::randn(dims, m_generator, at::TensorOptions().dtype(at::kFloat)) / std::sqrt(static_cast<double>(fanIn));
  }
  m_tensors[name] = t;
  return t;
}

} // namespace dragoman::torchrt::vits
