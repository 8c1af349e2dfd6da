// /api/v1/translate, /api/v1/transcribe and /api/v1/speak.
#include "app/context/appcontext.h"
#include "app/context/appthreads.h"
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"
#include "app/headless/apihostimpl.h"
#include "app/headless/transcriptwriters.h"
#include "core/audio/audiofile.h"
#include "core/audio/filesegmenter.h"
#include "core/audio/resampler.h"
#include "core/common/logcategories.h"
#include "core/server/jsonbody.h"

#include <QElapsedTimer>
#include <QThread>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

namespace dragoman::headless {

namespace {

constexpr int kMaxTextChars = 5000;
constexpr int kMaxTexts = 64;
constexpr int kMaxConcurrentJobs = 2; // per kind; more get 503 with Retry-After
constexpr int kRecognitionRate = 16000;

int statusFor(const Error &error) {
  switch (error.kind) {
  case ErrorKind::Input:
  case ErrorKind::Usage:
  case ErrorKind::Config:
    return 400;
  case ErrorKind::Unsupported:
    return 422;
  case ErrorKind::EngineUnavailable:
  case ErrorKind::Cancelled:
    return 503;
  case ErrorKind::Output:
  case ErrorKind::Internal:
    break;
  }
  return 500;
}

Response errorResponse(const Error &error) { return Response::error(statusFor(error), error.message); }

Response busy(const QString &what) {
  Response r = Response::error(503, QStringLiteral("%1 is busy with %2 requests; retry shortly").arg(what).arg(kMaxConcurrentJobs));
  r.headers = {{"Retry-After", "1"}};
  return r;
}

// The bytes of a 16-bit WAV file, through the same writer as the command line's --output.
Result<QByteArray> wavBytes(const AudioBuffer &audio) {
  QTemporaryDir dir;
  if (!dir.isValid())
    return makeError(ErrorKind::Output, QStringLiteral("no temporary folder for the WAV file: %1").arg(dir.errorString()));
  const QString path = dir.filePath(QStringLiteral("speech.wav"));
  if (Status s = audio::writeWavFile(path, audio); !s)
    return s.error();
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return makeError(ErrorKind::Output, QStringLiteral("cannot read back %1: %2").arg(path, file.errorString()));
  return file.readAll();
}

bool parseBool(const QString &text, bool fallback, bool *ok) {
  *ok = true;
  if (text.isEmpty())
    return fallback;
  const QString t = text.toLower();
  if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes"))
    return true;
  if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no"))
    return false;
  *ok = false;
  return fallback;
}

struct TranscribeJob {
  QByteArray audio;
  QString suffix;
  AsrParams asr;
  std::optional<TranslatorParams> mt;
  std::optional<SynthParams> tts;
  audio::SegmenterParams segmenter;
};

Result<QJsonObject> runTranscribe(const EngineRegistry &registry, SynthesizerCache &voices, const TranscribeJob &job) {
  QElapsedTimer timer;
  timer.start();
  QTemporaryDir dir;
  if (!dir.isValid())
    return makeError(ErrorKind::Output, QStringLiteral("no temporary folder for the upload: %1").arg(dir.errorString()));
  const QString path = dir.filePath(QStringLiteral("upload") + job.suffix);
  {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(job.audio) != job.audio.size() || !file.flush())
      return makeError(ErrorKind::Output, QStringLiteral("cannot store the upload in %1: %2").arg(path, file.errorString()));
  }
  Result<AudioBuffer> decoded = audio::readAudioFile(path);
  if (!decoded) {
    QString why = decoded.error().message;
    why.replace(path, QStringLiteral("the upload")); // the temporary path means nothing to the client
    return makeError(ErrorKind::Input, QStringLiteral("the uploaded audio cannot be decoded: %1").arg(why));
  }
  Result<AudioBuffer> mono16k = audio::resample(*decoded, kRecognitionRate);
  if (!mono16k)
    return mono16k.error();
  const std::vector<AudioSegment> segments = audio::cutSegments(*mono16k, audio::findSpeech(*mono16k, job.segmenter));

  Result<std::unique_ptr<IAsrEngine>> asr = registry.createAsr(job.asr);
  if (!asr)
    return asr.error();
  std::unique_ptr<ITranslator> mt;
  if (job.mt) {
    Result<std::unique_ptr<ITranslator>> made = registry.createTranslator(*job.mt);
    if (!made)
      return made.error();
    mt = std::move(made).value();
  }
  std::optional<SynthesizerCache::Lease> voice;
  if (job.tts) {
    Result<SynthesizerCache::Lease> lease = voices.acquire(*job.tts);
    if (!lease)
      return lease.error();
    voice.emplace(std::move(lease).value());
  }
  ISynthesizer *tts = voice ? &voice->engine() : nullptr;
  const AbortFlag abort{false};
  QJsonArray out;
  QStringList texts;
  QStringList translations;
  QList<SegmentResult> spoken;
  for (const AudioSegment &segment : segments) {
    Result<Recognition> heard = (*asr)->recognise(segment.audio, abort);
    if (!heard)
      return makeError(heard.error().kind, QStringLiteral("recognition failed at %1 s: %2").arg(segment.startSeconds).arg(heard.error().message));
    const QString text = heard->text.trimmed();
    QJsonValue translation = QJsonValue::Null;
    SegmentResult result;
    result.segmentId = segment.id;
    result.startSeconds = segment.startSeconds;
    result.endSeconds = segment.endSeconds;
    if (mt && !text.isEmpty()) {
      Result<QString> translated = mt->translate(text, abort);
      if (!translated)
        return makeError(translated.error().kind, QStringLiteral("translation failed at %1 s: %2").arg(segment.startSeconds).arg(translated.error().message));
      translation = *translated;
      translations.append(*translated);
      if (tts) {
        Result<AudioBuffer> speech = tts->synthesize(*translated, abort);
        if (!speech)
          return makeError(speech.error().kind, QStringLiteral("speech synthesis failed at %1 s: %2").arg(segment.startSeconds).arg(speech.error().message));
        result.speech = *speech;
        spoken.append(result);
      }
    }
    if (!text.isEmpty())
      texts.append(text);
    out.append(QJsonObject{{QStringLiteral("index"), qint64(segment.id)},
                           {QStringLiteral("start_s"), segment.startSeconds},
                           {QStringLiteral("end_s"), segment.endSeconds},
                           {QStringLiteral("text"), text},
                           {QStringLiteral("translation"), translation},
                           {QStringLiteral("confidence"), heard->confidence ? QJsonValue(*heard->confidence) : QJsonValue()}});
  }
  QJsonValue speech = QJsonValue::Null;
  if (tts && !spoken.isEmpty()) {
    Result<AudioBuffer> track = assembleSpeechTrack(spoken);
    if (!track)
      return track.error();
    Result<QByteArray> wav = wavBytes(*track);
    if (!wav)
      return wav.error();
    speech = QJsonObject{{QStringLiteral("format"), QStringLiteral("wav")},
                         {QStringLiteral("sample_rate"), track->sampleRate()},
                         {QStringLiteral("base64"), QString::fromLatin1(wav->toBase64())}};
  }
  return QJsonObject{{QStringLiteral("language"), job.asr.language},
                     {QStringLiteral("duration_s"), mono16k->durationSeconds()},
                     {QStringLiteral("text"), texts.join(QLatin1Char(' '))},
                     {QStringLiteral("translation"), job.mt ? QJsonValue(translations.join(QLatin1Char(' '))) : QJsonValue()},
                     {QStringLiteral("target_language"), job.mt ? QJsonValue(job.mt->targetLanguage) : QJsonValue()},
                     {QStringLiteral("segments"), out},
                     {QStringLiteral("speech"), speech},
                     {QStringLiteral("elapsed_ms"), double(timer.nsecsElapsed()) / 1e6}};
}

QString suffixFor(const QByteArray &mediaType) {
  if (mediaType.contains("flac"))
    return QStringLiteral(".flac");
  if (mediaType.contains("ogg"))
    return QStringLiteral(".ogg");
  if (mediaType.contains("mpeg") || mediaType.contains("mp3"))
    return QStringLiteral(".mp3");
  return QStringLiteral(".wav"); // libsndfile reads the header, not the name
}
} // namespace

void ApiHost::registerMediaRoutes() {
  server::HttpServer &http = *d->server;
  const config::Config &config = d->context.config();

  RouteSpec translate{"POST", QStringLiteral("/api/v1/translate"), Access::Key};
  translate.contentTypes = {"application/json"};
  http.route(translate, [this, &config](const Request &request, Reply reply) {
    Result<QJsonObject> body = server::parseJsonObject(request.body);
    if (!body)
      return reply.send(Response::error(400, body.error().message));
    if (Status s = server::onlyKnownFields(*body, {QStringLiteral("text"), QStringLiteral("texts"), QStringLiteral("source"),
                                                   QStringLiteral("target")});
        !s)
      return reply.send(Response::error(400, s.error().message));
    const bool many = body->contains(QStringLiteral("texts"));
    if (many == body->contains(QStringLiteral("text")))
      return reply.send(Response::error(400, QStringLiteral("give either \"text\" (a string) or \"texts\" (an array of strings)")));
    Result<QStringList> texts = many ? server::requiredStringArray(*body, QStringLiteral("texts"), 1, kMaxTexts, kMaxTextChars)
                                     : [&]() -> Result<QStringList> {
      Result<QString> one = server::requiredString(*body, QStringLiteral("text"), 1, kMaxTextChars);
      if (!one)
        return one.error();
      return QStringList{*one};
    }();
    if (!texts)
      return reply.send(Response::error(400, texts.error().message));
    Result<std::optional<QString>> source = server::optionalLanguage(*body, QStringLiteral("source"));
    Result<std::optional<QString>> target = server::optionalLanguage(*body, QStringLiteral("target"));
    if (!source || !target)
      return reply.send(Response::error(400, (!source ? source.error() : target.error()).message));
    server::TranslationRequest job{*texts, source->value_or(config.translation.sourceLanguage),
                                   target->value_or(config.translation.targetLanguage)};
    auto pending = std::make_shared<Reply>(std::move(reply));
    d->translation->submit(job, [pending, many, job](Result<server::TranslationAnswer> answer) {
      if (!answer)
        return pending->send(errorResponse(answer.error()));
      QJsonObject out{{QStringLiteral("source"), job.source},
                      {QStringLiteral("target"), job.target},
                      {QStringLiteral("engine"), answer->engine},
                      {QStringLiteral("batch_size"), answer->batchSize},
                      {QStringLiteral("elapsed_ms"), answer->elapsedMs}};
      if (many) {
        out.insert(QStringLiteral("translations"), QJsonArray::fromStringList(answer->translations));
        QJsonArray cached;
        for (bool c : std::as_const(answer->cached))
          cached.append(c);
        out.insert(QStringLiteral("cached"), cached);
      } else {
        out.insert(QStringLiteral("translation"), answer->translations.value(0));
        out.insert(QStringLiteral("cached"), answer->cached.value(0));
      }
      pending->send(Response::json(out));
    });
  });

  RouteSpec transcribe{"POST", QStringLiteral("/api/v1/transcribe"), Access::Key};
  transcribe.contentTypes = {"audio/wav", "audio/x-wav", "audio/wave", "audio/flac", "audio/ogg", "audio/mpeg",
                             "application/octet-stream"};
  transcribe.maxBodyBytes = qint64(config.server.maxUploadMb) << 20;
  http.route(transcribe, [this, &config](const Request &request, Reply reply) {
    if (request.body.isEmpty())
      return reply.send(Response::error(400, QStringLiteral("the request body is empty; send the audio file as the body")));
    const QString language = request.query.queryItemValue(QStringLiteral("language"));
    const QString target = request.query.queryItemValue(QStringLiteral("translate"));
    bool speakOk = true;
    const bool speak = parseBool(request.query.queryItemValue(QStringLiteral("speak")), false, &speakOk);
    if (!speakOk)
      return reply.send(Response::error(400, QStringLiteral("speak must be true or false")));
    if (!language.isEmpty() && language != QLatin1String("auto") && !server::isLanguageCode(language))
      return reply.send(Response::error(400, QStringLiteral("language must be a code such as \"en\", not \"%1\"").arg(language)));
    if (!target.isEmpty() && target != QLatin1String("none") && !server::isLanguageCode(target))
      return reply.send(Response::error(400, QStringLiteral("translate must be a language code or \"none\", not \"%1\"").arg(target)));
    if (d->transcribing >= kMaxConcurrentJobs)
      return reply.send(busy(QStringLiteral("transcription")));
    TranscribeJob job;
    job.audio = request.body;
    job.suffix = suffixFor(request.header("content-type").toLower());
    job.asr = d->context.asrParams();
    if (!language.isEmpty())
      job.asr.language = language;
    const QString to = target.isEmpty() ? config.translation.targetLanguage : target;
    if (to != QLatin1String("none")) {
      TranslatorParams mt = d->context.translatorParams();
      mt.sourceLanguage = job.asr.language == QLatin1String("auto") ? config.translation.sourceLanguage : job.asr.language;
      mt.targetLanguage = to;
      job.mt = mt;
      if (speak) {
        SynthParams tts = d->context.synthParams();
        tts.language = to;
        job.tts = tts;
      }
    } else if (speak) {
      return reply.send(Response::error(400, QStringLiteral("speak=true needs a translation; leave out translate=none")));
    }
    job.segmenter = d->context.fileSegmenterParams();
    const EngineRegistry *registry = &d->context.engines();
    SynthesizerCache *voices = &d->voices;
    ++d->transcribing;
    auto pending = std::make_shared<Reply>(std::move(reply));
    QThread *thread = appThreads().thread(threadnames::kApiTranscribe, [registry, voices, job = std::move(job), pending] {
      Result<QJsonObject> result = runTranscribe(*registry, *voices, job);
      pending->send(result ? Response::json(*result) : errorResponse(result.error()));
    }).release(); // deleted when it finishes; ApiHost waits for it when it stops
    d->jobThreads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
      --d->transcribing;
      d->jobThreads.removeAll(thread);
      thread->deleteLater();
    });
    thread->start();
  });

  RouteSpec speak{"POST", QStringLiteral("/api/v1/speak"), Access::Key};
  speak.contentTypes = {"application/json"};
  http.route(speak, [this, &config](const Request &request, Reply reply) {
    Result<QJsonObject> body = server::parseJsonObject(request.body);
    if (!body)
      return reply.send(Response::error(400, body.error().message));
    if (Status s = server::onlyKnownFields(*body, {QStringLiteral("text"), QStringLiteral("language")}); !s)
      return reply.send(Response::error(400, s.error().message));
    Result<QString> text = server::requiredString(*body, QStringLiteral("text"), 1, kMaxTextChars);
    if (!text)
      return reply.send(Response::error(400, text.error().message));
    Result<std::optional<QString>> language = server::optionalLanguage(*body, QStringLiteral("language"));
    if (!language)
      return reply.send(Response::error(400, language.error().message));
    if (d->speaking >= kMaxConcurrentJobs)
      return reply.send(busy(QStringLiteral("speech synthesis")));
    SynthParams params = d->context.synthParams();
    if (language->has_value()) {
      params.language = **language;
      params.voice.clear();
    } else if (params.language.isEmpty()) {
      params.language = config.translation.targetLanguage;
    }
    SynthesizerCache *voices = &d->voices;
    ++d->speaking;
    auto pending = std::make_shared<Reply>(std::move(reply));
    QThread *thread = appThreads().thread(threadnames::kApiSpeak, [voices, params, text = *text, pending] {
      Result<SynthesizerCache::Lease> tts = voices->acquire(params);
      if (!tts)
        return pending->send(errorResponse(tts.error()));
      const AbortFlag abort{false};
      Result<AudioBuffer> speech = tts->engine().synthesize(text, abort);
      if (!speech)
        return pending->send(errorResponse(speech.error()));
      Result<QByteArray> wav = wavBytes(*speech);
      if (!wav)
        return pending->send(errorResponse(wav.error()));
      pending->send(Response::bytes(*wav, "audio/wav"));
    }).release(); // deleted when it finishes; ApiHost waits for it when it stops
    d->jobThreads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
      --d->speaking;
      d->jobThreads.removeAll(thread);
      thread->deleteLater();
    });
    thread->start();
  });
}

} // namespace dragoman::headless
