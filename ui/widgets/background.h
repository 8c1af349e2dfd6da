#pragma once
// A piece of disk or device work off the GUI thread: `work` runs on a short-lived thread from
// `threads` (named `threadName`), then `done(result)` runs on the main thread, unless `context` has
// gone by then.

#include "core/common/threadhost.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>

namespace dragoman::ui {

template <typename Work, typename Done>
void runInBackground(ThreadHost &threads, QObject *context, const char *threadName, Work work, Done done) {
  QPointer<QObject> target(context);
  threads.background(threadName, [target, work, done] {
    const auto result = work();
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [target, done, result] {
          if (target)
            done(result);
        },
        Qt::QueuedConnection);
  });
}

} // namespace dragoman::ui
