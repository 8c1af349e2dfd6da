#include "tests/unit/whisperdecoding/testvocab.h"

#include "tests/support/testpaths.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

namespace dragoman::test {

const torchrt::whisper::WhisperVocab *whisperTestVocab() {
  static std::unique_ptr<torchrt::whisper::WhisperVocab> vocab;
  static bool tried = false;
  if (!tried) {
    tried = true;
    const QString file = sharedFile(QStringLiteral("data/whisper/multilingual.tiktoken"));
    if (file.isEmpty())
      return nullptr;
    QTemporaryDir dir;
    if (!dir.isValid() || !QFile::link(file, dir.filePath(QStringLiteral("multilingual.tiktoken"))))
      return nullptr;
    vocab = std::make_unique<torchrt::whisper::WhisperVocab>(
        torchrt::whisper::WhisperVocab::load(dir.path().toStdString(), 51865));
  }
  return vocab.get();
}

int singleToken(const torchrt::whisper::WhisperVocab &vocab, const std::string &text) {
  const std::vector<int> ids = vocab.encodeText(text);
  if (ids.size() != 1) {
    QTest::qFail(
        qPrintable(
            QStringLiteral("'%1' is %2 tokens, the test wants one").arg(QString::fromStdString(text)).arg(ids.size())),
        __FILE__, __LINE__);
    return -1;
  }
  return ids.front();
}

int timestampToken(const torchrt::whisper::WhisperVocab &vocab, double seconds) {
  return vocab.timestampBegin + static_cast<int>(std::lround(seconds / 0.02));
}

} // namespace dragoman::test
