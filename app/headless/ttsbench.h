#pragma once
// bench tts (see ttsbench.cpp).

#include "app/cli/commandline.h"

namespace dragoman::headless {

int runTtsBench(const cli::Invocation &invocation);
// bench make-model --kind tts --size NAME --out DIR: a random-weight VITS folder of that size.
int runTtsMakeModel(const cli::Invocation &invocation);

} // namespace dragoman::headless
