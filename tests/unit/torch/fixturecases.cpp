#include "tests/unit/torch/fixturecases.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"

#include <ATen/ATen.h>

#include <QTest>

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

bool FixtureCases::matches(const at::Tensor &ours, const std::string &name, double tolerance, const char *stage) const {
  const at::Tensor ref = get(name);
  if (ours.sizes() != ref.sizes()) {
    QTest::qFail(qPrintable(QStringLiteral("%1: shape differs from %2").arg(QLatin1String(stage), QString::fromStdString(name))),
                 __FILE__, __LINE__);
    return false;
  }
  const double d = (ours.to(at::kFloat) - ref.to(at::kFloat)).abs().max().item<double>();
  qInfo("%s %s max |diff| %.3g", name.c_str(), stage, d);
  if (!(d <= tolerance)) {
    QTest::qFail(qPrintable(QStringLiteral("%1: max difference %2 > %3").arg(QLatin1String(stage)).arg(d).arg(tolerance)),
                 __FILE__, __LINE__);
    return false;
  }
  return true;
}

void addCaseRows(const QJsonArray &cases) {
  QTest::addColumn<QString>("name");
  for (const QJsonValue &c : cases) {
    const QString name = c.toObject().value(QStringLiteral("name")).toString();
    QTest::newRow(qPrintable(name)) << name;
  }
}

QJsonObject caseNamed(const QJsonArray &cases, const QString &name) {
  for (const QJsonValue &c : cases)
    if (c.toObject().value(QStringLiteral("name")).toString() == name)
      return c.toObject();
  return {};
}

std::vector<long long> idsOf(const at::Tensor &t) {
  const at::Tensor c = t.reshape({-1}).to(at::kLong).contiguous();
  return std::vector<long long>(c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel());
}

QString idsText(const std::vector<long long> &ids) {
  QStringList s;
  for (long long id : ids)
    s << QString::number(id);
  return s.join(QLatin1Char(' '));
}

} // namespace dragoman::test
