#include "core/server/httphead.h"

#include <QList>
#include <QUrl>

#include <algorithm>
#include <cctype>
#include <limits>

namespace dragoman::server {

namespace {

bool isDigits(const QByteArray &s) {
  return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The path as sent (percent-encoded), without the query: origin form or absolute form; "*"
// (OPTIONS) and host:port (CONNECT) as they are.
QByteArray pathOf(const QByteArray &target) {
  if (target.startsWith('/')) {
    qsizetype end = 0;
    while (end < target.size() && target[end] != '?' && target[end] != '#')
      ++end;
    return target.first(end);
  }
  if (target.contains("://"))
    return QUrl::fromEncoded(target).path(QUrl::FullyEncoded).toUtf8();
  return target;
}

} // namespace

bool isHttpTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return true;
  return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isHttpBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

std::optional<HeadRefusal> checkHttpVersion(QByteArray version) {
  if (version.endsWith('\r'))
    version.chop(1);
  if (version == "HTTP/1.1" || version == "HTTP/1.0")
    return std::nullopt;
  const bool wellFormed = version.size() == 8 && version.startsWith("HTTP/") && version[6] == '.' &&
                          std::isdigit(static_cast<uchar>(version[5])) && std::isdigit(static_cast<uchar>(version[7]));
  if (wellFormed)
    return HeadRefusal{
        505, QStringLiteral("HTTP version %1 is not supported; use HTTP/1.1").arg(QString::fromLatin1(version))};
  return HeadRefusal{400, QStringLiteral("this is not an HTTP/1.1 request")};
}

std::variant<HttpHead, HeadRefusal> parseHttpHead(const QByteArray &head, qsizetype lineEnd) {
  HttpHead out;
  const qsizetype sp1 = head.indexOf(' ');
  const qsizetype sp2 = head.indexOf(' ', sp1 + 1);
  out.method = head.left(sp1);
  out.path = pathOf(head.mid(sp1 + 1, sp2 - sp1 - 1));
  out.http11 = head.mid(sp2 + 1, 8) == "HTTP/1.1";

  QByteArray connection;
  QList<QByteArray> upgrades;
  bool haveLength = false;
  for (qsizetype pos = lineEnd + 1; pos < head.size();) {
    const qsizetype nl = head.indexOf('\n', pos);
    QByteArray line = head.mid(pos, nl - pos);
    pos = nl + 1;
    if (line.endsWith('\r'))
      line.chop(1);
    if (line.isEmpty())
      break; // the blank line that ends the head
    if (line.front() == ' ' || line.front() == '\t')
      return HeadRefusal{400, QStringLiteral("folded header lines are not accepted")};
    const qsizetype colon = line.indexOf(':');
    const QByteArray name = line.left(colon).toLower();
    if (colon <= 0 || !std::all_of(name.begin(), name.end(), isHttpTokenChar))
      return HeadRefusal{400, QStringLiteral("a header line is malformed")};
    const QByteArray value = line.mid(colon + 1).trimmed();
    if (std::any_of(value.begin(), value.end(), [](char c) { return (uchar(c) < 0x20 && c != '\t') || c == 0x7f; }))
      return HeadRefusal{400, QStringLiteral("header %1 contains a control character").arg(QString::fromLatin1(name))};

    if (name == "content-length") {
      // Digits only: Qt reads the first Content-Length with toULongLong(), so "5, 5" would
      // mean no body to Qt and five bytes to the gate.
      if (!isDigits(value))
        return HeadRefusal{400, QStringLiteral("the Content-Length header is not a valid length")};
      QByteArray digits = value;
      while (digits.size() > 1 && digits.front() == '0')
        digits.remove(0, 1);
      if (haveLength && digits != out.lengthText)
        return HeadRefusal{400, QStringLiteral("the request has conflicting Content-Length headers")};
      haveLength = true;
      out.lengthText = digits;
      out.contentLength = digits.size() > 18 ? std::numeric_limits<qint64>::max() : digits.toLongLong();
    } else if (name == "transfer-encoding") {
      return HeadRefusal{
          411, QStringLiteral("send the body with a Content-Length (chunked request bodies are not accepted)")};
    } else if (name == "connection") {
      connection += value.toLower() + ',';
    } else if (name == "upgrade") {
      upgrades.append(value);
    } else if (name == "expect") {
      out.expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
    }
  }
  // Qt's test (QAbstractHttpServerPrivate::handleReadyRead) on its combined header values: any
  // Connection naming upgrade, and an Upgrade of exactly "websocket".
  out.webSocket = connection.contains("upgrade") && upgrades.size() == 1 &&
                  upgrades.first().compare("websocket", Qt::CaseInsensitive) == 0;
  return out;
}

void HttpHeadReader::reset() {
  m_blank = 0;
  m_head.clear();
  m_field = 0;
  m_fieldStart = 0;
  m_lineEnd = -1;
  m_headerLines = 0;
}

HttpHeadReader::Step HttpHeadReader::refuse(int status, const QString &message) {
  m_refusal = HeadRefusal{status, message};
  m_head.clear();
  return Step::Refused;
}

HttpHeadReader::Step HttpHeadReader::feed(char c) {
  if (m_head.isEmpty() && isHttpBlank(c)) {
    if (++m_blank > m_limits.maxHeaderBytes)
      return refuse(431, QStringLiteral("the request head is larger than %1 bytes").arg(m_limits.maxHeaderBytes));
    return Step::More;
  }
  m_head.append(c);
  return step(c);
}

// One byte, already appended to m_head.
HttpHeadReader::Step HttpHeadReader::step(char c) {
  const qsizetype at = m_head.size() - 1;
  if (m_lineEnd < 0) {
    if (m_field == 0) {
      if (c == ' ' && at > 0) {
        m_field = 1;
        m_fieldStart = at + 1;
      } else if (!isHttpTokenChar(c) || at >= kMaxMethodBytes) {
        return refuse(400, QStringLiteral("this is not an HTTP/1.1 request"));
      }
    } else if (m_field == 1) {
      if (c == ' ' && at > m_fieldStart) {
        m_field = 2;
        m_fieldStart = at + 1;
      } else if (static_cast<uchar>(c) <= 0x20 || c == 0x7f) {
        return refuse(400, QStringLiteral("the request line is malformed"));
      } else if (at + 1 - m_fieldStart > m_limits.maxUrlBytes) {
        return refuse(414, QStringLiteral("the request target is longer than %1 bytes").arg(m_limits.maxUrlBytes));
      }
    } else if (c == '\n') {
      m_lineEnd = at;
      if (const std::optional<HeadRefusal> refusal = checkHttpVersion(m_head.mid(m_fieldStart, m_lineEnd - m_fieldStart)))
        return refuse(refusal->status, refusal->message);
    } else if (at - m_fieldStart >= 9) {
      return refuse(400, QStringLiteral("the request line is malformed"));
    }
  }
  if (taken() > m_limits.maxHeaderBytes)
    return refuse(431, QStringLiteral("the request head is larger than %1 bytes").arg(m_limits.maxHeaderBytes));
  if (c != '\n' || at == m_lineEnd)
    return Step::More;
  // The head ends at LF LF or LF CR LF, as Qt's reader decides (it accepts bare LF endings).
  if (m_head[at - 1] == '\n' || (m_head[at - 1] == '\r' && m_head[at - 2] == '\n')) {
    std::variant<HttpHead, HeadRefusal> parsed = parseHttpHead(m_head, m_lineEnd);
    if (auto *refusal = std::get_if<HeadRefusal>(&parsed))
      return refuse(refusal->status, refusal->message);
    m_parsed = std::move(std::get<HttpHead>(parsed));
    return Step::Complete;
  }
  if (++m_headerLines > m_limits.maxHeaderFields)
    return refuse(431, QStringLiteral("the request has more than %1 header fields").arg(m_limits.maxHeaderFields));
  return Step::More;
}

} // namespace dragoman::server
