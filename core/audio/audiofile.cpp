#include "core/audio/audiofile.h"

#include "core/common/logcategories.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sndfile.h>

#include <memory>

namespace dragoman::audio {
namespace {

struct SndfileCloser {
  void operator()(SNDFILE *f) const {
    if (f)
      sf_close(f);
  }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

QString formatName(int format) {
  SF_FORMAT_INFO fi{};
  fi.format = format & SF_FORMAT_TYPEMASK;
  if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &fi, sizeof(fi)) == 0 && fi.name)
    return QString::fromUtf8(fi.name);
  return QStringLiteral("unknown");
}

} // namespace

Result<AudioBuffer> readAudioFile(const QString &path, FileInfo *info) {
  const QFileInfo fi(path);
  if (!fi.exists())
    return makeError(ErrorKind::Input, QStringLiteral("input file %1 does not exist").arg(path));
  if (!fi.isFile() || !fi.isReadable())
    return makeError(ErrorKind::Input, QStringLiteral("input file %1 is not a readable file").arg(path));

  SF_INFO sfinfo{};
  SndfilePtr file(sf_open(QFile::encodeName(path).constData(), SFM_READ, &sfinfo));
  if (!file)
    return makeError(ErrorKind::Input,
                     QStringLiteral("cannot decode %1: %2 (supported: WAV, FLAC, Ogg Vorbis/Opus, MP3)")
                         .arg(path, QString::fromUtf8(sf_strerror(nullptr))));
  if (sfinfo.channels <= 0 || sfinfo.samplerate <= 0)
    return makeError(ErrorKind::Input, QStringLiteral("%1 has no audio channels").arg(path));

  const int channels = sfinfo.channels;
  std::vector<float> interleaved;
  constexpr sf_count_t chunkFrames = 16384;
  std::vector<float> chunk(static_cast<std::size_t>(chunkFrames * channels));
  for (;;) {
    const sf_count_t got = sf_readf_float(file.get(), chunk.data(), chunkFrames);
    if (got <= 0)
      break;
    interleaved.insert(interleaved.end(), chunk.begin(), chunk.begin() + got * channels);
  }
  if (sf_error(file.get()) != SF_ERR_NO_ERROR)
    return makeError(ErrorKind::Input, QStringLiteral("%1 is corrupt: %2")
                                           .arg(path, QString::fromUtf8(sf_strerror(file.get()))));

  const std::size_t frames = interleaved.size() / static_cast<std::size_t>(channels);
  if (sfinfo.frames > 0 && static_cast<sf_count_t>(frames) < sfinfo.frames)
    qCWarning(lcAudio, "%s is truncated: read %zu of %lld frames", qUtf8Printable(path), frames,
              static_cast<long long>(sfinfo.frames));
  if (frames == 0)
    return makeError(ErrorKind::Input, QStringLiteral("%1 contains no audio").arg(path));

  std::vector<float> mono(frames);
  for (std::size_t i = 0; i < frames; ++i) {
    float sum = 0.0f;
    for (int c = 0; c < channels; ++c)
      sum += interleaved[i * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)];
    mono[i] = sum / static_cast<float>(channels);
  }
  if (info)
    *info = FileInfo{sfinfo.samplerate, channels, static_cast<qint64>(frames), formatName(sfinfo.format)};
  return AudioBuffer(std::move(mono), sfinfo.samplerate);
}

Status writeWavFile(const QString &path, const AudioBuffer &audio) {
  if (audio.sampleRate() <= 0)
    return makeError(ErrorKind::Internal, QStringLiteral("cannot write %1: no sample rate").arg(path));
  const QFileInfo target(path);
  if (!target.absoluteDir().exists())
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: folder %2 does not exist")
                                            .arg(path, target.absolutePath()));
  const QString temp = target.absoluteFilePath() + QStringLiteral(".part");

  SF_INFO sfinfo{};
  sfinfo.samplerate = audio.sampleRate();
  sfinfo.channels = 1;
  sfinfo.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  {
    SndfilePtr file(sf_open(QFile::encodeName(temp).constData(), SFM_WRITE, &sfinfo));
    if (!file)
      return makeError(ErrorKind::Output,
                       QStringLiteral("cannot write %1: %2").arg(path, QString::fromUtf8(sf_strerror(nullptr))));
    sf_command(file.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
    const auto &samples = audio.samples();
    const sf_count_t want = static_cast<sf_count_t>(samples.size());
    const sf_count_t wrote = samples.empty() ? 0 : sf_writef_float(file.get(), samples.data(), want);
    if (wrote != want) {
      const QString why = QString::fromUtf8(sf_strerror(file.get()));
      file.reset();
      QFile::remove(temp);
      return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2 (disk full?)").arg(path, why));
    }
    sf_write_sync(file.get());
  }
  QFile::remove(path);
  if (!QFile::rename(temp, path)) {
    QFile::remove(temp);
    return makeError(ErrorKind::Output, QStringLiteral("cannot move the finished audio into %1").arg(path));
  }
  return Status::success();
}

} // namespace dragoman::audio
