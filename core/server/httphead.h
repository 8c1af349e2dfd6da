#pragma once
// The HTTP/1.1 request head as the request gate (requestgate.h) reads it: the rules of the
// request line and of the header fields that decide where a request ends (Content-Length,
// Transfer-Encoding) and what follows its head (Expect: 100-continue, an Upgrade to WebSocket).
// Pure functions over bytes the gate has peeked; no socket, no state.
//
// Only framing matters here, and anything Qt HttpServer 6.4 might read differently is refused
// rather than guessed: if the gate and Qt disagreed about where a body ends, a request could
// slip past the gate.

#include <QByteArray>
#include <QString>

#include <optional>
#include <variant>

namespace dragoman::server {

inline constexpr qsizetype kMaxMethodBytes = 32; // a longer method is not an HTTP/1.1 request (400)

// A tchar (RFC 9110 §5.6.2): what a method and a header name are made of.
bool isHttpTokenChar(char c);

// Qt skips these before a request line (e.g. the CRLF some clients send after a body).
bool isHttpBlank(char c);

struct HttpHead {
  QByteArray method;
  QByteArray path;       // as sent (percent-encoded), without the query
  QByteArray lengthText; // the Content-Length without leading zeros, for messages
  qint64 contentLength = 0;
  bool http11 = true;
  bool expectContinue = false;
  bool webSocket = false; // Qt hands such a request to its QWebSocketServer
};

// Why a head is refused: the status to answer with and a message for the client.
struct HeadRefusal {
  int status = 400;
  QString message;
};

// The version field of a request line, everything after its second space up to (not including)
// the LF; a trailing CR is ignored. HTTP/1.1 and HTTP/1.0 pass; another well-formed version is
// refused with 505, anything else with 400.
std::optional<HeadRefusal> checkHttpVersion(QByteArray version);

// Parses a complete head (up to and including the blank line that ends it) whose request line
// ends at lineEnd (the index of its LF) and has already been checked: a method of token
// characters, a target and a version (checkHttpVersion()) separated by single spaces.
std::variant<HttpHead, HeadRefusal> parseHttpHead(const QByteArray &head, qsizetype lineEnd);

} // namespace dragoman::server
