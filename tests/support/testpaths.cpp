#include "tests/support/testpaths.h"

#include <QDir>
#include <QFileInfo>

namespace dragoman::test {

QString sharedDir() {
  for (const char *var : {"DRAGOMAN_SHARED", "DRAGOMAN_SHARED_DEFAULT"}) {
    const QString dir = qEnvironmentVariable(var);
    if (!dir.isEmpty() && QFileInfo(dir).isDir())
      return QDir(dir).absolutePath();
  }
  return {};
}

QString sharedFile(const QString &relative) {
  const QString dir = sharedDir();
  if (dir.isEmpty())
    return {};
  const QString path = dir + QLatin1Char('/') + relative;
  return QFileInfo::exists(path) ? path : QString();
}

QString dragomanBinary() { return QStringLiteral(DRAGOMAN_BINARY_PATH); }
QString sourceDir() { return QStringLiteral(DRAGOMAN_SOURCE_DIR); }

} // namespace dragoman::test
