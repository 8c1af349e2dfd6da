#pragma once
// Headless commands. Each returns the process exit code (app/cli/exitcodes.h) and prints
// one-line errors on stderr. This folder never links ui/.

#include "app/cli/commandline.h"

namespace dragoman::headless {

int runTranslate(const cli::Invocation &invocation);
int runLive(const cli::Invocation &invocation);
int runCall(const cli::Invocation &invocation);
int runCallBench(const cli::Invocation &invocation); // bench call
int runLiveBench(const cli::Invocation &invocation); // bench live
int runAudio(const cli::Invocation &invocation);
int runBench(const cli::Invocation &invocation);
int runEngines(const cli::Invocation &invocation);
int runDevices(const cli::Invocation &invocation);
int runConfig(const cli::Invocation &invocation);
int runModels(const cli::Invocation &invocation);
int runAsr(const cli::Invocation &invocation);
int runMt(const cli::Invocation &invocation);
int runTts(const cli::Invocation &invocation);
int runProfile(const cli::Invocation &invocation);
int runHistory(const cli::Invocation &invocation);
int runServe(const cli::Invocation &invocation);
int runServerKeys(const cli::Invocation &invocation);
// server.bind/server.port from --bind/--port (serve, live --serve).
QStringList serveOverrides(const cli::Invocation &invocation);
int printVersion();

// "dragoman: error: <message>" on stderr; returns the exit code for the error's kind.
int reportError(const Error &error);

} // namespace dragoman::headless
