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

struct WavWriter::File {
  SndfilePtr handle;
};

Result<std::unique_ptr<WavWriter>> WavWriter::open(const QString &path, int sampleRate) {
  if (sampleRate <= 0)
    return makeError(ErrorKind::Internal, QStringLiteral("cannot write %1: no sample rate").arg(path));
  const QFileInfo target(path);
  if (!target.absoluteDir().exists())
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: folder %2 does not exist")
                                            .arg(path, target.absolutePath()));
  std::unique_ptr<WavWriter> w(new WavWriter());
  w->m_path = path;
  w->m_temp = target.absoluteFilePath() + QStringLiteral(".part");
  SF_INFO sfinfo{};
  sfinfo.samplerate = sampleRate;
  sfinfo.channels = 1;
  sfinfo.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  w->m_file = std::make_unique<File>();
  w->m_file->handle.reset(sf_open(QFile::encodeName(w->m_temp).constData(), SFM_WRITE, &sfinfo));
  if (!w->m_file->handle)
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2").arg(path, QString::fromUtf8(sf_strerror(nullptr))));
  sf_command(w->m_file->handle.get(), SFC_SET_CLIPPING, nullptr, SF_TRUE);
  return w;
}

WavWriter::~WavWriter() {
  if (m_done)
    return;
  if (m_file)
    m_file->handle.reset();
  QFile::remove(m_temp);
}

Status WavWriter::append(const float *samples, std::size_t count) {
  if (m_done || !m_file || !m_file->handle)
    return makeError(ErrorKind::Internal, QStringLiteral("cannot write %1: the file is closed").arg(m_path));
  if (count == 0)
    return Status::success();
  const sf_count_t want = static_cast<sf_count_t>(count);
  if (sf_writef_float(m_file->handle.get(), samples, want) != want) {
    const QString why = QString::fromUtf8(sf_strerror(m_file->handle.get()));
    m_file->handle.reset();
    QFile::remove(m_temp);
    return makeError(ErrorKind::Output, QStringLiteral("cannot write %1: %2 (disk full?)").arg(m_path, why));
  }
  m_frames += want;
  return Status::success();
}

Status WavWriter::finish() {
  if (m_done || !m_file || !m_file->handle)
    return makeError(ErrorKind::Internal, QStringLiteral("cannot finish %1: the file is closed").arg(m_path));
  sf_write_sync(m_file->handle.get());
  m_file->handle.reset(); // writes the header's sizes
  QFile::remove(m_path);
  if (!QFile::rename(m_temp, m_path)) {
    QFile::remove(m_temp);
    return makeError(ErrorKind::Output, QStringLiteral("cannot move the finished audio into %1").arg(m_path));
  }
  m_done = true;
  return Status::success();
}

Status writeWavFile(const QString &path, const AudioBuffer &audio) {
  Result<std::unique_ptr<WavWriter>> w = WavWriter::open(path, audio.sampleRate());
  if (!w)
    return w.error();
  if (Status s = (*w)->append(audio.samples().data(), audio.samples().size()); !s)
    return s;
  return (*w)->finish();
}

} // namespace dragoman::audio
