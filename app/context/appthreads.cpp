#include "app/context/appthreads.h"

#include "app/context/threads.h"
#include "core/common/threadhost.h"

namespace dragoman {

ThreadHost &appThreads() {
  static ThreadHost host([](const char *name) { return undeclaredThread(QString::fromLatin1(name)).isEmpty(); });
  return host;
}

} // namespace dragoman
