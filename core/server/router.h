#pragma once
// The route table: method + path pattern → handler slot, with path parameters. Patterns are
// literal segments and "{name}" segments ("/api/v1/sessions/{id}/export"); a parameter matches one
// non-empty segment. Pure and single-threaded; the server owns one.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace dragoman::server {

// Who may call a route.
enum class Access {
  Public,  // no key ever (liveness and readiness probes)
  Metrics, // a key unless ServerOptions::metricsPublic
  Key,     // a key once any key exists
};

struct RouteSpec {
  RouteSpec() = default;
  RouteSpec(QByteArray m, QString p, Access a = Access::Key) : method(std::move(m)), pattern(std::move(p)), access(a) {}

  QByteArray method; // "GET", "POST"; GET routes answer HEAD too
  QString pattern;
  Access access = Access::Key;
  qint64 maxBodyBytes = 0;   // 0: the server's JSON limit
  bool rateLimited = true;   // probes are not
  bool webSocket = false;    // GET that upgrades to a WebSocket
  // Accepted media types of a request body ("application/json"); empty: any, or none.
  QByteArrayList contentTypes;
};

struct RouteMatch {
  int index = -1;            // into the table; -1: no route for this path and method
  QStringList params;        // the "{name}" segments' values, in order, percent-decoded
  QByteArrayList allowed;    // methods the path has (for 405 and Allow), when index is -1
};

class Router {
public:
  // Returns the new route's index. Patterns must start with '/'.
  int add(const RouteSpec &spec);
  const RouteSpec &spec(int index) const { return m_routes.at(index).spec; }
  qsizetype size() const { return m_routes.size(); }

  // path: the request's decoded path, without query.
  RouteMatch match(const QByteArray &method, const QString &path) const;

  // The body limit for a request before it is read; unknown paths get fallback.
  qint64 maxBody(const QByteArray &method, const QString &path, qint64 fallback) const;

private:
  struct Route {
    RouteSpec spec;
    QStringList segments;
  };
  static std::optional<QStringList> matchSegments(const QStringList &pattern, const QStringList &path);
  QList<Route> m_routes;
};

} // namespace dragoman::server
