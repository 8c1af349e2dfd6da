#pragma once
// The desktop application's sessions: the main window's requests become configuration overrides
// (languages, engines, models, devices), a fresh AppContext and a SessionRunner; the runner's
// signals are passed on to the window. Device listing and the virtual microphone are done off the
// GUI thread. Calls run both directions at once (CallSession).

#include "app/cli/commandline.h"
#include "core/config/config.h"
#include "ui/mainwindow/sessioncontrol.h"

#include <functional>
#include <memory>

namespace dragoman {

namespace storage {
class SessionStore;
}

class AppContext;
class CallSession;
struct CallOptions;
class SessionRunner;

namespace gui {

class GuiSession : public ui::SessionControl {
  Q_OBJECT
public:
  explicit GuiSession(cli::GlobalOptions global, QObject *parent = nullptr);
  ~GuiSession() override;

  Status start(const ui::SessionRequest &request) override;
  void stop() override;
  void cancel() override;
  bool isRunning() const override;
  void setTalking(bool talking) override;
  float levelDb() const override;
  QString description() const override;
  telemetry::Profiler *profiler() override;
  void listDevices() override;
  std::optional<telemetry::RunRecord> runRecord() const override;
  QList<int> queueDepths() const override;
  QList<int> queueHighWater() const override;
  std::vector<telemetry::MemoryThreshold> memoryThresholds() const override;
  void listVoices(const QString &language) override;
  void previewVoice(const QString &language, const QString &voice, const QString &outputDevice) override;

  // Calls (guicall.cpp): a CallSession over this configuration.
  Status startCall(const ui::CallRequest &request) override;
  void stopCall() override;
  bool isCallRunning() const override;
  void setCallMuted(ui::CallSide side, bool muted) override;
  float callLevelDb(ui::CallSide side) const override;
  void setSpeakToMe(bool speak) override;
  void createVirtualMicrophone() override;
  CallSession *call() const { return m_call.get(); }
  // What a call request becomes (the virtual microphone's sink already resolved into toCall).
  static CallOptions callOptionsFor(const ui::CallRequest &request);
  // "section.key=value" overrides of a call's configuration: the recogniser the request names.
  static QStringList callOverridesFor(const ui::CallRequest &request);

  // Opens the history store of this configuration now (at start-up), to be kept for every session
  // instead of opened and checked at each Start. Sessions of a configuration with another database
  // open theirs.
  void openHistory(const AppContext &context);
  storage::SessionStore *historyStore() const { return m_store.get(); }

  // A file input is read at the pace of speech (true, the default) or as fast as the stages go.
  void setRealTimeFiles(bool realTime) { m_realTimeFiles = realTime; }
  // Called with each session's runner before it starts (the embedded API reports on it).
  void setRunnerObserver(std::function<void(SessionRunner *)> observer) { m_runnerObserver = std::move(observer); }
  // Called with each call before it starts (the embedded API reports on both directions).
  void setCallObserver(std::function<void(CallSession *)> observer) { m_callObserver = std::move(observer); }
  SessionRunner *runner() const { return m_runner.get(); }

  // The pickers' starting values from a configuration.
  static ui::SessionRequest requestFromConfig(const config::Config &config);
  // "section.key=value" overrides that make a configuration run this request.
  static QStringList overridesFor(const ui::SessionRequest &request, const QString &outputDevice);

private:
  cli::GlobalOptions m_global;
  std::unique_ptr<storage::SessionStore> m_store; // kept across sessions; declared before the runner that uses it
  std::unique_ptr<storage::SessionStore> m_opening; // openHistory()'s, until it is open
  QString m_storePath;
  std::unique_ptr<AppContext> m_context; // of the current (or last) session
  std::unique_ptr<SessionRunner> m_runner;
  std::function<void(SessionRunner *)> m_runnerObserver;
  std::unique_ptr<AppContext> m_callContext; // the call's base configuration; outlives m_call
  std::unique_ptr<CallSession> m_call;       // the current (or last) call
  std::function<void(CallSession *)> m_callObserver;
  bool m_pushToTalk = false;
  bool m_realTimeFiles = true;
  bool m_listing = false;
  bool m_previewing = false;
};

} // namespace gui
} // namespace dragoman
