#pragma once
// ThreadSanitizer and Qt. Debian's Qt is not built with TSan, so TSan sees none of Qt's own
// synchronisation (QMutex is a futex): a value handed to another thread in a queued signal or
// call, or read after QThread::wait(), looks raced. In a TSan build (scripts/tsan.sh) tsan.cpp
// tells TSan about those hand-offs: every signal emitted and every queued call made from our code
// (QMetaObject::activate and invokeMethodImpl, interposed) hands off (and what Qt itself does in a
// signal emitted on a worker thread, marshalling it for its queued receivers, is not watched;
// scripts/tsan.supp names the rest of Qt's hand-off machinery), every event Qt delivers
// (QInternal's event callback) takes over, and so does every return from QThread::wait() after a
// ThreadHost thread's end. One token for all: TSan then finds races between threads that share
// memory outside those hand-offs (the rings, queues, atomics, state behind a lock, an object two
// running threads touch), not one whose two sides are ordered by an unrelated Qt event.
// Elsewhere these are empty.

namespace dragoman::tsan {

#if defined(__SANITIZE_THREAD__)
void handOff();  // a release: what this thread wrote before is visible to whoever takes over after
void takeOver(); // an acquire
// The calling thread's own work is over (a ThreadHost thread's finished()): what Qt does on it
// from here (its queued finished() receivers, its thread data) is not watched.
void threadDone();
#else
inline void handOff() {}
inline void takeOver() {}
inline void threadDone() {}
#endif

} // namespace dragoman::tsan
