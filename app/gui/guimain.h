#pragma once
// The desktop application's entry point.

#include "app/cli/commandline.h"

namespace dragoman::gui {

// Needs a QApplication; returns the exit code.
int run(const cli::Invocation &invocation);
// True when Qt can open windows here (a display, or a platform such as offscreen chosen explicitly).
bool canShowWindows();

} // namespace dragoman::gui
