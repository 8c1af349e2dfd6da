#pragma once
// bench mt and bench make-model --kind mt (see mtbench.cpp).

#include "app/cli/commandline.h"

namespace dragoman::headless {

int runMtBench(const cli::Invocation &invocation);
int runMtMakeModel(const cli::Invocation &invocation);

} // namespace dragoman::headless
