#pragma once
// Where Dragoman's threads come from. app/context owns the process's one ThreadHost
// (app/context/appthreads.h) and hands it to core and ui, which never construct a QThread of their
// own: every thread made here carries its name from core/common/threadnames.h (top -H, gdb, perf
// and the Chrome trace show it), is listed while it runs (running()), and, for the short jobs of
// background(), is waited for when the program ends (waitForBackground()). Which threads exist,
// what each may block on and how it stops is declared in app/context/threads.cpp.

#include <QStringList>

#include <functional>
#include <memory>

class QThread;

namespace dragoman {

class ThreadHost {
public:
  // `declared` (optional) answers whether a name is in the thread table; an undeclared name is a
  // programming error (asserted in Debug builds, logged in Release).
  explicit ThreadHost(std::function<bool(const char *)> declared = {});
  ~ThreadHost(); // waits for the background jobs still running
  ThreadHost(const ThreadHost &) = delete;
  ThreadHost &operator=(const ThreadHost &) = delete;

  // A thread that runs `body` once, named `name`, not started yet: connect to it, then start().
  // Its owner stops (by whatever `body` waits on) and joins it.
  std::unique_ptr<QThread> thread(const char *name, std::function<void()> body);
  // A thread with an event loop, for a worker QObject moved onto it; not started yet. Its owner
  // quits and joins it.
  std::unique_ptr<QThread> loop(const char *name);
  // Runs `body` at once on a short-lived thread of its own, which the host owns and deletes when
  // it returns.
  void background(const char *name, std::function<void()> body);
  // Waits for the background jobs, at most `timeoutMs` (< 0: no limit); false when some still run.
  bool waitForBackground(int timeoutMs = -1);

  // The names of the threads made here that are running now, sorted (a name once per thread).
  QStringList running() const;

private:
  std::unique_ptr<QThread> make(const char *name, std::unique_ptr<QThread> thread);
  struct Impl;
  std::shared_ptr<Impl> d; // shared with the threads' own bookkeeping, which may outlive a moment of *this
};

} // namespace dragoman
