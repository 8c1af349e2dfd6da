// dragoman: the desktop application with no command, a headless tool with one.
#include "app/cli/commandline.h"
#include "app/cli/exitcodes.h"
#include "app/context/appthreads.h"
#include "app/gui/guimain.h"
#include "app/headless/headless.h"
#include "core/common/threadhost.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <memory>

namespace {

void setIdentity() {
  QCoreApplication::setApplicationName(QStringLiteral("dragoman"));
  QCoreApplication::setOrganizationName(QString());
  QCoreApplication::setApplicationVersion(QStringLiteral(DRAGOMAN_VERSION));
}

int runCommand(const dragoman::cli::Invocation &inv);

// The last step before the application object goes: the window, sessions, the API and the store
// have stopped their threads; short background jobs (a settings file being written, a device list)
// get a few seconds to end (app/context/threads.cpp gives the order).
int finish(int code) {
  if (!dragoman::appThreads().waitForBackground(10000))
    std::fprintf(stderr, "dragoman: background work still running at exit: %s\n",
                 qUtf8Printable(dragoman::appThreads().running().join(QStringLiteral(", "))));
  return code;
}

} // namespace

int main(int argc, char **argv) {
  using namespace dragoman;
  QStringList args;
  for (int i = 1; i < argc; ++i)
    args << QString::fromLocal8Bit(argv[i]);

  Result<cli::Invocation> parsed = cli::parseCommandLine(args);
  if (!parsed) {
    std::fprintf(stderr, "dragoman: %s\n", qUtf8Printable(parsed.error().message));
    return cli::ExitUsage;
  }
  const cli::Invocation &inv = *parsed;
  if (inv.help) {
    std::fputs(qUtf8Printable(cli::helpText(inv.command)), stdout);
    return cli::ExitOk;
  }

  const bool gui = inv.command.isEmpty() || inv.command == QLatin1String("gui");
  if (gui) {
    if (!gui::canShowWindows()) {
      std::fprintf(stderr, "dragoman: error: no display for the desktop application (DISPLAY and WAYLAND_DISPLAY "
                           "are unset); run a command such as 'dragoman translate', or see 'dragoman --help'\n");
      return cli::ExitUsage;
    }
    QApplication app(argc, argv);
    setIdentity();
    return finish(gui::run(inv));
  }

  QCoreApplication app(argc, argv);
  setIdentity();
  return finish(runCommand(inv));
}

namespace {

int runCommand(const dragoman::cli::Invocation &inv) {
  using namespace dragoman;
  if (inv.command == QLatin1String("version"))
    return headless::printVersion();
  if (inv.command == QLatin1String("translate"))
    return headless::runTranslate(inv);
  if (inv.command == QLatin1String("live"))
    return headless::runLive(inv);
  if (inv.command == QLatin1String("call"))
    return headless::runCall(inv);
  if (inv.command == QLatin1String("bench"))
    return headless::runBench(inv);
  if (inv.command == QLatin1String("audio"))
    return headless::runAudio(inv);
  if (inv.command == QLatin1String("engines"))
    return headless::runEngines(inv);
  if (inv.command == QLatin1String("devices"))
    return headless::runDevices(inv);
  if (inv.command == QLatin1String("config"))
    return headless::runConfig(inv);
  if (inv.command == QLatin1String("asr"))
    return headless::runAsr(inv);
  if (inv.command == QLatin1String("mt"))
    return headless::runMt(inv);
  if (inv.command == QLatin1String("tts"))
    return headless::runTts(inv);
  if (inv.command == QLatin1String("models"))
    return headless::runModels(inv);
  if (inv.command == QLatin1String("profile"))
    return headless::runProfile(inv);
  if (inv.command == QLatin1String("history"))
    return headless::runHistory(inv);
  if (inv.command == QLatin1String("serve"))
    return headless::runServe(inv);
  if (inv.command == QLatin1String("server"))
    return headless::runServerKeys(inv);
  std::fprintf(stderr, "dragoman: unknown command '%s'\n", qUtf8Printable(inv.command));
  return cli::ExitUsage;
}

} // namespace
