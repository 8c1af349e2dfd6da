#pragma once
// The controls of a session: input (a device, or an audio file), output (a device, the virtual
// microphone for calls, or silence), source and target language with swap and auto-detect, the
// engine and model of each stage, Start/Stop, push-to-talk and the input level.

#include "core/inference/engineregistry.h"
#include "ui/mainwindow/sessioncontrol.h"

#include <QWidget>

#include <set>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace dragoman::ui {

class LevelMeter;

class SessionPanel : public QWidget {
  Q_OBJECT
public:
  static constexpr const char *kFileInput = "file:";         // item data of "Audio file…"
  static constexpr const char *kVirtualMic = "virtual-mic";  // item data of the virtual microphone
  static constexpr const char *kNoOutput = "none";           // item data of "Don't speak"

  explicit SessionPanel(QWidget *parent = nullptr);
  // "Spanish (es)"; "Detect automatically" for auto.
  static QString languageLabel(const QString &code);
  // Selects the item whose data is `value`, adding it (as `label`) when there is none.
  static void selectData(QComboBox *combo, const QString &value, const QString &label = {});
  // The languages the available engines hear (and translate from) and translate into: each
  // recogniser's languages and each pair's source; each pair's target. `toAnyListed`: also the
  // languages of a translator that lists no pairs (it translates into any of them).
  struct EngineLanguages {
    std::set<QString> sources;
    std::set<QString> targets;
  };
  static EngineLanguages languagesOf(const QList<EngineInfo> &engines, bool toAnyListed);

  void setEngines(const QList<EngineInfo> &engines);
  // The voice picker's choices for `language` ("Automatic" first); ignored unless it is the target.
  void setVoices(const QString &language, const QList<VoiceChoice> &voices);
  void setPreviewing(bool previewing);
  void setDevices(const QList<AudioDevice> &devices);
  // The pickers set to these values (from the configuration or the last session).
  void setRequest(const SessionRequest &request);
  SessionRequest request() const;
  void setRunning(bool running);
  void setInputFile(const QString &file); // selects "file" as the input
  LevelMeter *meter() const { return m_meter; }
  void swapLanguages();

Q_SIGNALS:
  void startClicked();
  void stopClicked();
  void talkingChanged(bool talking);
  void chooseFileClicked();
  void voicesWanted(const QString &language); // the target language changed
  void previewClicked();

private:
  void fillLanguages(const QList<EngineInfo> &engines);

  QComboBox *m_input = nullptr;
  QComboBox *m_output = nullptr;
  QComboBox *m_source = nullptr;
  QComboBox *m_target = nullptr;
  QToolButton *m_swap = nullptr;
  QComboBox *m_asr = nullptr;
  QLineEdit *m_asrModel = nullptr;
  QComboBox *m_mt = nullptr;
  QLineEdit *m_mtModel = nullptr;
  QComboBox *m_tts = nullptr;
  QComboBox *m_voice = nullptr;
  QPushButton *m_preview = nullptr;
  QString m_wantedVoice; // from setRequest(), selected once the list arrives
  QPushButton *m_start = nullptr;
  QCheckBox *m_pushToTalk = nullptr;
  QPushButton *m_talk = nullptr;
  LevelMeter *m_meter = nullptr;
  QString m_file;
  bool m_running = false;
};

} // namespace dragoman::ui
