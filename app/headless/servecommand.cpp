// dragoman serve: the HTTP and WebSocket API, headless, until SIGTERM or SIGINT.
// dragoman server add-key|list-keys|revoke-key: the API keys.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/apihost.h"
#include "app/headless/captions.h"
#include "app/headless/headless.h"
#include "app/headless/signalwatcher.h"
#include "core/common/logcategories.h"
#include "core/server/apikeys.h"
#include "core/server/server.h"

#include <QEventLoop>
#include <QTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace dragoman::headless {

QStringList serveOverrides(const cli::Invocation &inv) {
  QStringList out;
  if (inv.values.contains(QStringLiteral("bind")))
    out << QStringLiteral("server.bind=") + inv.value(QStringLiteral("bind"));
  if (inv.values.contains(QStringLiteral("port")))
    out << QStringLiteral("server.port=") + inv.value(QStringLiteral("port"));
  return out;
}

int runServe(const cli::Invocation &inv) {
  Result<std::unique_ptr<AppContext>> made = AppContext::create(inv.global, engineOverrides(inv) + serveOverrides(inv));
  if (!made)
    return reportError(made.error());
  const AppContext &context = **made;
  ApiHost host(context);
  if (Status s = host.start(); !s)
    return reportError(s.error());
  // Supervisors and tests wait for this line on standard output.
  std::printf("serving on %s://%s\n", host.server().tls() ? "https" : "http", qUtf8Printable(host.server().address()));
  std::fflush(stdout);

  QEventLoop loop;
  int signals = 0;
  int failed = 0;
  SignalWatcher watcher;
  QObject::connect(&watcher, &SignalWatcher::signalled, &loop, [&](int number) {
    if (++signals == 1) {
      qCInfo(lcServer, "signal %d: finishing the requests in flight (signal again to stop at once)", number);
      host.drain();
    } else {
      loop.quit();
    }
  });
  QObject::connect(&host, &ApiHost::drained, &loop, &QEventLoop::quit);
  if (inv.flag(QStringLiteral("live"))) {
    QTimer::singleShot(0, &loop, [&] {
      if (Status s = host.startLive(!inv.flag(QStringLiteral("no-speak"))); !s) {
        failed = reportError(s.error());
        host.drain();
      }
    });
  }
  loop.exec();
  qCInfo(lcServer, "stopped");
  if (failed)
    return failed;
  return signals > 1 ? int(cli::ExitInterrupted) : int(cli::ExitOk);
}

int runServerKeys(const cli::Invocation &inv) {
  if (inv.positional.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("server needs an action: add-key NAME, list-keys or revoke-key ID")));
  Result<std::unique_ptr<AppContext>> made = AppContext::create(inv.global);
  if (!made)
    return reportError(made.error());
  server::ApiKeyStore keys(config::apiKeysPath((*made)->config().server));
  const QString action = inv.positional.first();
  const QStringList args = inv.positional.mid(1);
  if (action == QLatin1String("add-key")) {
    if (args.size() != 1)
      return reportError(makeError(ErrorKind::Usage, QStringLiteral("server add-key takes one NAME (what the key is for)")));
    Result<server::NewApiKey> key = keys.add(args.first());
    if (!key)
      return reportError(key.error());
    std::printf("%s\n", qUtf8Printable(key->secret));
    std::fprintf(stderr, "added key %s (\"%s\") to %s; the key above is shown only now: send it as "
                         "\"Authorization: Bearer <key>\"\n",
                 qUtf8Printable(key->key.id), qUtf8Printable(key->key.name), qUtf8Printable(keys.filePath()));
    return cli::ExitOk;
  }
  if (action == QLatin1String("list-keys")) {
    Result<QList<server::ApiKey>> list = keys.list();
    if (!list)
      return reportError(list.error());
    if (inv.flag(QStringLiteral("json"))) {
      QJsonArray out;
      for (const server::ApiKey &k : *list)
        out.append(QJsonObject{{QStringLiteral("id"), k.id},
                               {QStringLiteral("name"), k.name},
                               {QStringLiteral("created"), k.created.toString(Qt::ISODate)},
                               {QStringLiteral("revoked"), k.revoked ? QJsonValue(k.revoked->toString(Qt::ISODate)) : QJsonValue()}});
      std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
      return cli::ExitOk;
    }
    if (list->isEmpty())
      std::printf("no API keys in %s: the API is open to this machine only; add one with `dragoman server add-key NAME`\n",
                  qUtf8Printable(keys.filePath()));
    for (const server::ApiKey &k : *list)
      std::printf("%-12s %-8s %s  %s\n", qUtf8Printable(k.id), k.active() ? "active" : "revoked",
                  qUtf8Printable(k.created.toString(Qt::ISODate)), qUtf8Printable(k.name));
    return cli::ExitOk;
  }
  if (action == QLatin1String("revoke-key")) {
    if (args.size() != 1)
      return reportError(makeError(ErrorKind::Usage, QStringLiteral("server revoke-key takes one key ID (see list-keys)")));
    Result<server::ApiKey> key = keys.revoke(args.first());
    if (!key)
      return reportError(key.error());
    std::printf("revoked key %s (\"%s\"); a running server refuses it within a second\n", qUtf8Printable(key->id),
                qUtf8Printable(key->name));
    return cli::ExitOk;
  }
  return reportError(makeError(ErrorKind::Usage,
                               QStringLiteral("unknown server action '%1'; use add-key, list-keys or revoke-key").arg(action)));
}

} // namespace dragoman::headless
