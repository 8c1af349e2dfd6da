#include "core/server/httpwire.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace dragoman::server {

namespace {
struct StatusText {
  int status;
  const char *reason;
  const char *code;
};

constexpr StatusText kStatuses[] = {
    {100, "Continue", "continue"},
    {101, "Switching Protocols", "switching_protocols"},
    {200, "OK", "ok"},
    {201, "Created", "created"},
    {202, "Accepted", "accepted"},
    {204, "No Content", "no_content"},
    {301, "Moved Permanently", "moved_permanently"},
    {308, "Permanent Redirect", "permanent_redirect"},
    {400, "Bad Request", "bad_request"},
    {401, "Unauthorized", "unauthorized"},
    {403, "Forbidden", "forbidden"},
    {404, "Not Found", "not_found"},
    {405, "Method Not Allowed", "method_not_allowed"},
    {408, "Request Timeout", "request_timeout"},
    {409, "Conflict", "conflict"},
    {411, "Length Required", "length_required"},
    {413, "Payload Too Large", "payload_too_large"},
    {414, "URI Too Long", "uri_too_long"},
    {415, "Unsupported Media Type", "unsupported_media_type"},
    {422, "Unprocessable Entity", "unprocessable_entity"},
    {426, "Upgrade Required", "upgrade_required"},
    {429, "Too Many Requests", "too_many_requests"},
    {431, "Request Header Fields Too Large", "request_header_fields_too_large"},
    {500, "Internal Server Error", "internal_error"},
    {501, "Not Implemented", "not_implemented"},
    {503, "Service Unavailable", "service_unavailable"},
    {504, "Gateway Timeout", "gateway_timeout"},
    {505, "HTTP Version Not Supported", "http_version_not_supported"},
    {507, "Insufficient Storage", "insufficient_storage"},
};

const StatusText *find(int status) {
  for (const StatusText &s : kStatuses)
    if (s.status == status)
      return &s;
  return nullptr;
}
} // namespace

QByteArray reasonPhrase(int status) {
  const StatusText *s = find(status);
  return s ? QByteArray(s->reason) : QByteArrayLiteral("Unknown");
}

QByteArray errorCode(int status) {
  const StatusText *s = find(status);
  return s ? QByteArray(s->code) : QByteArrayLiteral("error");
}

QList<HttpHeader> securityHeaders(bool tls) {
  QList<HttpHeader> headers{
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  };
  if (tls)
    headers.append(HttpHeader{"Strict-Transport-Security", "max-age=31536000"});
  return headers;
}

QByteArray errorBody(int status, const QString &message, const QByteArray &requestId) {
  QJsonObject error{{QStringLiteral("status"), status},
                    {QStringLiteral("code"), QString::fromLatin1(errorCode(status))},
                    {QStringLiteral("message"), message}};
  if (!requestId.isEmpty())
    error.insert(QStringLiteral("request_id"), QString::fromLatin1(requestId));
  return QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

QByteArray newRequestId() {
  const quint64 value = QRandomGenerator::system()->generate64();
  return QByteArray::number(value, 16).rightJustified(16, '0');
}

bool isAcceptableRequestId(const QByteArray &id) {
  if (id.isEmpty() || id.size() > 64)
    return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok)
      return false;
  }
  return true;
}

QByteArray serializeResponse(int status, const QList<HttpHeader> &headers, const QByteArray &body, bool close,
                             bool omitBody) {
  QByteArray out;
  out.reserve(256 + body.size());
  out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
  for (const HttpHeader &h : headers)
    out += h.name + ": " + h.value + "\r\n";
  if (status != 204 && status >= 200)
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
  out += close ? QByteArrayLiteral("Connection: close\r\n") : QByteArrayLiteral("Connection: keep-alive\r\n");
  out += "\r\n";
  if (!omitBody && status != 204)
    out += body;
  return out;
}

} // namespace dragoman::server
