#pragma once
// The process's one ThreadHost (core/common/threadhost.h): every thread Dragoman starts is made by
// it, under a name from the thread table (app/context/threads.cpp; an undeclared name asserts in
// Debug builds). app/ reaches it here and hands it to core and ui. main() waits for its background
// jobs before the application object goes (waitForBackground), after the window, sessions, the
// API and the store have stopped their own threads, in the order the table gives.

namespace dragoman {

class ThreadHost;

ThreadHost &appThreads();

} // namespace dragoman
