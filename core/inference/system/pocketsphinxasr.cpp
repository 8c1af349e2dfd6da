#include "core/inference/system/pocketsphinxasr.h"

#include "core/common/logcategories.h"
#include "core/inference/system/languagecodes.h"

#include <QFile>
#include <QFileInfo>

#include <pocketsphinx.h>
#include <sphinxbase/cmn.h>
#include <sphinxbase/err.h>
#include <sphinxbase/fe.h>
#include <sphinxbase/feat.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <type_traits>

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

QString missingMessage(const QString &missing) {
  return QStringLiteral("pocketsphinx model file %1 is missing; install the Debian package pocketsphinx-en-us, or set "
                        "asr.model to a folder with en-us/, en-us.lm.bin and cmudict-en-us.dict")
      .arg(missing);
}

QString internalFailure(const char *what) {
  return QStringLiteral("pocketsphinx %1; this is a pocketsphinx failure: try again, or use another ASR engine")
      .arg(QLatin1String(what));
}

std::vector<int16> toPcm16(const std::vector<float> &samples) {
  std::vector<int16> pcm(samples.size());
  for (std::size_t i = 0; i < samples.size(); ++i) // clip, then round: loud input saturates instead of wrapping
    pcm[i] = static_cast<int16>(std::lround(std::clamp(samples[i], -1.0f, 1.0f) * 32767.0f));
  return pcm;
}

// pocketsphinx decodes chunk by chunk with a *live* cepstral mean that starts from the model's
// -cmninit and adapts over a few seconds, so the first segment a decoder hears comes out garbled
// (on jfk.flac: "and then our my alma mater i was at ah yeah ..." instead of "and all my fellow
// american and not what your country can do for you ..."). The whole segment is at hand, so its
// own mean is computed first (a few milliseconds) and set as the live mean: as good as batch CMN,
// and the search still runs in chunks that honour the abort flag.
static_assert(std::is_floating_point_v<mfcc_t>, "Debian's sphinxbase uses floating-point cepstra");
void primeCepstralMean(ps_decoder_t *ps, const std::vector<int16> &pcm) {
  fe_t *fe = ps_get_fe(ps);
  feat_t *feat = ps_get_feat(ps);
  if (!fe || !feat || !feat->cmn_struct || pcm.empty())
    return;
  const auto width = static_cast<std::size_t>(fe_get_output_size(fe));
  const std::size_t capacity = pcm.size() / 160 + 16; // 10 ms frame shift, plus the last partial frames
  std::vector<mfcc_t> cepstra(capacity * width);
  std::vector<mfcc_t *> rows(capacity);
  for (std::size_t f = 0; f < capacity; ++f)
    rows[f] = cepstra.data() + f * width;
  const int16 *in = pcm.data();
  std::size_t left = pcm.size();
  auto frames = static_cast<int32>(capacity - 1);
  int32 first = 0;
  if (fe_start_utt(fe) < 0 || fe_process_frames(fe, &in, &left, rows.data(), &frames, &first) < 0)
    return;
  int32 last = 0;
  fe_end_utt(fe, rows[static_cast<std::size_t>(frames)], &last);
  frames += last;
  if (frames <= 0)
    return;
  std::vector<double> sum(width, 0.0);
  for (std::size_t f = 0; f < static_cast<std::size_t>(frames); ++f)
    for (std::size_t c = 0; c < width; ++c)
      sum[c] += static_cast<double>(rows[f][c]);
  std::vector<mfcc_t> mean(width);
  for (std::size_t c = 0; c < width; ++c)
    mean[c] = static_cast<mfcc_t>(sum[c] / frames);
  cmn_live_set(feat->cmn_struct, mean.data());
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
    info.reason = missingMessage(missing);
  return info;
}

Result<std::unique_ptr<IAsrEngine>> PocketsphinxAsr::create(const AsrParams &params) {
  try {
    return createDecoder(params);
  } catch (const std::exception &e) {
    return makeError(ErrorKind::Internal, QStringLiteral("pocketsphinx could not be set up: %1").arg(QString::fromUtf8(e.what())));
  }
}

Result<std::unique_ptr<IAsrEngine>> PocketsphinxAsr::createDecoder(const AsrParams &params) {
  if (!params.language.isEmpty() && languages::toIso639_1(params.language) != QLatin1String("en"))
    return makeError(ErrorKind::Unsupported,
                     QStringLiteral("pocketsphinx recognises English only, not '%1'; use --from en").arg(params.language));
  const QString dir = params.model.isEmpty() ? defaultModelDir() : params.model;
  const ModelFiles files = modelFiles(dir);
  if (const QString missing = missingFile(files); !missing.isEmpty())
    return makeError(ErrorKind::EngineUnavailable, missingMessage(missing));

  // pocketsphinx logs a page of chatter to stderr per decoder; errors come back as values instead.
  err_set_logfp(nullptr);
  auto decoder = std::make_unique<Decoder>();
  const QByteArray hmm = QFile::encodeName(files.acoustic);
  const QByteArray lm = QFile::encodeName(files.languageModel);
  const QByteArray dict = QFile::encodeName(files.dictionary);
  decoder->config = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm.constData(), "-lm", lm.constData(), "-dict",
                                dict.constData(), "-logfn", "/dev/null", nullptr);
  if (!decoder->config)
    return makeError(ErrorKind::EngineUnavailable, QStringLiteral("pocketsphinx rejected its configuration; "
                                                                  "reinstall the Debian package libpocketsphinx3"));
  decoder->ps = ps_init(decoder->config);
  if (!decoder->ps)
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("pocketsphinx could not load the model in %1 (damaged files?); reinstall the "
                                    "Debian package pocketsphinx-en-us or set asr.model to another model folder")
                         .arg(dir));
  return std::unique_ptr<IAsrEngine>(new PocketsphinxAsr(std::move(decoder)));
}

PocketsphinxAsr::PocketsphinxAsr(std::unique_ptr<Decoder> decoder) : m_decoder(std::move(decoder)) {}
PocketsphinxAsr::~PocketsphinxAsr() = default;

Result<QString> PocketsphinxAsr::transcribe(const AudioBuffer &audio, const AbortFlag &abort) {
  try {
    return decode(audio, abort);
  } catch (const std::exception &e) {
    return makeError(ErrorKind::Internal, QStringLiteral("pocketsphinx failed: %1").arg(QString::fromUtf8(e.what())));
  }
}

Result<QString> PocketsphinxAsr::decode(const AudioBuffer &audio, const AbortFlag &abort) {
  if (audio.sampleRate() != kRate)
    return makeError(ErrorKind::Input, QStringLiteral("pocketsphinx needs 16000 Hz audio but got %1 Hz; resample "
                                                      "the audio to 16000 Hz first")
                                           .arg(audio.sampleRate()));
  if (abort.load())
    return makeError(ErrorKind::Cancelled, QStringLiteral("recognition cancelled"));
  const std::vector<int16> pcm = toPcm16(audio.samples());
  ps_decoder_t *ps = m_decoder->ps;
  primeCepstralMean(ps, pcm);
  if (ps_start_utt(ps) < 0)
    return makeError(ErrorKind::Internal, internalFailure("could not start an utterance"));
  for (std::size_t at = 0; at < pcm.size(); at += kChunk) {
    if (abort.load()) {
      ps_end_utt(ps);
      return makeError(ErrorKind::Cancelled, QStringLiteral("recognition cancelled"));
    }
    if (ps_process_raw(ps, pcm.data() + at, std::min(kChunk, pcm.size() - at), FALSE, FALSE) < 0) {
      ps_end_utt(ps);
      return makeError(ErrorKind::Internal, internalFailure("failed while decoding"));
    }
  }
  if (ps_end_utt(ps) < 0)
    return makeError(ErrorKind::Internal, internalFailure("could not finish the utterance"));
  int32 score = 0;
  const char *hyp = ps_get_hyp(ps, &score);
  return hyp ? QString::fromUtf8(hyp).simplified() : QString();
}

} // namespace dragoman
