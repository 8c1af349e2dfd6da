#pragma once
// A Whisper model folder for tests, made at test time from the shared tiny random-weight fixture
// (config.json + model.safetensors) and openai's multilingual.tiktoken, by symbolic links: nothing
// of ../shared is copied.

#include <QString>

class QTemporaryDir;

namespace dragoman::test {

// Fills `dir` and returns its path, or an empty string when the shared files are absent.
QString makeTinyWhisperFolder(const QTemporaryDir &dir);

} // namespace dragoman::test

#define DRAGOMAN_REQUIRE_TINY_WHISPER(var, dir)                                                          \
  const QString var = dragoman::test::makeTinyWhisperFolder(dir);                                       \
  if (var.isEmpty())                                                                                     \
    QSKIP("shared fixture whisper-tiny-random or data/whisper/multilingual.tiktoken not found: set "     \
          "DRAGOMAN_SHARED to the shared/ folder")
