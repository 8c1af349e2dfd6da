#include "core/common/threadhost.h"

#include "core/common/logcategories.h"
#include "core/common/tsan.h"

#include <QThread>

#include <algorithm>
#include <condition_variable>
#include <set>
#include <mutex>
#include <string>

namespace dragoman {

struct ThreadHost::Impl {
  std::function<bool(const char *)> declared;
  mutable std::mutex mutex;
  std::condition_variable backgroundDone;
  std::multiset<std::string> running;
  int background = 0;
};

ThreadHost::ThreadHost(std::function<bool(const char *)> declared) : d(std::make_shared<Impl>()) {
  d->declared = std::move(declared);
}

ThreadHost::~ThreadHost() { waitForBackground(); }

std::unique_ptr<QThread> ThreadHost::make(const char *name, std::unique_ptr<QThread> thread) {
  if (d->declared && !d->declared(name)) {
    Q_ASSERT_X(false, "ThreadHost", "a thread whose name is not in the thread table (app/context/threads.cpp)");
    qCWarning(lcApp, "thread %s is not in the thread table", name);
  }
  thread->setObjectName(QString::fromLatin1(name)); // QThread names the OS thread after it
  const std::string key(name);
  // Direct connections: both run on the new thread itself, at its start and its end.
  QObject::connect(thread.get(), &QThread::started, thread.get(), [impl = d, key] {
    const std::lock_guard lock(impl->mutex);
    impl->running.insert(key);
  }, Qt::DirectConnection);
  QObject::connect(thread.get(), &QThread::finished, thread.get(), [impl = d, key] {
    {
      const std::lock_guard lock(impl->mutex);
      if (auto it = impl->running.find(key); it != impl->running.end())
        impl->running.erase(it);
    }
    tsan::threadDone(); // last: the thread's work, for whoever returns from wait() (tsan.h)
  }, Qt::DirectConnection);
  return thread;
}

std::unique_ptr<QThread> ThreadHost::thread(const char *name, std::function<void()> body) {
  return make(name, std::unique_ptr<QThread>(QThread::create(std::move(body))));
}

std::unique_ptr<QThread> ThreadHost::loop(const char *name) { return make(name, std::make_unique<QThread>()); }

void ThreadHost::background(const char *name, std::function<void()> body) {
  {
    const std::lock_guard lock(d->mutex);
    ++d->background;
  }
  auto job = [impl = d, body = std::move(body)] {
    body();
    const std::lock_guard lock(impl->mutex);
    --impl->background;
    impl->backgroundDone.notify_all();
  };
  QThread *thread = make(name, std::unique_ptr<QThread>(QThread::create(std::move(job)))).release();
  QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
  thread->start();
}

bool ThreadHost::waitForBackground(int timeoutMs) {
  std::unique_lock lock(d->mutex);
  const auto none = [this] { return d->background == 0; };
  if (timeoutMs < 0) {
    d->backgroundDone.wait(lock, none);
    return true;
  }
  return d->backgroundDone.wait_for(lock, std::chrono::milliseconds(timeoutMs), none);
}

QStringList ThreadHost::running() const {
  QStringList names;
  const std::lock_guard lock(d->mutex);
  for (const std::string &n : d->running)
    names << QString::fromStdString(n);
  return names; // a multiset iterates in order
}

} // namespace dragoman
