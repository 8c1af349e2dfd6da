#include "core/common/tsan.h"

#if defined(__SANITIZE_THREAD__)

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QMetaObject>
#include <QThread>

#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

extern "C" void __tsan_ignore_thread_begin(); // in libtsan, not in GCC 12's header
extern "C" void __tsan_ignore_thread_end();

namespace dragoman::tsan {
namespace {

char token; // the one synchronisation object of every hand-off

template <typename F> F real(const char *mangled) {
  void *f = dlvsym(RTLD_NEXT, mangled, "Qt_6");
  if (!f)
    qFatal("tsan.cpp: %s not found in Qt", mangled);
  return reinterpret_cast<F>(f);
}

// A queued call's slot that hands off once it has run, so that whoever waits for it (a blocking
// call) or reads what it wrote later takes over after it.
class HandOffAfter : public QtPrivate::QSlotObjectBase {
public:
  explicit HandOffAfter(QtPrivate::QSlotObjectBase *inner) : QSlotObjectBase(&impl), m_inner(inner) {}

private:
  static void impl(int which, QSlotObjectBase *self, QObject *receiver, void **arguments, bool *ret) {
    auto *me = static_cast<HandOffAfter *>(self);
    switch (which) {
    case Destroy:
      me->m_inner->destroyIfLastRef();
      delete me;
      break;
    case Call:
      me->m_inner->call(receiver, arguments);
      handOff();
      break;
    default:
      if (ret)
        *ret = false;
      break;
    }
  }
  QtPrivate::QSlotObjectBase *m_inner;
};

bool delivered(void **) {
  takeOver();
  return false; // the event goes on as usual
}

// Before main(): every event Qt delivers, on whatever thread, takes over.
const bool registered = QInternal::registerCallback(QInternal::EventNotifyCallback, delivered);

} // namespace

void handOff() { __tsan_release(&token); }
void takeOver() { __tsan_acquire(&token); }
void threadDone() {
  handOff();
  // Ended when the thread exits (C++ thread-local destructors run before TSan's own end of it).
  struct EndIgnore {
    bool armed = false;
    ~EndIgnore() {
      if (armed)
        __tsan_ignore_thread_end();
    }
  };
  thread_local EndIgnore end;
  if (end.armed)
    return;
  end.armed = true;
  __tsan_ignore_thread_begin();
}

} // namespace dragoman::tsan

// Qt's own functions, called from our code (moc's signals, invokeMethod's templates, wait()):
// ours come first in the executable, hand off or take over, and call Qt's.
void QMetaObject::activate(QObject *sender, const QMetaObject *meta, int index, void **arguments) {
  static const auto qt = dragoman::tsan::real<void (*)(QObject *, const QMetaObject *, int, void **)>(
      "_ZN11QMetaObject8activateEP7QObjectPKS_iPPv");
  dragoman::tsan::handOff();
  // Emitted on a worker thread, the receivers are queued ones (or direct bookkeeping): what Qt
  // allocates and copies for them is its own business, ordered by locks TSan cannot see, and Qt's
  // internal frames have no names to suppress. On the main thread slots run here: still watched.
  const QCoreApplication *app = QCoreApplication::instance();
  const bool worker = app && QThread::currentThread() != app->thread();
  if (worker)
    __tsan_ignore_thread_begin();
  qt(sender, meta, index, arguments);
  if (worker)
    __tsan_ignore_thread_end();
}

bool QMetaObject::invokeMethodImpl(QObject *object, QtPrivate::QSlotObjectBase *slot, Qt::ConnectionType type, void *ret) {
  static const auto qt = dragoman::tsan::real<bool (*)(QObject *, QtPrivate::QSlotObjectBase *, Qt::ConnectionType, void *)>(
      "_ZN11QMetaObject16invokeMethodImplEP7QObjectPN9QtPrivate15QSlotObjectBaseEN2Qt14ConnectionTypeEPv");
  QtPrivate::QSlotObjectBase *wrapped = slot ? new dragoman::tsan::HandOffAfter(slot) : slot;
  dragoman::tsan::handOff();
  const bool ok = qt(object, wrapped, type, ret);
  dragoman::tsan::takeOver(); // a blocking call's answer
  return ok;
}

bool QThread::wait(QDeadlineTimer deadline) {
  static const auto qt = dragoman::tsan::real<bool (*)(QThread *, QDeadlineTimer)>("_ZN7QThread4waitE14QDeadlineTimer");
  const bool ended = qt(this, deadline);
  dragoman::tsan::takeOver();
  return ended;
}

#endif
