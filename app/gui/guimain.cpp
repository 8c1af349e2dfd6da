#include "app/gui/guimain.h"

#include "app/context/appcontext.h"
#include "app/headless/headless.h"
#include "ui/mainwindow/mainwindow.h"

#include <QApplication>

namespace dragoman::gui {

bool canShowWindows() {
  return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
         qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

int run(const cli::Invocation &inv) {
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global);
  if (!context)
    return headless::reportError(context.error());
  ui::MainWindow window;
  window.setEngines((*context)->engines().engines());
  window.show();
  return QApplication::exec();
}

} // namespace dragoman::gui
