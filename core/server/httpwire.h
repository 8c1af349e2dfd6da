#pragma once
// The bytes of an HTTP/1.1 response, written by the server itself: the request gate answers
// before Qt HttpServer has parsed anything, and the router answers asynchronously, so neither
// can use QHttpServerResponder (which keeps references into the parser's request object).

#include <QByteArray>
#include <QList>
#include <QString>

namespace dragoman::server {

struct HttpHeader {
  QByteArray name;
  QByteArray value;
};

// "Payload Too Large" for 413; "Unknown" for a status the table lacks.
QByteArray reasonPhrase(int status);

// A stable machine-readable code for an error status: 413 → "payload_too_large".
QByteArray errorCode(int status);

// The headers every response carries (nosniff, frame denial, no-store, a restrictive CSP,
// no referrer); HSTS too when the connection is TLS.
QList<HttpHeader> securityHeaders(bool tls);

// {"error":{"status":413,"code":"payload_too_large","message":"…","request_id":"…"}}
QByteArray errorBody(int status, const QString &message, const QByteArray &requestId);

// A fresh random request id: 16 lowercase hex digits.
QByteArray newRequestId();

// True when a client-supplied X-Request-ID may be echoed: 1–64 characters of [A-Za-z0-9._-].
bool isAcceptableRequestId(const QByteArray &id);

// The whole response: status line, the given headers, Content-Length, Connection: close when
// close is set (keep-alive otherwise), a blank line and the body. HEAD responses pass
// omitBody: the Content-Length is that of the body that a GET would have had.
QByteArray serializeResponse(int status, const QList<HttpHeader> &headers, const QByteArray &body, bool close,
                             bool omitBody = false);

} // namespace dragoman::server
