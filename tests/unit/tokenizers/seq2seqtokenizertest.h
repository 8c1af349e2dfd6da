#pragma once
// What the translation tokenizers' tests share: ids and tokens shown as text in a failure, and a
// check that a call throws the expected ModelError naming what it should.

#include "core/inference/torch/runtime/errors.h"

#include <QString>
#include <QStringList>
#include <QTest>

#include <functional>
#include <string>
#include <vector>

namespace dragoman::test {

inline QString show(const std::vector<long long> &ids) {
  QStringList parts;
  for (const long long id : ids)
    parts << QString::number(id);
  return parts.join(' ');
}

inline QStringList show(const std::vector<std::string> &tokens) {
  QStringList out;
  for (const std::string &token : tokens)
    out << QString::fromStdString(token);
  return out;
}

inline void expectError(const std::function<void()> &call, torchrt::ErrorCode code, const QString &fragment) {
  try {
    call();
    QFAIL(qPrintable("no ModelError; expected one naming " + fragment));
  } catch (const torchrt::ModelError &e) {
    QVERIFY2(e.code() == code, e.what());
    QVERIFY2(QString::fromStdString(e.what()).contains(fragment), e.what());
  }
}

} // namespace dragoman::test
