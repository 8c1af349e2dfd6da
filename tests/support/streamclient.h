#pragma once
// A WebSocket client of /api/v1/stream that keeps every JSON message it receives (tests of the
// live stream: `live --serve`, `serve`, `call --serve`). Link Qt6::WebSockets.

#include <QAbstractSocket>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkRequest>
#include <QStringList>
#include <QTest>
#include <QUrl>
#include <QWebSocket>

namespace dragoman::test {

// Collects the JSON messages a stream client receives.
struct StreamClient {
  QWebSocket socket;
  QList<QJsonObject> messages;
  explicit StreamClient(const QString &origin = {}) : socket(origin) {
    QObject::connect(&socket, &QWebSocket::textMessageReceived,
                     [this](const QString &text) { messages.append(QJsonDocument::fromJson(text.toUtf8()).object()); });
  }
  bool connectTo(const QUrl &url, const QByteArray &bearer = {}) {
    QNetworkRequest request(url);
    if (!bearer.isEmpty())
      request.setRawHeader("Authorization", bearer);
    socket.open(request);
    return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; }, 10000);
  }
  int count(const QString &type) const {
    int n = 0;
    for (const QJsonObject &m : messages)
      n += m.value(QStringLiteral("type")).toString() == type;
    return n;
  }
  QString texts(const QString &type) const {
    QStringList out;
    for (const QJsonObject &m : messages)
      if (m.value(QStringLiteral("type")).toString() == type)
        out << m.value(QStringLiteral("text")).toString();
    return out.join(QLatin1Char(' '));
  }
};

} // namespace dragoman::test
