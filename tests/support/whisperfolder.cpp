#include "tests/support/whisperfolder.h"

#include "tests/support/testpaths.h"

#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QTemporaryDir>

namespace dragoman::test {

QString makeTinyWhisperFolder(const QTemporaryDir &dir) {
  const QString config = sharedFile(QStringLiteral("fixtures/whisper-tiny-random/config.json"));
  const QString weights = sharedFile(QStringLiteral("fixtures/whisper-tiny-random/model.safetensors"));
  const QString vocab = sharedFile(QStringLiteral("data/whisper/multilingual.tiktoken"));
  if (config.isEmpty() || weights.isEmpty() || vocab.isEmpty() || !dir.isValid())
    return {};
  const QDir d(dir.path());
  for (const QString &file : {config, weights, vocab}) {
    const QString link = d.filePath(QFileInfo(file).fileName());
    if (!QFileInfo::exists(link) && !QFile::link(QFileInfo(file).absoluteFilePath(), link))
      return {};
  }
  return dir.path();
}

} // namespace dragoman::test
