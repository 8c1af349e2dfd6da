#pragma once
// Reading and writing audio files (libsndfile): WAV, FLAC, Ogg/Opus/Vorbis, MP3 in; WAV out.

#include "core/common/result.h"
#include "core/common/types.h"

#include <QString>

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

} // namespace dragoman::audio
