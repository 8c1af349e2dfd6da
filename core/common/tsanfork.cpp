// ThreadSanitizer builds only: compiled into each test executable (tests/CMakeLists.txt), not into
// a library, so that the executable exports clone() and Qt's call binds to it (the libraries'
// symbols stay hidden: cmake/DragomanCompiler.cmake's --exclude-libs).
#if defined(__SANITIZE_THREAD__)

#include <cstdarg>
#include <dlfcn.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

// QProcess starts its child with clone(CLONE_VM | CLONE_VFORK): until the child execs, it runs on
// the parent's memory with the calling thread's thread-local state, TSan's included, and the
// interceptors it passes through (close, dup2, sigaction) rewrite that thread's clock: TSan then
// loses what the thread synchronised with, and reports its writes as racing with whoever joins it.
// Here such a clone is a fork() TSan sees (the child gets its own copy and execs from there) and a
// pidfd opened for it, which is what QProcess asked the kernel for. Threads' clones go to glibc.
extern "C" int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...) {
  va_list rest;
  va_start(rest, arg);
  void *parentTid = va_arg(rest, void *);
  void *tls = va_arg(rest, void *);
  void *childTid = va_arg(rest, void *);
  va_end(rest);
  constexpr int vforkLike = CLONE_VM | CLONE_VFORK;
  if ((flags & vforkLike) == vforkLike && !(flags & CLONE_THREAD)) {
    const pid_t pid = fork();
    if (pid == 0)
      _exit(fn(arg));
    if (pid < 0)
      return -1;
    if (flags & CLONE_PIDFD) {
      const int pidfd = int(syscall(SYS_pidfd_open, pid, 0));
      if (pidfd < 0)
        return -1; // errno says why; the child execs on, as a process QProcess never knew
      *static_cast<int *>(parentTid) = pidfd;
    }
    return pid;
  }
  using Clone = int (*)(int (*)(void *), void *, int, void *, ...);
  static const auto glibc = reinterpret_cast<Clone>(dlsym(RTLD_NEXT, "clone"));
  return glibc(fn, stack, flags, arg, parentTid, tls, childTid);
}


#endif
