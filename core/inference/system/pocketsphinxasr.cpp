#include "core/inference/system/pocketsphinxasr.h"

#include "core/common/logcategories.h"

#include <QFile>
#include <QFileInfo>

#include <pocketsphinx.h>
#include <sphinxbase/err.h>

#include <algorithm>
#include <cmath>

namespace dragoman {
namespace {

constexpr int kRate = 16000;
constexpr std::size_t kChunk = kRate / 2; // the abort flag is checked every 0.5 s of audio

struct ModelFiles {
  QString acoustic, languageModel, dictionary;
};

ModelFiles modelFiles(const QString &dir) {
  return {dir + QStringLiteral("/en-us"), dir + QStringLiteral("/en-us.lm.bin"),
          dir + QStringLiteral("/cmudict-en-us.dict")};
}

QString missingFile(const ModelFiles &m) {
  if (!QFileInfo(m.acoustic).isDir())
    return m.acoustic;
  for (const QString &f : {m.languageModel, m.dictionary})
    if (!QFileInfo(f).isFile())
      return f;
  return {};
}

} // namespace

struct PocketsphinxAsr::Decoder {
  cmd_ln_t *config = nullptr;
  ps_decoder_t *ps = nullptr;
  ~Decoder() {
    if (ps)
      ps_free(ps);
    if (config)
      cmd_ln_free_r(config);
  }
};

QString PocketsphinxAsr::defaultModelDir() { return QStringLiteral(DRAGOMAN_POCKETSPHINX_MODELDIR "/en-us"); }

EngineInfo PocketsphinxAsr::probe(const QString &modelDir) {
  EngineInfo info;
  info.name = QStringLiteral("pocketsphinx");
  info.stage = Stage::Asr;
  info.description = QStringLiteral("CMU pocketsphinx, US English, offline");
  info.offlineTier = true;
  info.languages = {QStringLiteral("en")};
  const QString dir = modelDir.isEmpty() ? defaultModelDir() : modelDir;
  const QString missing = missingFile(modelFiles(dir));
  info.available = missing.isEmpty();
  if (!info.available)
    info.reason = QStringLiteral("model file %1 is missing; install the Debian package pocketsphinx-en-us").arg(missing);
  return info;
}

Result<std::unique_ptr<IAsrEngine>> PocketsphinxAsr::create(const AsrParams &params) {
  if (!params.language.isEmpty() && params.language != QLatin1String("en"))
    return makeError(ErrorKind::Unsupported,
                     QStringLiteral("pocketsphinx recognises English only, not '%1'; use --from en").arg(params.language));
  const QString dir = params.model.isEmpty() ? defaultModelDir() : params.model;
  const ModelFiles files = modelFiles(dir);
  if (const QString missing = missingFile(files); !missing.isEmpty())
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("pocketsphinx model file %1 is missing; install the Debian package "
                                    "pocketsphinx-en-us")
                         .arg(missing));

  err_set_logfp(nullptr); // pocketsphinx reports through its own logger; errors come back as values
  auto decoder = std::make_unique<Decoder>();
  const QByteArray hmm = QFile::encodeName(files.acoustic);
  const QByteArray lm = QFile::encodeName(files.languageModel);
  const QByteArray dict = QFile::encodeName(files.dictionary);
  decoder->config = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm.constData(), "-lm", lm.constData(), "-dict",
                                dict.constData(), "-logfn", "/dev/null", nullptr);
  if (!decoder->config)
    return makeError(ErrorKind::EngineUnavailable, QStringLiteral("pocketsphinx rejected its configuration"));
  decoder->ps = ps_init(decoder->config);
  if (!decoder->ps)
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("pocketsphinx could not load its model from %1 (corrupt files?)").arg(dir));
  return std::unique_ptr<IAsrEngine>(new PocketsphinxAsr(std::move(decoder)));
}

PocketsphinxAsr::PocketsphinxAsr(std::unique_ptr<Decoder> decoder) : m_decoder(std::move(decoder)) {}
PocketsphinxAsr::~PocketsphinxAsr() = default;

Result<QString> PocketsphinxAsr::transcribe(const AudioBuffer &audio, const AbortFlag &abort) {
  if (audio.sampleRate() != kRate)
    return makeError(ErrorKind::Input, QStringLiteral("pocketsphinx needs 16000 Hz audio, got %1 Hz")
                                           .arg(audio.sampleRate()));
  ps_decoder_t *ps = m_decoder->ps;
  if (ps_start_utt(ps) < 0)
    return makeError(ErrorKind::Internal, QStringLiteral("pocketsphinx could not start an utterance"));
  const std::vector<float> &samples = audio.samples();
  std::vector<int16> pcm(kChunk);
  for (std::size_t at = 0; at < samples.size(); at += kChunk) {
    if (abort.load()) {
      ps_end_utt(ps);
      return makeError(ErrorKind::Cancelled, QStringLiteral("recognition cancelled"));
    }
    const std::size_t n = std::min(kChunk, samples.size() - at);
    for (std::size_t i = 0; i < n; ++i)
      pcm[i] = static_cast<int16>(std::lround(std::clamp(samples[at + i], -1.0f, 1.0f) * 32767.0f));
    if (ps_process_raw(ps, pcm.data(), n, FALSE, FALSE) < 0) {
      ps_end_utt(ps);
      return makeError(ErrorKind::Internal, QStringLiteral("pocketsphinx failed while decoding"));
    }
  }
  if (ps_end_utt(ps) < 0)
    return makeError(ErrorKind::Internal, QStringLiteral("pocketsphinx could not finish the utterance"));
  int32 score = 0;
  const char *hyp = ps_get_hyp(ps, &score);
  return hyp ? QString::fromUtf8(hyp).simplified() : QString();
}

} // namespace dragoman
