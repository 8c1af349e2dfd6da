#pragma once
// The main window: the session controls on top, non-modal banners under them, the pages (live
// transcript, engines) in tabs, and a status bar with the engines, the devices, where the models
// run and whether history is being saved. It drives a SessionControl and never does audio, model,
// disk or network work itself.

#include "core/inference/engineregistry.h"
#include "ui/mainwindow/sessioncontrol.h"

#include <QMainWindow>
#include <QMap>
#include <QTimer>

#include <optional>

class QLabel;
class QTabWidget;
class QTableView;

namespace dragoman {
class ThreadHost;
}

namespace dragoman::ui {

class BannerBar;
class CallPage;
class CaptionOverlay;
class HistoryView;
class SettingsPage;
class ModelsPage;
class MemoryChart;
class ProfilerDashboard;
class EngineTableModel;
class SessionPanel;
class TranscriptModel;
class TranscriptView;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  // session may be null (nothing can be started; the window still shows the engines).
  // The pages' background threads come from `threads`, which must outlive the window.
  explicit MainWindow(ThreadHost &threads, SessionControl *session = nullptr, QWidget *parent = nullptr);
  ~MainWindow() override;

  void setEngines(const QList<EngineInfo> &engines);
  void setRequest(const SessionRequest &request); // the pickers, e.g. from the configuration
  SessionRequest request() const;
  // Shown in the status bar: why the history is not being saved (empty: it is).
  void setHistoryProblem(const QString &problem);

  EngineTableModel *engineModel() const { return m_engineModel; }
  TranscriptModel *transcriptModel() const { return m_transcriptModel; }
  TranscriptView *transcriptView() const { return m_transcriptView; }
  SessionPanel *sessionPanel() const { return m_panel; }
  CallPage *callPage() const { return m_call; }
  BannerBar *banners() const { return m_banners; }
  MemoryChart *memoryChart() const { return m_memory; }
  ProfilerDashboard *profiler() const { return m_profiler; }
  HistoryView *history() const { return m_history; }
  SettingsPage *settings() const { return m_settings; }
  ModelsPage *models() const { return m_models; }
  // The history database the History page reads (empty: history is off).
  void setHistoryDatabase(const QString &path);
  QTabWidget *pages() const { return m_pages; }
  CaptionOverlay *captionOverlay(); // made on first use
  QString bannerText() const;       // the engine tier line
  bool isRunning() const { return m_running; }

public Q_SLOTS:
  void startSession();
  void stopSession();
  void chooseInputFile();
  void showCaptionOverlay(bool show);

private:
  void connectSession();
  void buildMenus();
  void onTranscript(const Transcript &t);
  void onFinished(const Status &status, bool cancelled);
  void applyPendingPartial();
  void setRunning(bool running);
  void pollTelemetry();

  SessionControl *m_session;
  SessionPanel *m_panel = nullptr;
  BannerBar *m_banners = nullptr;
  QTabWidget *m_pages = nullptr;
  TranscriptModel *m_transcriptModel = nullptr;
  TranscriptView *m_transcriptView = nullptr;
  CallPage *m_call = nullptr;
  EngineTableModel *m_engineModel = nullptr;
  QTableView *m_engineView = nullptr;
  CaptionOverlay *m_overlay = nullptr;
  MemoryChart *m_memory = nullptr;
  ProfilerDashboard *m_profiler = nullptr;
  HistoryView *m_history = nullptr;
  SettingsPage *m_settings = nullptr;
  ModelsPage *m_models = nullptr;
  QTimer m_telemetryTimer;
  QLabel *m_tier = nullptr;
  QLabel *m_statusEngines = nullptr;
  QLabel *m_statusDevice = nullptr;
  QLabel *m_statusHistory = nullptr;
  QLabel *m_statusCompute = nullptr;
  QMap<int, QString> m_loadedEngines; // by stage: "whisper on cuda:0"

  QTimer m_meterTimer;
  QTimer m_partialTimer;
  std::optional<Transcript> m_pendingPartial; // the latest partial, applied at most 15 times a second
  bool m_running = false;
  int m_segments = 0;
};

} // namespace dragoman::ui
