// Audio files given to `dragoman translate`, `asr`, the API's uploads: readAudioFile() over
// libsndfile (WAV, FLAC, Ogg/Vorbis/Opus, MP3 headers and data), the downmix to mono. A file that
// reads has the samples its header promised, in [-1, 1] or at least finite. libsndfile itself is
// not instrumented: its crashes are found, its quiet out-of-bounds reads are not.
#include "core/audio/audiofile.h"
#include "tests/fuzz/fuzzfile.h"

#include <cmath>
#include <cstddef>
#include <cstdint>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const QString path = QString::fromStdString(fuzz::writeInput("input.audio", fuzz::asText(data, size)));
  audio::FileInfo info;
  const Result<AudioBuffer> read = audio::readAudioFile(path, &info);
  if (!read) {
    if (read.error().message.isEmpty())
      __builtin_trap();
    return 0;
  }
  if (read->sampleRate() <= 0)
    __builtin_trap();
  for (const float s : read->samples())
    if (!std::isfinite(s))
      __builtin_trap(); // NaN or infinity would poison the recogniser
  return 0;
}
