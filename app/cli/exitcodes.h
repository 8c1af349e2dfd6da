#pragma once
// Process exit codes, documented in `dragoman --help`.

#include "core/common/result.h"

namespace dragoman::cli {

enum ExitCode : int {
  ExitOk = 0,
  ExitFailure = 1,     // an internal error
  ExitUsage = 2,       // a wrong command line
  ExitConfig = 3,      // an invalid configuration
  ExitInput = 4,       // missing, unreadable or corrupt input
  ExitUnsupported = 5, // an unavailable engine or an unsupported language pair
  ExitOutput = 6,      // an output file could not be written
  ExitInterrupted = 130,
};

int exitCodeFor(ErrorKind kind);

} // namespace dragoman::cli
