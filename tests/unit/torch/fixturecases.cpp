#include "tests/unit/torch/fixturecases.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"

#include <ATen/ATen.h>

namespace dragoman::test {

FixtureCases::FixtureCases(const QString &path) : m_file(torchrt::SafetensorsFile::open(path.toStdString())) {}

bool FixtureCases::has(const std::string &name) const { return m_file->find(name) != nullptr; }

at::Tensor FixtureCases::get(const std::string &name) const {
  const torchrt::TensorView *v = m_file->find(name);
  if (!v)
    throw torchrt::ModelError(torchrt::ErrorCode::Corrupt, "fixture tensor " + name + " missing");
  const auto type = v->dtype == torchrt::DType::I64 ? at::kLong : at::kFloat;
  const std::vector<int64_t> shape(v->shape.begin(), v->shape.end());
  return at::from_blob(const_cast<std::byte *>(v->data), shape, at::TensorOptions().dtype(type)).clone();
}

} // namespace dragoman::test
