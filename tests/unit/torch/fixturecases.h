#pragma once
// Reads a reference fixture (cases.safetensors) into ATen tensors for the Whisper tests.

#include <ATen/core/Tensor.h>

#include <QString>

#include <memory>
#include <string>

namespace dragoman::torchrt {
class SafetensorsFile;
}

namespace dragoman::test {

class FixtureCases {
public:
  explicit FixtureCases(const QString &path); // throws ModelError when unreadable
  at::Tensor get(const std::string &name) const; // a copy (float32 / int64), owned
  bool has(const std::string &name) const;
  // `ours` against the fixture's tensor `name`: same shape, values within `tolerance`. A mismatch
  // fails the running Qt test naming `stage`; the difference is logged either way.
  bool matches(const at::Tensor &ours, const std::string &name, double tolerance, const char *stage) const;

private:
  std::shared_ptr<const torchrt::SafetensorsFile> m_file;
};

} // namespace dragoman::test
