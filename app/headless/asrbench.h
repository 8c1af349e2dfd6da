#pragma once
// bench asr and bench make-model (see asrbench.cpp).

#include "app/cli/commandline.h"

namespace dragoman::headless {

int runAsrBench(const cli::Invocation &invocation);
int runMakeModel(const cli::Invocation &invocation);

} // namespace dragoman::headless
