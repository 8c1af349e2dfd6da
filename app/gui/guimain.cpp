#include "app/gui/guimain.h"

#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/appthreads.h"
#include "app/gui/guisession.h"
#include "app/headless/apihost.h"
#include "app/headless/headless.h"
#include "core/common/logging.h"
#include "core/models/catalogue.h"
#include "core/server/server.h"
#include "ui/history/historyview.h"
#include "ui/mainwindow/appearance.h"
#include "ui/mainwindow/mainwindow.h"
#include "ui/mainwindow/sessionpanel.h"
#include "ui/models/modelspage.h"
#include "ui/settings/settingspage.h"
#include "ui/widgets/bannerbar.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QSettings>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>

namespace dragoman::gui {
namespace {

// Waits (up to `ms`) for the history page's next answer from its database thread.
void waitForHistory(ui::HistoryView *history, int ms) {
  QEventLoop loop;
  QObject::connect(history, &ui::HistoryView::answered, &loop, &QEventLoop::quit);
  QTimer::singleShot(ms, &loop, &QEventLoop::quit);
  loop.exec();
}

// Each page of the window as DIR/<page>.png; returns an exit code.
int saveScreenshots(ui::MainWindow &window, const QString &dir) {
  // The history page with the session just recorded open.
  window.history()->refresh();
  waitForHistory(window.history(), 3000);
  window.history()->selectRow(0);
  waitForHistory(window.history(), 3000);
  QTabWidget *pages = window.pages();
  int failures = 0;
  for (int i = 0; i < pages->count(); ++i) {
    pages->setCurrentIndex(i);
    QApplication::processEvents();
    const QString name = pages->widget(i)->objectName();
    const QString path = QDir(dir).filePath(name + QStringLiteral(".png"));
    if (window.grab().save(path)) {
      std::printf("%s\n", qUtf8Printable(path));
    } else {
      logging::printToStderr(QStringLiteral("dragoman: error: cannot write ") + path);
      ++failures;
    }
  }
  pages->setCurrentIndex(0);
  return failures ? int(cli::ExitFailure) : int(cli::ExitOk);
}

} // namespace

bool canShowWindows() {
  return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
         qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

int run(const cli::Invocation &inv) {
  const QString demo = inv.value(QStringLiteral("demo"));
  const QString shots = inv.value(QStringLiteral("screenshot"));
  if (!shots.isEmpty() && demo.isEmpty())
    return headless::reportError(makeError(ErrorKind::Usage, QStringLiteral("--screenshot needs --demo FILE")));
  if (!shots.isEmpty() && !QDir().mkpath(shots))
    return headless::reportError(makeError(ErrorKind::Output, QStringLiteral("cannot create the folder %1").arg(shots)));
  const QString language = inv.value(QStringLiteral("language"));
  if (!language.isEmpty() && !ui::interfaceLanguages().contains(language))
    return headless::reportError(makeError(ErrorKind::Usage, QStringLiteral("--language: no interface in '%1'; there are: %2")
                                                                 .arg(language, ui::interfaceLanguages().join(QStringLiteral(", ")))));
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global);
  if (!context)
    return headless::reportError(context.error());
  const QSettings preferences;
  ui::installTranslations(ui::resolveLanguage(
      !language.isEmpty() ? language : preferences.value(QStringLiteral("ui/language"), QStringLiteral("system")).toString()));
  ui::applyTheme(ui::themeFromName(preferences.value(QStringLiteral("ui/theme")).toString()));
  GuiSession session(inv.global);
  session.openHistory(**context); // once, before the window: not at every Start
  // server.enabled: the embedded API serves while the window is open and reports its sessions.
  std::unique_ptr<headless::ApiHost> api;
  if ((*context)->config().server.enabled) {
    api = std::make_unique<headless::ApiHost>(**context);
    if (Status s = api->start(); !s) {
      logging::printToStderr(QStringLiteral("dragoman: warning: the API is not served: ") + s.error().message);
      api.reset();
    } else {
      session.setRunnerObserver([host = api.get()](SessionRunner *runner) { host->attachSession(runner); });
      session.setCallObserver([host = api.get()](CallSession *call) { host->attachCall(call); });
      std::printf("serving on %s://%s\n", api->server().tls() ? "https" : "http", qUtf8Printable(api->server().address()));
      std::fflush(stdout);
    }
  }
  ui::MainWindow window(appThreads(), &session);
  window.setEngines((*context)->engines().engines());
  window.setRequest(GuiSession::requestFromConfig((*context)->config()));
  const config::StorageConfig &storage = (*context)->config().storage;
  window.setHistoryDatabase(storage.enabled ? config::databasePath(storage) : QString());
  const config::Loaded &loaded = (*context)->loaded();
  const QString configFile = !inv.global.configFile.isEmpty() ? inv.global.configFile
                             : !loaded.filePath.isEmpty()      ? loaded.filePath
                                                               : config::defaultConfigPath();
  window.settings()->setConfig(loaded.config, configFile, loaded.origin);
  if (Result<models::Catalogue> catalogue = models::Catalogue::builtIn())
    window.models()->setup(config::modelsDir(loaded.config.models), loaded.config.models.endpoint, *catalogue);
  window.show();
  if (!demo.isEmpty()) {
    session.setRealTimeFiles(shots.isEmpty()); // screenshots: as fast as the stages go
    window.sessionPanel()->setInputFile(demo);
    QTimer::singleShot(0, &window, [&] {
      window.startSession();
      if (window.isRunning() || shots.isEmpty())
        return;
      const QString why = window.banners()->text(QStringLiteral("session"));
      logging::printToStderr(QStringLiteral("dragoman: error: ") + (why.isEmpty() ? QStringLiteral("the demo did not start") : why));
      QApplication::exit(cli::ExitFailure);
    });
    if (!shots.isEmpty())
      QObject::connect(&session, &ui::SessionControl::finished, &window, [&](const Status &status, bool) {
        // Let the last rows and the status bar settle before the pictures.
        QTimer::singleShot(300, &window, [&, status] {
          const int code = saveScreenshots(window, shots);
          if (!status)
            logging::printToStderr(QStringLiteral("dragoman: error: ") + status.error().message);
          QApplication::exit(status ? code : int(cli::ExitFailure));
        });
      });
  }
  return QApplication::exec();
}

} // namespace dragoman::gui
