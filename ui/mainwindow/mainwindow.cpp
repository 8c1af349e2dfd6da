#include "ui/mainwindow/mainwindow.h"

#include "ui/call/callpage.h"
#include "ui/charts/memorychart.h"
#include "ui/history/historyview.h"
#include "ui/mainwindow/appearance.h"
#include "ui/mainwindow/enginetablemodel.h"
#include "ui/mainwindow/sessionpanel.h"
#include "ui/models/modelspage.h"
#include "ui/overlay/captionoverlay.h"
#include "ui/profiler/profilerdashboard.h"
#include "ui/settings/settingspage.h"
#include "ui/transcript/transcriptmodel.h"
#include "ui/transcript/transcriptview.h"
#include "ui/widgets/bannerbar.h"
#include "ui/widgets/levelmeter.h"

#include "core/telemetry/profiler/profiler.h"

#include <QAction>
#include <QActionGroup>
#include <QSettings>
#include <QApplication>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QFileInfo>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace dragoman::ui {

MainWindow::MainWindow(ThreadHost &threads, SessionControl *session, QWidget *parent)
    : QMainWindow(parent), m_session(session) {
  setWindowTitle(tr("Dragoman"));
  setObjectName(QStringLiteral("mainWindow"));
  resize(1100, 700);

  auto *central = new QWidget(this);
  auto *layout = new QVBoxLayout(central);
  m_panel = new SessionPanel(central);
  layout->addWidget(m_panel);
  m_banners = new BannerBar(central);
  layout->addWidget(m_banners);
  m_tier = new QLabel(central);
  m_tier->setObjectName(QStringLiteral("tierBanner"));
  m_tier->setWordWrap(true);
  m_tier->setAccessibleName(tr("Engine tier"));
  layout->addWidget(m_tier);

  m_pages = new QTabWidget(central);
  m_pages->setObjectName(QStringLiteral("pages"));
  m_pages->setAccessibleName(tr("Pages"));
  m_transcriptModel = new TranscriptModel(this);
  m_transcriptView = new TranscriptView(m_transcriptModel, m_pages);
  m_pages->addTab(m_transcriptView, tr("&Transcript"));
  m_call = new CallPage(session, m_pages);
  // A call recognises with the session panel's recogniser (shown beside it, disabled, during the call).
  m_call->setRequestCompleter([this](CallRequest &r) {
    const SessionRequest panel = m_panel->request();
    r.asrEngine = panel.asrEngine;
    r.asrModel = panel.asrModel;
  });
  m_pages->addTab(m_call, tr("&Call"));
  connect(m_call, &CallPage::runningChanged, this, [this](bool running, const QString &error) {
    // A call and a session do not run together.
    m_panel->setEnabled(!running && m_session);
    m_statusDevice->setText(running ? tr("In a call") : tr("Ready"));
    if (!error.isEmpty())
      m_banners->show(QStringLiteral("call"), BannerBar::Severity::Error, tr("Call: %1").arg(error));
    else if (running)
      m_banners->dismiss(QStringLiteral("call"));
  });
  m_memory = new MemoryChart(m_pages);
  m_pages->addTab(m_memory, tr("&Memory"));
  m_profiler = new ProfilerDashboard(threads, m_pages);
  m_pages->addTab(m_profiler, tr("&Profiler"));
  m_history = new HistoryView(threads, m_pages);
  m_pages->addTab(m_history, tr("&History"));
  connect(m_history, &HistoryView::runsLoaded, this, [this](const QString &, const QList<telemetry::RunRecord> &runs) {
    m_profiler->setEarlierRuns(runs);
  });
  connect(m_history, &HistoryView::timingsRequested, this, [this](const QList<SegmentResult> &segments, const QString &title) {
    m_profiler->showSession(segments, title);
    m_pages->setCurrentWidget(m_profiler);
  });

  m_engineModel = new EngineTableModel(this);
  m_engineView = new QTableView(m_pages);
  m_engineView->setObjectName(QStringLiteral("engineView"));
  m_engineView->setAccessibleName(tr("Engines"));
  m_engineView->setModel(m_engineModel);
  m_engineView->horizontalHeader()->setStretchLastSection(true);
  m_engineView->verticalHeader()->hide();
  m_engineView->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_pages->addTab(m_engineView, tr("&Engines"));
  m_models = new ModelsPage(threads, m_pages);
  m_pages->addTab(m_models, tr("M&odels"));
  m_settings = new SettingsPage(threads, m_pages);
  m_pages->addTab(m_settings, tr("Setti&ngs"));
  connect(m_settings, &SettingsPage::saved, this, [this](const QString &path, const QString &error) {
    if (error.isEmpty())
      m_banners->show(QStringLiteral("settings"), BannerBar::Severity::Info, tr("Settings saved to %1; the next session uses them.").arg(path));
    else
      m_banners->show(QStringLiteral("settings"), BannerBar::Severity::Error, tr("Settings not saved: %1").arg(error));
  });
  layout->addWidget(m_pages, 1);
  setCentralWidget(central);

  m_statusEngines = new QLabel(this);
  m_statusEngines->setObjectName(QStringLiteral("statusEngines"));
  m_statusDevice = new QLabel(this);
  m_statusDevice->setObjectName(QStringLiteral("statusDevice"));
  m_statusHistory = new QLabel(this);
  m_statusHistory->setObjectName(QStringLiteral("statusHistory"));
  statusBar()->addWidget(m_statusDevice, 1);
  m_statusCompute = new QLabel(this);
  m_statusCompute->setObjectName(QStringLiteral("statusCompute"));
  m_statusCompute->setAccessibleName(tr("Engines in use"));
  statusBar()->addPermanentWidget(m_statusCompute);
  statusBar()->addPermanentWidget(m_statusEngines);
  statusBar()->addPermanentWidget(m_statusHistory);
  setHistoryProblem({});
  m_statusDevice->setText(tr("Ready"));

  connect(m_panel, &SessionPanel::startClicked, this, &MainWindow::startSession);
  connect(m_panel, &SessionPanel::stopClicked, this, &MainWindow::stopSession);
  connect(m_panel, &SessionPanel::chooseFileClicked, this, &MainWindow::chooseInputFile);
  m_partialTimer.setInterval(66); // partial captions coalesce: at most ~15 updates a second
  m_partialTimer.setSingleShot(true);
  connect(&m_partialTimer, &QTimer::timeout, this, &MainWindow::applyPendingPartial);
  m_meterTimer.setInterval(50); // the level meter pulls at 20 Hz while a session runs
  m_telemetryTimer.setInterval(500); // the profiler dashboard pulls the run's telemetry at 2 Hz
  connect(&m_telemetryTimer, &QTimer::timeout, this, &MainWindow::pollTelemetry);
  buildMenus();
  connectSession();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
  QMenu *file = menuBar()->addMenu(tr("&File"));
  QAction *open = file->addAction(tr("Translate an &audio file…"), this, &MainWindow::chooseInputFile);
  open->setShortcut(QKeySequence::Open);
  QAction *copy = file->addAction(tr("&Copy transcript"), m_transcriptView, &TranscriptView::copy);
  copy->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
  file->addSeparator();
  QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu *view = menuBar()->addMenu(tr("&View"));
  QAction *overlay = view->addAction(tr("Caption &overlay"));
  overlay->setObjectName(QStringLiteral("actionOverlay"));
  overlay->setCheckable(true);
  overlay->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
  connect(overlay, &QAction::toggled, this, &MainWindow::showCaptionOverlay);
  QAction *reading = view->addAction(tr("&Reading mode"));
  reading->setCheckable(true);
  reading->setShortcut(QKeySequence(tr("Ctrl+R")));
  connect(reading, &QAction::toggled, m_transcriptView, &TranscriptView::setReadingMode);
  QAction *bigger = view->addAction(tr("&Larger text"), this,
                                    [this] { m_transcriptView->setFontPointSize(m_transcriptView->fontPointSize() + 1); });
  bigger->setShortcut(QKeySequence::ZoomIn);
  QAction *smaller = view->addAction(tr("&Smaller text"), this,
                                     [this] { m_transcriptView->setFontPointSize(m_transcriptView->fontPointSize() - 1); });
  smaller->setShortcut(QKeySequence::ZoomOut);
  view->addSeparator();

  // The interface's language (from the next start) and theme (at once), kept in QSettings.
  QSettings settings;
  QMenu *language = view->addMenu(tr("&Language"));
  language->setObjectName(QStringLiteral("menuLanguage"));
  auto *languages = new QActionGroup(language);
  const QString chosen = settings.value(QStringLiteral("ui/language"), QStringLiteral("system")).toString();
  QStringList codes{QStringLiteral("system")};
  codes << interfaceLanguages();
  for (const QString &code : codes) {
    QAction *a = language->addAction(code == QLatin1String("system")
                                         ? tr("System (%1)").arg(languageName(resolveLanguage(QStringLiteral("system"))))
                                         : languageName(code));
    a->setObjectName(QStringLiteral("language_") + code);
    a->setCheckable(true);
    a->setChecked(code == chosen);
    languages->addAction(a);
    connect(a, &QAction::triggered, this, [this, code] {
      QSettings().setValue(QStringLiteral("ui/language"), code);
      m_banners->show(QStringLiteral("language"), BannerBar::Severity::Info,
                      tr("The interface will be in %1 from the next start.").arg(languageName(resolveLanguage(code))));
    });
  }
  QMenu *theme = view->addMenu(tr("T&heme"));
  theme->setObjectName(QStringLiteral("menuTheme"));
  auto *themes = new QActionGroup(theme);
  const Theme current = themeFromName(settings.value(QStringLiteral("ui/theme")).toString());
  const std::pair<Theme, QString> options[] = {{Theme::System, tr("Follow the &system")}, {Theme::Light, tr("&Light")}, {Theme::Dark, tr("&Dark")}};
  for (const auto &[value, label] : options) {
    QAction *a = theme->addAction(label);
    a->setObjectName(QStringLiteral("theme_") + themeName(value));
    a->setCheckable(true);
    a->setChecked(value == current);
    themes->addAction(a);
    connect(a, &QAction::triggered, this, [value] {
      QSettings().setValue(QStringLiteral("ui/theme"), themeName(value));
      applyTheme(value);
    });
  }

  QMenu *help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Dragoman"), this, [this] {
    m_banners->show(QStringLiteral("about"), BannerBar::Severity::Info,
                    tr("Dragoman %1: live speech translation on your own computer. GPL-3.0-or-later.")
                        .arg(QCoreApplication::applicationVersion()));
  });
}

void MainWindow::connectSession() {
  if (!m_session) {
    m_panel->setEnabled(false);
    return;
  }
  SessionControl *s = m_session;
  connect(s, &SessionControl::transcriptReady, this, &MainWindow::onTranscript);
  connect(s, &SessionControl::translationReady, m_transcriptModel, &TranscriptModel::setTranslation);
  connect(s, &SessionControl::segmentFinished, this, [this](const SegmentResult &r) {
    m_transcriptModel->finishSegment(r);
    m_profiler->addSegment(r);
    ++m_segments;
  });
  connect(s, &SessionControl::segmentDelivered, m_profiler, &ProfilerDashboard::addSegment); // with its playback start
  connect(s, &SessionControl::memorySampled, m_memory, &MemoryChart::addSample);
  connect(s, &SessionControl::memoryAlert, m_memory, &MemoryChart::addAlert);
  connect(s, &SessionControl::engineLoaded, this, [this](const EngineLoad &e) {
    // The status bar: each stage's engine, its model (the folder's name: which OPUS-MT pair, say,
    // translation.engine auto chose) and where it runs (GPU or CPU).
    const QString model = QFileInfo(e.footprint.model).fileName();
    const QString engine = model.isEmpty() ? e.engine : QStringLiteral("%1 (%2)").arg(e.engine, model);
    m_loadedEngines[int(e.stage)] = e.footprint.device.isEmpty() ? engine : tr("%1 on %2").arg(engine, e.footprint.device.toUpper());
    m_statusCompute->setText(QStringList(m_loadedEngines.values()).join(QStringLiteral(" · ")));
    m_memory->addEvent(SteadyClock::now(), tr("loaded %1 (%2%3)")
                                               .arg(e.engine, stageName(e.stage),
                                                    e.footprint.bytes > 0 ? QStringLiteral(", ") + telemetry::formatBytes(double(e.footprint.bytes))
                                                                          : QString()));
  });
  connect(s, &SessionControl::engineUnloaded, this, [this](const EngineLoad &e) {
    m_memory->addEvent(SteadyClock::now(), tr("unloaded %1 (%2)").arg(e.engine, stageName(e.stage)));
  });
  m_profiler->setProfileSource([s]() -> std::optional<telemetry::ProfileSnapshot> {
    telemetry::Profiler *p = s->profiler();
    if (!p)
      return std::nullopt;
    return p->snapshot();
  });
  connect(s, &SessionControl::stageFailed, this, [this](const PipelineError &e) {
    m_banners->show(QStringLiteral("stage"), BannerBar::Severity::Warning,
                    tr("Segment %1: %2 failed: %3").arg(e.segmentId).arg(stageName(e.stage), e.message), tr("Show engines"),
                    [this] { m_pages->setCurrentWidget(m_engineView); });
  });
  connect(s, &SessionControl::notice, this, [this](const QString &key, const QString &text, bool error) {
    // Each notice with what can be done about it: the history's storage settings, or stopping a
    // session whose device is gone.
    const bool history = key == QLatin1String("history");
    const bool device = key == QLatin1String("device");
    m_banners->show(key, error ? BannerBar::Severity::Error : BannerBar::Severity::Warning, text,
                    history ? tr("Open settings") : device ? tr("Stop") : QString(), [this, history] {
                      if (history)
                        m_pages->setCurrentWidget(m_settings);
                      else
                        stopSession();
                    });
    if (history)
      setHistoryProblem(text);
  });
  connect(s, &SessionControl::started, this, [this](const QString &description) { m_statusDevice->setText(description); });
  connect(s, &SessionControl::callStarted, this, [this](const QString &description) { m_statusDevice->setText(description); });
  connect(s, &SessionControl::callSideEnded, this, [this](int side, const QString &error) {
    // The call goes on in the other direction.
    if (!error.isEmpty() && m_call->isRunning())
      m_banners->show(QStringLiteral("call"), BannerBar::Severity::Error,
                      side == MySide ? tr("My side of the call ended: %1").arg(error)
                                     : tr("Their side of the call ended: %1").arg(error),
                      tr("End call"), [this] { m_call->stopCall(); });
  });
  connect(s, &SessionControl::finished, this, &MainWindow::onFinished);
  connect(s, &SessionControl::devicesListed, this, [this](const QList<AudioDevice> &devices, const QString &error) {
    m_panel->setDevices(devices);
    m_call->setDevices(devices);
    if (!error.isEmpty())
      m_banners->show(QStringLiteral("devices"), BannerBar::Severity::Warning, tr("Audio devices could not be listed: %1").arg(error),
                      tr("Retry"), [this] { m_session->listDevices(); });
  });
  connect(m_panel, &SessionPanel::talkingChanged, s, &SessionControl::setTalking);
  // The voice picker: the voices of the target language, and a sample spoken on the output device.
  connect(m_panel, &SessionPanel::voicesWanted, s, &SessionControl::listVoices);
  connect(s, &SessionControl::voicesListed, m_panel, &SessionPanel::setVoices);
  connect(m_panel, &SessionPanel::previewClicked, this, [this] {
    const SessionRequest r = m_panel->request();
    m_panel->setPreviewing(true);
    m_session->previewVoice(r.targetLanguage, r.ttsVoice, r.speak && !r.virtualMicrophone ? r.outputDevice : QStringLiteral("default"));
  });
  connect(s, &SessionControl::previewFinished, this, [this](const QString &error) {
    m_panel->setPreviewing(false);
    if (error.isEmpty())
      m_banners->dismiss(QStringLiteral("preview"));
    else
      m_banners->show(QStringLiteral("preview"), BannerBar::Severity::Warning, tr("The voice could not be previewed: %1").arg(error));
  });
  connect(&m_meterTimer, &QTimer::timeout, this, [this] { m_panel->meter()->setLevelDb(m_session->levelDb()); });
  s->listDevices();
  if (const QString target = m_panel->request().targetLanguage; !target.isEmpty())
    s->listVoices(target);
}

void MainWindow::setEngines(const QList<EngineInfo> &engines) {
  m_engineModel->setEngines(engines);
  m_engineView->resizeColumnsToContents();
  m_panel->setEngines(engines);
  m_call->setEngines(engines);
  int available = 0;
  bool neural = false;
  for (const EngineInfo &e : engines) {
    available += e.available ? 1 : 0;
    neural = neural || (e.available && !e.offlineTier);
  }
  m_tier->setText(neural ? tr("Neural engines available.")
                         : tr("Running on the offline tier (pocketsphinx, apertium, espeak-ng): "
                              "download a model for better quality (dragoman models download)."));
  m_tier->setStyleSheet(neural ? QString() : QStringLiteral("background:#fff3cd; color:#664d03; padding:4px;"));
  m_statusEngines->setText(tr("%n engine(s) available", nullptr, available));
}

void MainWindow::setHistoryDatabase(const QString &path) { m_history->setDatabase(path); }

void MainWindow::setRequest(const SessionRequest &request) { m_panel->setRequest(request); }
SessionRequest MainWindow::request() const { return m_panel->request(); }
QString MainWindow::bannerText() const { return m_tier->text(); }

void MainWindow::setHistoryProblem(const QString &problem) {
  m_statusHistory->setText(problem.isEmpty() ? tr("History: saved") : tr("History: NOT saved"));
  m_statusHistory->setToolTip(problem.isEmpty() ? tr("Every session is kept in the history") : problem);
  m_statusHistory->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color:#b02a37; font-weight:bold;"));
}

void MainWindow::startSession() {
  if (!m_session || m_running)
    return;
  const SessionRequest request = m_panel->request();
  if (request.inputDevice.isEmpty() && request.inputFile.isEmpty()) {
    chooseInputFile();
    return;
  }
  m_banners->dismiss(QStringLiteral("session"));
  m_banners->dismiss(QStringLiteral("stage"));
  m_transcriptModel->clear();
  m_loadedEngines.clear();
  m_statusCompute->clear();
  m_profiler->clear();
  m_memory->clear();
  m_segments = 0;
  if (Status s = m_session->start(request); !s) {
    m_banners->show(QStringLiteral("session"), BannerBar::Severity::Error, tr("Could not start: %1").arg(s.error().message),
                    tr("Open settings"), [this] { m_pages->setCurrentWidget(m_settings); });
    return;
  }
  setRunning(true);
  m_memory->setThresholds(m_session->memoryThresholds());
}

void MainWindow::stopSession() {
  if (m_session && m_running) {
    m_statusDevice->setText(tr("Stopping: finishing what was heard…"));
    m_session->stop();
  }
}

void MainWindow::onTranscript(const Transcript &t) {
  if (t.committed) {
    applyPendingPartial(); // in order: the partial sent before this commit (often the empty one that ends it)
    m_partialTimer.stop();
    m_transcriptModel->commitTranscript(t);
    return;
  }
  m_pendingPartial = t;
  if (!m_partialTimer.isActive())
    m_partialTimer.start();
}

void MainWindow::applyPendingPartial() {
  if (m_pendingPartial)
    m_transcriptModel->setPartial(*m_pendingPartial);
  m_pendingPartial.reset();
}

void MainWindow::onFinished(const Status &status, bool cancelled) {
  applyPendingPartial();
  m_transcriptModel->setPartial(Transcript{}); // whatever was provisional is over
  setRunning(false);
  pollTelemetry(); // the final numbers
  m_history->refresh();
  m_history->loadRuns(QStringLiteral("gui")); // this run against the ones before it
  if (!status)
    m_banners->show(QStringLiteral("session"), BannerBar::Severity::Error, tr("The session ended with an error: %1").arg(status.error().message),
                    tr("Start again"), [this] { startSession(); });
  m_statusDevice->setText(cancelled ? tr("Cancelled after %n segment(s)", nullptr, m_segments)
                                    : tr("Finished: %n segment(s)", nullptr, m_segments));
}

void MainWindow::setRunning(bool running) {
  m_running = running;
  m_panel->setRunning(running);
  m_call->setStartAllowed(!running); // a call and a session do not run together
  if (running) {
    m_statusDevice->setText(tr("Starting…"));
    m_meterTimer.start();
    m_telemetryTimer.start();
  } else {
    m_meterTimer.stop();
    m_telemetryTimer.stop();
    m_panel->meter()->setLevelDb(-120.0f);
  }
}

void MainWindow::pollTelemetry() {
  if (!m_session)
    return;
  if (std::optional<telemetry::RunRecord> record = m_session->runRecord())
    m_profiler->setRecord(*record);
  m_profiler->setQueueDepths(m_session->queueDepths(), m_session->queueHighWater());
}

void MainWindow::chooseInputFile() {
  auto *dialog = new QFileDialog(this, tr("Translate an audio file"), QString(),
                                 tr("Audio (*.wav *.flac *.ogg *.opus *.mp3);;All files (*)"));
  dialog->setObjectName(QStringLiteral("inputFileDialog"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setFileMode(QFileDialog::ExistingFile);
  dialog->setOption(QFileDialog::DontUseNativeDialog);
  connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) { m_panel->setInputFile(file); });
  dialog->open(); // non-modal for the rest of the application's work: the session goes on
}

CaptionOverlay *MainWindow::captionOverlay() {
  if (!m_overlay)
    m_overlay = new CaptionOverlay(m_transcriptModel, this);
  return m_overlay;
}

void MainWindow::showCaptionOverlay(bool show) { captionOverlay()->setVisible(show); }

} // namespace dragoman::ui
