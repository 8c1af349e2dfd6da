#pragma once
// The HTTP/1.1 request head as the request gate (requestgate.h) reads it: the rules of the
// request line and of the header fields that decide where a request ends (Content-Length,
// Transfer-Encoding) and what follows its head (Expect: 100-continue, an Upgrade to WebSocket).
// Pure functions over bytes the gate has peeked, and HttpHeadReader, the gate's reading of a head
// a byte at a time; no socket.
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

// One request head read a byte at a time, refused as early as a byte shows it must be: blank
// bytes before the request line are skipped (isHttpBlank(), counted against the head's size);
// the method is token characters (at most kMaxMethodBytes), the target has no space or control
// character and at most maxUrlBytes, the version passes checkHttpVersion(); the head ends at LF LF
// or LF CR LF, within maxHeaderBytes (blank bytes included, else 431) and maxHeaderFields lines
// (431), and is then parsed by parseHttpHead(). Holds at most maxHeaderBytes + 1 bytes.
class HttpHeadReader {
public:
  struct Limits {
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxUrlBytes = 8 * 1024;
    int maxHeaderFields = 100;
  };
  enum class Step { More, Refused, Complete };

  explicit HttpHeadReader(const Limits &limits) : m_limits(limits) {}
  // After Refused or Complete, reset() before the next request.
  Step feed(char c);
  void reset();

  bool inHead() const { return !m_head.isEmpty(); } // past the blank bytes before the request line
  qint64 taken() const { return m_blank + m_head.size(); }
  qint64 room() const { return m_limits.maxHeaderBytes + 1 - taken(); } // bytes it may take before refusing
  const HeadRefusal &refusal() const { return m_refusal; }
  const HttpHead &head() const { return m_parsed; } // after Complete

private:
  Step refuse(int status, const QString &message);
  Step step(char c);

  Limits m_limits;
  qint64 m_blank = 0;
  QByteArray m_head;
  int m_field = 0; // request line: 0 method, 1 target, 2 version
  qsizetype m_fieldStart = 0;
  qsizetype m_lineEnd = -1;
  int m_headerLines = 0;
  HeadRefusal m_refusal;
  HttpHead m_parsed;
};

} // namespace dragoman::server
