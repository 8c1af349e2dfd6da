#include "app/headless/apihost.h"

#include "app/context/appcontext.h"
#include "app/context/appthreads.h"
#include "core/common/threadhost.h"
#include "app/context/sessionrunner.h"
#include "app/headless/apihostimpl.h"
#include "core/common/logcategories.h"
#include "core/server/server.h"
#include "core/telemetry/memory/procmemoryreader.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <dragoman/version.h>

namespace dragoman::headless {

namespace {
server::ServerOptions serverOptions(const config::Config &c) {
  const config::ServerConfig &s = c.server;
  server::ServerOptions o;
  o.bind = s.bind;
  o.port = quint16(s.port);
  o.tlsCertificate = s.tlsCertificate;
  o.tlsKey = s.tlsKey;
  o.plainHttpPort = quint16(s.httpPort);
  for (const QString &origin : s.corsOrigins.split(QLatin1Char(','), Qt::SkipEmptyParts))
    o.corsOrigins.append(origin.trimmed());
  o.metricsPublic = s.metricsPublic;
  o.perAddress = {s.rateLimit, 2 * s.rateLimit};
  o.perKey = {s.keyRateLimit, 2 * s.keyRateLimit};
  o.keysFile = config::apiKeysPath(s);
  return o;
}

QJsonObject engineJson(const EngineRegistry &registry, Stage stage, const QString &name) {
  for (const EngineInfo &info : registry.engines())
    if (info.stage == stage && info.name == name)
      return QJsonObject{{QStringLiteral("name"), name},
                         {QStringLiteral("available"), info.available},
                         {QStringLiteral("offline_tier"), info.offlineTier},
                         {QStringLiteral("reason"), info.reason}};
  return QJsonObject{{QStringLiteral("name"), name},
                     {QStringLiteral("available"), false},
                     {QStringLiteral("offline_tier"), false},
                     {QStringLiteral("reason"), QStringLiteral("no engine of this name is registered")}};
}
} // namespace

ApiHost::ApiHost(const AppContext &context, QObject *parent) : QObject(parent), d(std::make_unique<Impl>(context)) {
  d->uptime.start();
  d->server = std::make_unique<server::HttpServer>(serverOptions(context.config()), d->metrics, this);
  server::TranslationOptions t;
  t.maxBatch = context.config().server.batchMax;
  t.cacheEntries = context.config().server.cacheEntries;
  const EngineRegistry *registry = &context.engines();
  const TranslatorParams base = context.translatorParams();
  d->translation = std::make_unique<server::TranslationService>(
      appThreads(), [registry, base](const QString &source, const QString &target) {
        TranslatorParams p = base;
        p.sourceLanguage = source;
        p.targetLanguage = target;
        return registry->createTranslator(p);
      },
      t, d->metrics, this);
  registerRoutes();
}

ApiHost::~ApiHost() {
  if (d->ownSession && d->ownSession->isRunning())
    d->ownSession->cancel();
  if (d->ownCall && d->ownCall->isRunning())
    d->ownCall->cancel();
}

server::HttpServer &ApiHost::server() { return *d->server; }

Status ApiHost::start() { return d->server->start(); }

void ApiHost::attachSession(SessionRunner *runner) {
  d->attached = runner;
  d->attachedCall = nullptr; // a call reported before is over: this session is the one now
  connectSession(runner);
}

void ApiHost::attachCall(CallSession *call) {
  d->attachedCall = call;
  d->attached = &call->session(CallSession::Me);
  connectSession(&call->session(CallSession::Me), CallSession::directionName(CallSession::Me));
  connectSession(&call->session(CallSession::Them), CallSession::directionName(CallSession::Them));
}

void ApiHost::connectSession(SessionRunner *runner, const QString &direction) {
  server::HttpServer *http = d->server.get();
  auto push = [http, direction](QJsonObject message) {
    if (!direction.isEmpty())
      message.insert(QStringLiteral("direction"), direction);
    http->broadcast(message);
  };
  connect(runner, &SessionRunner::transcriptReady, this, [push](const Transcript &t) {
    push({{QStringLiteral("type"), t.committed ? QStringLiteral("transcript") : QStringLiteral("partial")},
          {QStringLiteral("index"), qint64(t.segmentId)},
          {QStringLiteral("text"), t.text},
          {QStringLiteral("language"), t.language}});
  });
  connect(runner, &SessionRunner::translationReady, this, [push](const Translation &t) {
    QJsonObject message{{QStringLiteral("type"), t.provisional ? QStringLiteral("partial_translation") : QStringLiteral("translation")},
                        {QStringLiteral("index"), qint64(t.segmentId)},
                        {QStringLiteral("text"), t.text},
                        {QStringLiteral("language"), t.targetLanguage}};
    if (t.provisional)
      message.insert(QStringLiteral("source"), t.sourceText);
    push(message);
  });
  connect(runner, &SessionRunner::segmentFinished, this, [this, push](const SegmentResult &r) {
    ++d->liveSegments;
    const StageTimes &t = r.times;
    auto ms = [](TimePoint a, TimePoint b) {
      return a != TimePoint{} && b != TimePoint{} ? QJsonValue(millisBetween(a, b)) : QJsonValue(QJsonValue::Null);
    };
    push({{QStringLiteral("type"), QStringLiteral("timing")},
          {QStringLiteral("index"), qint64(r.segmentId)},
          {QStringLiteral("start_s"), r.startSeconds},
          {QStringLiteral("end_s"), r.endSeconds},
          {QStringLiteral("asr_ms"), ms(t.asrStart, t.asrDone)},
          {QStringLiteral("mt_ms"), ms(t.mtStart, t.mtDone)},
          {QStringLiteral("tts_ms"), ms(t.ttsStart, t.ttsDone)},
          {QStringLiteral("error"), r.error}});
  });
  connect(runner, &SessionRunner::memorySampled, this,
          [this](const telemetry::MemorySample &sample) { d->lastMemory = sample; });
  connect(runner, &SessionRunner::stageFailed, this, [push](const PipelineError &e) {
    push({{QStringLiteral("type"), QStringLiteral("error")},
          {QStringLiteral("index"), qint64(e.segmentId)},
          {QStringLiteral("stage"), stageName(e.stage)},
          {QStringLiteral("message"), e.message}});
  });
  connect(runner, &SessionRunner::finished, this, [this, push](const Status &status, bool cancelled) {
    if (d->attachedCall && d->attachedCall->isRunning()) { // one direction of a call: the other goes on
      push({{QStringLiteral("type"), QStringLiteral("direction_ended")},
            {QStringLiteral("error"), status.ok() ? QString() : status.error().message}});
      return;
    }
    d->liveState = QStringLiteral("idle");
    push({{QStringLiteral("type"), QStringLiteral("state")},
          {QStringLiteral("state"), QStringLiteral("idle")},
          {QStringLiteral("cancelled"), cancelled},
          {QStringLiteral("error"), status.ok() ? QString() : status.error().message}});
    if (d->draining && d->waitingForSession) {
      d->waitingForSession = false;
      d->finishDrainIfDone();
    }
  });
}

QJsonObject ApiHost::liveJson() const {
  SessionRunner *runner = d->currentSession();
  const bool running = runner && runner->isRunning();
  const config::Config &c = d->context.config();
  return QJsonObject{
      // `live --serve` runs its session from the start: running unless the API saw it stop.
      {QStringLiteral("state"), !running ? QStringLiteral("idle")
                                : d->liveState == QLatin1String("idle") ? QStringLiteral("running")
                                                                        : d->liveState},
      {QStringLiteral("session_uuid"), running ? QJsonValue(runner->sessionUuid()) : QJsonValue(QJsonValue::Null)},
      {QStringLiteral("source_language"), d->liveSource.isEmpty() ? c.translation.sourceLanguage : d->liveSource},
      {QStringLiteral("target_language"), d->liveTarget.isEmpty() ? c.translation.targetLanguage : d->liveTarget},
      {QStringLiteral("segments"), d->liveSegments},
      {QStringLiteral("devices"), running ? runner->deviceDescription() : QString()},
      {QStringLiteral("controlled_by"), d->ownCall        ? QStringLiteral("api")
                                        : d->attachedCall ? QStringLiteral("call")
                                        : d->attached     ? QStringLiteral("live")
                                                          : QStringLiteral("api")},
      {QStringLiteral("call"), callJson()}};
}

QJsonValue ApiHost::callJson() const {
  CallSession *call = d->attachedCall;
  if (!call)
    return QJsonValue(QJsonValue::Null);
  QJsonObject out;
  for (CallSession::Direction dir : {CallSession::Me, CallSession::Them}) {
    const config::Config &c = call->context(dir).config();
    SessionRunner &runner = call->session(dir);
    out.insert(CallSession::directionName(dir),
               QJsonObject{{QStringLiteral("running"), runner.isRunning()},
                           {QStringLiteral("source_language"), c.translation.sourceLanguage},
                           {QStringLiteral("target_language"), c.translation.targetLanguage},
                           {QStringLiteral("devices"), runner.isRunning() ? runner.deviceDescription() : QString()}});
  }
  return out;
}

QJsonObject ApiHost::statusJson() const {
  const config::Config &c = d->context.config();
  const EngineRegistry &registry = d->context.engines();
  telemetry::ProcMemoryReader reader;
  const Result<telemetry::SystemMemory> system = reader.systemMemory();
  const Result<telemetry::ProcessMemory> process = reader.processMemory();
  QJsonArray gpus; // from the live session's last memory sample (LibTorch's allocator)
  for (const telemetry::GpuMemory &g : d->lastMemory.gpus)
    gpus.append(QJsonObject{{QStringLiteral("device"), g.device},
                            {QStringLiteral("allocated_bytes"), g.allocatedBytes},
                            {QStringLiteral("reserved_bytes"), g.reservedBytes},
                            {QStringLiteral("total_bytes"), g.driverTotalBytes}});
  const server::TranslationStats t = d->translation->stats();
  return QJsonObject{
      {QStringLiteral("version"), QString::fromLatin1(build::version)},
      {QStringLiteral("uptime_s"), double(d->uptime.elapsed()) / 1000.0},
      {QStringLiteral("server"),
       QJsonObject{{QStringLiteral("address"), d->server->address()},
                   {QStringLiteral("tls"), d->server->tls()},
                   {QStringLiteral("auth_required"), d->server->authRequired()},
                   {QStringLiteral("in_flight"), d->server->inFlight()},
                   {QStringLiteral("websocket_clients"), d->server->webSocketClients()}}},
      {QStringLiteral("live"), liveJson()},
      {QStringLiteral("engines"),
       QJsonObject{{QStringLiteral("asr"), engineJson(registry, Stage::Asr, c.asr.engine)},
                   {QStringLiteral("mt"), engineJson(registry, Stage::Translation, c.translation.engine)},
                   {QStringLiteral("tts"), engineJson(registry, Stage::Synthesis, c.tts.engine)}}},
      {QStringLiteral("memory"),
       QJsonObject{{QStringLiteral("rss_bytes"), process ? process->rssBytes : qint64(-1)},
                   {QStringLiteral("ram_used_bytes"), system ? system->totalBytes - system->availableBytes : qint64(-1)},
                   {QStringLiteral("ram_total_bytes"), system ? system->totalBytes : qint64(-1)},
                   {QStringLiteral("gpus"), gpus}}},
      {QStringLiteral("translate"),
       QJsonObject{{QStringLiteral("requests"), qint64(t.requests)},
                   {QStringLiteral("batches"), qint64(t.batches)},
                   {QStringLiteral("cache_hits"), qint64(t.cacheHits)},
                   {QStringLiteral("cache_entries"), qint64(t.cacheEntries)}}},
      {QStringLiteral("threads"), QJsonArray::fromStringList(appThreads().running())}};
}

QJsonObject ApiHost::readiness(bool *ready) const {
  const AppContext &context = d->context;
  const SynthParams tts = context.synthParams();
  const Status engines = context.engines().checkJob(context.asrParams(), context.translatorParams(), &tts);
  const config::StorageConfig &storage = context.config().storage;
  bool storageOk = true;
  QString storageDetail;
  if (!storage.enabled) {
    storageDetail = QStringLiteral("history is off (storage.enabled)");
  } else {
    const QString path = config::databasePath(storage);
    const QFileInfo dir(QFileInfo(path).absolutePath());
    const QFileInfo file(path);
    storageOk = file.exists() ? file.isWritable() : (dir.isDir() ? dir.isWritable() : true);
    storageDetail = storageOk ? path : QStringLiteral("%1 is not writable").arg(path);
  }
  *ready = engines.ok() && storageOk && !d->draining;
  return QJsonObject{
      {QStringLiteral("ready"), *ready},
      {QStringLiteral("checks"),
       QJsonObject{{QStringLiteral("engines"),
                    QJsonObject{{QStringLiteral("ok"), engines.ok()},
                                {QStringLiteral("detail"), engines.ok() ? QStringLiteral("%1, %2, %3")
                                                                                  .arg(context.config().asr.engine,
                                                                                       context.config().translation.engine,
                                                                                       context.config().tts.engine)
                                                                        : engines.error().message}}},
                   {QStringLiteral("storage"),
                    QJsonObject{{QStringLiteral("ok"), storageOk}, {QStringLiteral("detail"), storageDetail}}}}}};
}

void ApiHost::registerRoutes() {
  server::HttpServer &http = *d->server;

  RouteSpec health{"GET", QStringLiteral("/healthz"), Access::Public};
  health.rateLimited = false;
  http.route(health, [this](const Request &, Reply reply) {
    reply.send(Response::json({{QStringLiteral("status"), QStringLiteral("ok")},
                               {QStringLiteral("version"), QString::fromLatin1(build::version)},
                               {QStringLiteral("uptime_s"), double(d->uptime.elapsed()) / 1000.0}}));
  });
  RouteSpec ready{"GET", QStringLiteral("/readyz"), Access::Public};
  ready.rateLimited = false;
  http.route(ready, [this](const Request &, Reply reply) {
    bool ok = false;
    const QJsonObject body = readiness(&ok);
    reply.send(Response::json(body, ok ? 200 : 503));
  });
  http.route({"GET", QStringLiteral("/metrics"), Access::Metrics}, [this](const Request &, Reply reply) {
    QByteArray text = d->metrics.prometheusText();
    if (SessionRunner *runner = d->currentSession(); runner && runner->isRunning())
      text += runner->telemetry().metrics().prometheusText();
    reply.send(Response::bytes(text, "text/plain; version=0.0.4; charset=utf-8"));
  });
  http.route({"GET", QStringLiteral("/api/v1/status"), Access::Key},
             [this](const Request &, Reply reply) { reply.send(Response::json(statusJson())); });
  RouteSpec openapi{"GET", QStringLiteral("/api/v1/openapi.json"), Access::Public};
  http.route(openapi, [](const Request &, Reply reply) {
    QFile file(QStringLiteral(":/dragoman/server/openapi.json"));
    if (!file.open(QIODevice::ReadOnly))
      return reply.send(Response::error(500, QStringLiteral("the OpenAPI document is missing from this build")));
    reply.send(Response::bytes(file.readAll(), "application/json"));
  });
  http.webSocketRoute(QStringLiteral("/api/v1/stream"), Access::Key, [this] {
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("hello")},
                       {QStringLiteral("version"), QString::fromLatin1(build::version)},
                       {QStringLiteral("live"), liveJson()}};
  });
  registerMediaRoutes();
  registerHistoryRoutes();
  registerLiveRoutes();
}

bool ApiHost::isDrained() const { return d->draining && d->serverDrained && !d->waitingForSession && !d->onDrained; }

void ApiHost::drain() {
  if (d->draining)
    return;
  d->draining = true;
  connect(d->server.get(), &server::HttpServer::drained, this, [this](int unfinished) {
    if (unfinished > 0)
      qCWarning(lcServer, "%d request(s) were still running when the drain time ran out", unfinished);
    d->serverDrained = true;
    d->finishDrainIfDone();
  });
  d->onDrained = [this] { Q_EMIT drained(); };
  if (d->ownSession && d->ownSession->isRunning()) {
    d->waitingForSession = true;
    d->ownSession->stop();
  }
  if (d->ownCall && d->ownCall->isRunning()) {
    d->waitingForSession = true;
    d->ownCall->stop();
  }
  d->server->drain(d->context.config().server.drainTimeoutMs);
}

} // namespace dragoman::headless
