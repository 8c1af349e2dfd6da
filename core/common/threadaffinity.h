#pragma once
// Thread affinity, asserted in Debug builds (DESIGN habit 7): an object that belongs to one thread
// says so at the top of each method that must run there. Release builds compile it away.
//
//   DRAGOMAN_ASSERT_OWNER_THREAD(this);  // a QObject: the thread it lives in
//   DRAGOMAN_ASSERT_MAIN_THREAD();       // the application's main (GUI) thread
//   DRAGOMAN_ASSERT_NOT_THREAD(t);       // a call that waits for thread t, which must not be the caller

#include <QCoreApplication>
#include <QThread>

#define DRAGOMAN_ASSERT_OWNER_THREAD(object)                                                                     \
  Q_ASSERT_X(QThread::currentThread() == (object)->thread(), Q_FUNC_INFO,                                        \
             "called from a thread that does not own the object")

#define DRAGOMAN_ASSERT_MAIN_THREAD()                                                                             \
  Q_ASSERT_X(!QCoreApplication::instance() || QThread::currentThread() == QCoreApplication::instance()->thread(), \
             Q_FUNC_INFO, "called off the main thread")

#define DRAGOMAN_ASSERT_NOT_THREAD(thread)                                                                        \
  Q_ASSERT_X(QThread::currentThread() != (thread), Q_FUNC_INFO, "would wait for the thread it is called on")
