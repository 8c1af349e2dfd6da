#include "core/server/router.h"

namespace dragoman::server {

namespace {
QStringList split(const QString &path) { return path.split(QLatin1Char('/'), Qt::SkipEmptyParts); }

bool isParam(const QString &segment) {
  return segment.size() > 2 && segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

bool methodFits(const QByteArray &routeMethod, const QByteArray &method) {
  return routeMethod == method || (routeMethod == "GET" && method == "HEAD");
}
} // namespace

int Router::add(const RouteSpec &spec) {
  Q_ASSERT(spec.pattern.startsWith(QLatin1Char('/')));
  m_routes.append(Route{spec, split(spec.pattern)});
  return int(m_routes.size() - 1);
}

std::optional<QStringList> Router::matchSegments(const QStringList &pattern, const QStringList &path) {
  if (pattern.size() != path.size())
    return std::nullopt;
  QStringList params;
  for (qsizetype i = 0; i < pattern.size(); ++i) {
    if (isParam(pattern[i]))
      params.append(path[i]);
    else if (pattern[i] != path[i])
      return std::nullopt;
  }
  return params;
}

RouteMatch Router::match(const QByteArray &method, const QString &path) const {
  RouteMatch result;
  const QStringList segments = split(path);
  for (qsizetype i = 0; i < m_routes.size(); ++i) {
    const std::optional<QStringList> params = matchSegments(m_routes[i].segments, segments);
    if (!params)
      continue;
    if (methodFits(m_routes[i].spec.method, method)) {
      result.index = int(i);
      result.params = *params;
      result.allowed.clear();
      return result;
    }
    result.allowed.append(m_routes[i].spec.method);
    if (m_routes[i].spec.method == "GET")
      result.allowed.append("HEAD");
  }
  return result;
}

qint64 Router::maxBody(const QByteArray &method, const QString &path, qint64 fallback) const {
  const RouteMatch m = match(method, path);
  if (m.index < 0)
    return fallback;
  const qint64 limit = m_routes[m.index].spec.maxBodyBytes;
  return limit > 0 ? limit : fallback;
}

} // namespace dragoman::server
