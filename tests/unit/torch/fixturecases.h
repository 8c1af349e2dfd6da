#pragma once
// Reads a reference fixture (cases.safetensors) into ATen tensors, and the helpers the fixture tests
// share (case rows, ids).

#include <ATen/core/Tensor.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <string>
#include <vector>

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

// A case list's rows for a data-driven test: one column "name", a row per case.
void addCaseRows(const QJsonArray &cases);
// The case of that name ({} when there is none).
QJsonObject caseNamed(const QJsonArray &cases, const QString &name);
// A tensor's values as ids, and ids as text for QCOMPARE.
std::vector<long long> idsOf(const at::Tensor &t);
QString idsText(const std::vector<long long> &ids);

} // namespace dragoman::test
