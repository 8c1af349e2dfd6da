#pragma once
// bench tts (see ttsbench.cpp).

#include "app/cli/commandline.h"

namespace dragoman::headless {

int runTtsBench(const cli::Invocation &invocation);

} // namespace dragoman::headless
