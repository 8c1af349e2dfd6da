#pragma once
// The call page: a call translated both ways (SessionControl::startCall). On top, the set-up: my
// language and theirs, my microphone, the call's audio, where my translated speech goes (the
// virtual microphone, set up from here), and whether their words are also spoken to me. Below, the
// two directions side by side, each with its transcript in both languages, a mute toggle, its
// input level and how it ended. Nothing here waits: the session control answers with signals.

#include "core/inference/engineregistry.h"
#include "ui/mainwindow/sessioncontrol.h"

#include <QTimer>
#include <QWidget>

#include <functional>

#include <array>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace dragoman::ui {

class LevelMeter;
class TranscriptModel;
class TranscriptView;

class CallPage : public QWidget {
  Q_OBJECT
public:
  static constexpr const char *kVirtualMic = "virtual-mic"; // item data of the virtual microphone

  explicit CallPage(SessionControl *session, QWidget *parent = nullptr);

  void setEngines(const QList<EngineInfo> &engines); // the languages offered
  void setDevices(const QList<AudioDevice> &devices);
  void setRequest(const CallRequest &request);
  CallRequest request() const;
  bool isRunning() const { return m_running; }
  // Whether a call may start now (not while the window runs a one-way session).
  void setStartAllowed(bool allowed);
  // Fills in what the page does not pick itself (the session panel's recogniser) as a call starts.
  void setRequestCompleter(std::function<void(CallRequest &)> complete) { m_complete = std::move(complete); }

  // Each side's parts (CallSide), for the window and its tests.
  TranscriptModel *transcript(CallSide side) const { return m_sides[side].model; }
  TranscriptView *transcriptView(CallSide side) const { return m_sides[side].view; }
  LevelMeter *meter(CallSide side) const { return m_sides[side].meter; }
  QCheckBox *muteToggle(CallSide side) const { return m_sides[side].mute; }
  QString sideStatus(CallSide side) const;

public Q_SLOTS:
  void startCall();
  void stopCall();

Q_SIGNALS:
  // The call started or ended here; error: why it could not start, or how it ended (empty: well).
  void runningChanged(bool running, const QString &error);

private:
  struct Side {
    TranscriptModel *model = nullptr;
    TranscriptView *view = nullptr;
    QCheckBox *mute = nullptr;
    LevelMeter *meter = nullptr;
    QLabel *title = nullptr;
    QLabel *status = nullptr;
  };
  QWidget *buildSide(CallSide side);
  void connectSession();
  void setRunning(bool running, const QString &error = {});
  void updateTitles();
  void pollLevels();

  SessionControl *m_session;
  QComboBox *m_mine = nullptr;
  QComboBox *m_theirs = nullptr;
  QComboBox *m_microphone = nullptr;
  QComboBox *m_callAudio = nullptr;
  QComboBox *m_toCall = nullptr;
  QPushButton *m_makeMic = nullptr;
  QCheckBox *m_speakToMe = nullptr;
  QComboBox *m_toMe = nullptr;
  QPushButton *m_start = nullptr;
  QLabel *m_state = nullptr;
  std::array<Side, 2> m_sides;
  QTimer m_meterTimer;
  bool m_running = false;
  std::function<void(CallRequest &)> m_complete;
  bool m_startedSpeakingToMe = false;
};

} // namespace dragoman::ui
