#pragma once
// A piece of disk or device work off the GUI thread: `work` runs on a short-lived thread of its
// own, then `done(result)` runs on the main thread, unless `context` has gone by then.

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QThread>

namespace dragoman::ui {

template <typename Work, typename Done>
void runInBackground(QObject *context, const char *threadName, Work work, Done done) {
  QPointer<QObject> target(context);
  QThread *thread = QThread::create([target, work, done] {
    const auto result = work();
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [target, done, result] {
          if (target)
            done(result);
        },
        Qt::QueuedConnection);
  });
  thread->setObjectName(QString::fromLatin1(threadName));
  QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  thread->start();
}

} // namespace dragoman::ui
