#pragma once
// ApiHost's state, shared by the files that register its routes (apihost*.cpp, api*.cpp).

#include "core/inference/synthesizercache.h"
#include "app/context/callsession.h"
#include "app/context/sessionrunner.h"
#include "app/headless/apihost.h"
#include "core/server/server.h"
#include "core/server/translationservice.h"
#include "core/telemetry/memory/memorysample.h"
#include "core/telemetry/metrics/metricsregistry.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>

namespace dragoman::headless {

// The route files' vocabulary.
using server::Access;
using server::Reply;
using server::Request;
using server::Response;
using server::RouteSpec;

struct ApiHost::Impl {
  explicit Impl(const AppContext &c) : context(c), voices(c.engines()) {
    telemetry::Counter &loads = metrics.counter(QStringLiteral("dragoman_api_voice_loads_total"),
                                                QStringLiteral("Voices the API loaded for /speak and spoken transcriptions (kept loaded after)."));
    voices.setOnCreated([&loads] { loads.inc(); });
  }
  ~Impl() {
    // The engine threads of /transcribe and /speak finish their current job first.
    for (QThread *t : std::as_const(jobThreads))
      t->wait();
  }

  const AppContext &context;
  telemetry::MetricsRegistry metrics; // the server's own; a live session has its own besides
  std::unique_ptr<server::HttpServer> server;
  std::unique_ptr<server::TranslationService> translation;
  QElapsedTimer uptime;

  QPointer<SessionRunner> attached;           // live --serve, the desktop application's session
  QPointer<CallSession> attachedCall;         // call --serve (attached is then its "me" direction)
  std::unique_ptr<SessionRunner> ownSession;  // serve: /api/v1/live/start
  std::unique_ptr<CallSession> ownCall;       // serve: /api/v1/live/start with "call" (attachedCall then points to it)
  QString liveState = QStringLiteral("idle"); // idle, starting, running, stopping
  QString liveSource;
  QString liveTarget;
  qint64 liveSegments = 0;
  telemetry::MemorySample lastMemory;

  // Voices stay loaded between /speak and /transcribe?speak=true requests.
  SynthesizerCache voices;
  // /transcribe and /speak jobs: one at a time each, on a thread of their own.
  QList<QThread *> jobThreads;
  int transcribing = 0;
  int speaking = 0;

  bool draining = false;
  bool serverDrained = false;
  bool waitingForSession = false;
  std::function<void()> onDrained;

  SessionRunner *currentSession() const { return attached ? attached.data() : ownSession.get(); }
  // A session or call of the host's own, or one reported, runs now.
  bool liveRunning() const {
    if (attachedCall)
      return attachedCall->isRunning();
    SessionRunner *runner = currentSession();
    return runner && runner->isRunning();
  }
  // The host's own call, once ended, is let go: the next start may be a session or a call.
  void releaseEndedCall() {
    if (!ownCall || ownCall->isRunning())
      return;
    attached = nullptr;
    attachedCall = nullptr;
    ownCall.reset();
  }
  void finishDrainIfDone() {
    if (draining && serverDrained && !waitingForSession && onDrained) {
      auto done = std::move(onDrained);
      onDrained = nullptr;
      done();
    }
  }
};

} // namespace dragoman::headless
