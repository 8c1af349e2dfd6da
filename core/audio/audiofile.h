#pragma once
// Reading and writing audio files (libsndfile): WAV, FLAC, Ogg/Opus/Vorbis, MP3 in; WAV out.

#include "core/common/result.h"
#include "core/common/types.h"

#include <QString>

#include <memory>

namespace dragoman::audio {

struct FileInfo {
  int sampleRate = 0;
  int channels = 0;
  qint64 frames = 0;
  QString format; // e.g. "FLAC (Free Lossless Audio Codec)"
};

// Reads the whole file and downmixes to mono float. Errors name the file and the problem.
Result<AudioBuffer> readAudioFile(const QString &path, FileInfo *info = nullptr);

// Writes 16-bit PCM WAV. The file appears only when complete: it is written beside the
// destination under a temporary name and renamed, so a failure never leaves a partial file.
Status writeWavFile(const QString &path, const AudioBuffer &audio);

// The same, a piece at a time (long speech, memory bounded by a piece): open(), append() as many
// times as there are pieces, finish(). Until finish() succeeds the audio is in PATH.part, removed
// when the writer goes or a write fails.
class WavWriter {
public:
  static Result<std::unique_ptr<WavWriter>> open(const QString &path, int sampleRate);
  ~WavWriter();
  WavWriter(const WavWriter &) = delete;
  WavWriter &operator=(const WavWriter &) = delete;
  Status append(const float *samples, std::size_t count);
  Status finish();
  qint64 frames() const { return m_frames; }

private:
  WavWriter() = default;
  struct File;
  std::unique_ptr<File> m_file;
  QString m_path, m_temp;
  qint64 m_frames = 0;
  bool m_done = false;
};

} // namespace dragoman::audio
