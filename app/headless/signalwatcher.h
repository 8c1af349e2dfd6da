#pragma once
// Turns SIGINT and SIGTERM into a Qt signal on the main thread (self-pipe), so that a headless
// command can cancel its work, remove partial output and exit with a clear code.

#include <QObject>

class QSocketNotifier;

namespace dragoman {

class SignalWatcher : public QObject {
  Q_OBJECT
public:
  explicit SignalWatcher(QObject *parent = nullptr);
  ~SignalWatcher() override;

Q_SIGNALS:
  void signalled(int signalNumber);

private:
  void onReadable();
  QSocketNotifier *m_notifier = nullptr;
};

} // namespace dragoman
