#pragma once
// The one declaration of Dragoman's threads: every thread the program starts, with its job, what it
// may block on and how it stops (names in core/common/threadnames.h, where every folder reads
// them). docs/ARCHITECTURE.md "Threads" is this table; tests/integration/tst_threads.cpp holds it
// against the threads of a running `dragoman live`.

#include <QString>

#include <vector>

namespace dragoman {

struct ThreadDeclaration {
  const char *name;     // as the kernel shows it (threadnames.h); the main thread is "dragoman"
  const char *startsIn; // the code that starts it
  const char *job;
  const char *blocksOn; // what it may wait for
  const char *stops;    // how it ends, in the order of a session's end
};

// Every thread Dragoman starts, in the order a session starts them, then services and the window's
// background work.
const std::vector<ThreadDeclaration> &threadTable();

// Threads that libraries start inside Dragoman, with the name they carry and who starts them.
struct LibraryThread {
  const char *name;
  const char *library;
};
const std::vector<LibraryThread> &libraryThreads();

// A thread name, as /proc shows it, that neither table declares; empty when it is declared.
// OpenMP's workers carry the name of the thread that first ran a parallel region.
QString undeclaredThread(const QString &name);

} // namespace dragoman
