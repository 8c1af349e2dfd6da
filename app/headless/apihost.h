#pragma once
// The HTTP API of `dragoman serve` and `dragoman live --serve`: the embedded server (core/server)
// with the application's routes. It reports on, and controls, one live session: its own (started
// and stopped through /api/v1/live/*) or the one `live` runs (attachSession). Lives on the main
// thread; engine work runs on threads of its own.

#include "core/common/result.h"
#include "core/common/types.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

namespace dragoman {
class AppContext;
class CallSession;
struct CallOptions;
class SessionRunner;

namespace server {
class HttpServer;
}

namespace headless {

class ApiHost : public QObject {
  Q_OBJECT
public:
  explicit ApiHost(const AppContext &context, QObject *parent = nullptr);
  ~ApiHost() override;

  // `live --serve` and the desktop application: report on and stream this session;
  // /api/v1/live/start is refused (409), /api/v1/live/stop stops it. A later call replaces it;
  // a runner destroyed meanwhile is forgotten.
  void attachSession(SessionRunner *runner);
  // `call --serve`: the same for both directions of a call; every streamed message says its
  // "direction" ("me", "them"), /api/v1/live/stop stops the call, and the live status lists both.
  void attachCall(CallSession *call);

  Status start();
  server::HttpServer &server();

  // Starts the host's own live session on the configured devices (serve --live, POST
  // /api/v1/live/start). Usage error: one is running already.
  Status startLive(bool speak);
  // Starts the host's own call, both directions (POST /api/v1/live/start with "call"), reported
  // as `call --serve` reports its call. Usage error: a session or call runs already; Input: the
  // options are not a call.
  Status startCall(const CallOptions &options);

  // SIGTERM: stop taking requests, let those in flight finish, stop the host's own live session
  // (its history is flushed), then drained().
  void drain();
  bool isDrained() const; // drain() has finished

Q_SIGNALS:
  void drained();

private:
  void registerRoutes();
  void registerMediaRoutes();
  void registerHistoryRoutes();
  void registerLiveRoutes();
  void connectSession(SessionRunner *runner, const QString &direction = {});
  QJsonObject statusJson() const;
  QJsonObject liveJson() const;
  QJsonValue callJson() const; // null unless a call is attached
  QJsonObject readiness(bool *ready) const;

  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace headless
} // namespace dragoman
