#pragma once
// What the main window needs from the application to run sessions. The application (app/gui)
// implements it over its session runner; tests may implement it to isolate the window. Signals
// arrive on the GUI thread; nothing here blocks it: start() returns at once and the work happens
// on the session's own threads.

#include "core/common/result.h"
#include "core/common/types.h"
#include "core/telemetry/memory/memorysample.h"
#include "core/telemetry/history/runrecord.h"
#include "core/telemetry/memory/memorythreshold.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace dragoman::telemetry {
class Profiler;
}

namespace dragoman::ui {

// One session as the window asks for it.
struct SessionRequest {
  QString inputDevice = QStringLiteral("default");  // an audio device name (or pulse:NAME)
  QString inputFile;                                 // set: translate this audio file instead of a device
  QString outputDevice = QStringLiteral("default");
  bool virtualMicrophone = false; // speak into the virtual microphone call apps record from
  bool speak = true;
  QString sourceLanguage; // ISO 639-1, or "auto"
  QString targetLanguage;
  QString asrEngine, asrModel, translationEngine, translationModel, ttsEngine;
  QString ttsVoice;        // an installed voice (catalogue id) or "espeak-ng"; empty: the best installed for the target
  bool pushToTalk = false; // the input is muted unless setTalking(true)
};

// A call as the call page asks for it: both directions at once (CallSession).
enum CallSide { MySide = 0, TheirSide = 1 }; // me: my microphone → the call; them: the call → me

struct CallRequest {
  QString myLanguage, theirLanguage;               // ISO 639-1; they must differ
  QString microphone = QStringLiteral("default");  // my microphone
  QString callAudio;                               // the call's sound: a device or pulse:NAME (a sink monitor)
  QString toCall;                                  // where my translated speech goes; empty: the virtual microphone
  bool speakToMe = false;                          // their words, translated, on my headphones too
  QString toMe = QStringLiteral("default");        // my headphones
  // The speech recogniser picked in the session panel (both directions use it); empty: the
  // configuration's. Translation and voices are chosen per direction by language.
  QString asrEngine, asrModel;
};

// A voice the voice picker offers for a language.
struct VoiceChoice {
  QString id;      // a catalogue id ("piper-de_DE-thorsten-medium"), or "espeak-ng"
  QString label;   // what the user reads
  QString license; // as the catalogue states it; empty for espeak-ng (GPL, part of the system)
};

struct AudioDevice {
  QString name;
  bool input = false;
  bool output = false;
  bool isDefault = false;
};

class SessionControl : public QObject {
  Q_OBJECT
public:
  using QObject::QObject;

  // Starts a session; a quick error (unknown engine, missing model, no such device or file) is
  // returned, later ones come as finished() with the error.
  virtual Status start(const SessionRequest &request) = 0;
  virtual void stop() = 0;   // finish what was heard, then finished()
  virtual void cancel() = 0; // drop what is left
  virtual bool isRunning() const = 0;
  virtual void setTalking(bool talking) = 0; // push-to-talk
  virtual float levelDb() const = 0;         // of the input, polled by the meter
  // "capturing from X at 48000 Hz, speaking to Y"; "reading FILE"; empty when idle.
  virtual QString description() const = 0;
  // The profiler of the current (or last) session; nullptr when there is none or profiling is off.
  virtual telemetry::Profiler *profiler() = 0;
  // Asks for the audio devices (off the GUI thread); devicesListed() answers.
  virtual void listDevices() = 0;
  // The current (or last) session's telemetry so far: per-stage latency, findings, the real-time
  // ratio; nullopt when no session ran. Polled by the profiler dashboard a few times a second.
  virtual std::optional<telemetry::RunRecord> runRecord() const { return std::nullopt; }
  // Segments waiting before recognition, translation and synthesis now, and the most so far.
  virtual QList<int> queueDepths() const { return {}; }
  virtual QList<int> queueHighWater() const { return {}; }
  // The memory limits in force, drawn on the memory chart.
  virtual std::vector<telemetry::MemoryThreshold> memoryThresholds() const { return {}; }
  // Asks for the voices installed for a language (off the GUI thread); voicesListed() answers.
  virtual void listVoices(const QString &language) { Q_EMIT voicesListed(language, {}); }
  // Speaks a short sample sentence in `language` with `voice` (a VoiceChoice id, empty: the best
  // installed) on `outputDevice`, off the GUI thread; previewFinished() answers.
  virtual void previewVoice(const QString &language, const QString &voice, const QString &outputDevice) {
    Q_UNUSED(language);
    Q_UNUSED(voice);
    Q_UNUSED(outputDevice);
    Q_EMIT previewFinished(tr("voice previews are not available here"));
  }

  // Calls, both directions at once. startCall() answers like start(): a quick error, or
  // callStarted()/callFinished() later. A call and a session do not run together.
  virtual Status startCall(const CallRequest &request) {
    Q_UNUSED(request);
    return makeError(ErrorKind::Unsupported, tr("calls are not available here"));
  }
  virtual void stopCall() {}
  virtual bool isCallRunning() const { return false; }
  virtual void setCallMuted(CallSide side, bool muted) { Q_UNUSED(side); Q_UNUSED(muted); }
  virtual float callLevelDb(CallSide side) const { Q_UNUSED(side); return -120.0f; }
  // During a call started with speakToMe: their translated speech on (true) or off my headphones.
  virtual void setSpeakToMe(bool speak) { Q_UNUSED(speak); }
  // Makes (or finds) the virtual microphone call apps record from, off the GUI thread;
  // virtualMicrophoneReady() answers.
  virtual void createVirtualMicrophone() { Q_EMIT virtualMicrophoneReady({}, tr("no virtual microphone here")); }

Q_SIGNALS:
  void devicesListed(const QList<dragoman::ui::AudioDevice> &devices, const QString &error);
  void voicesListed(const QString &language, const QList<dragoman::ui::VoiceChoice> &voices);
  void previewFinished(const QString &error); // empty: the sample was played
  void started(const QString &description);
  void transcriptReady(const dragoman::Transcript &transcript);
  void translationReady(const dragoman::Translation &translation);
  void segmentFinished(const dragoman::SegmentResult &result);
  void segmentDelivered(const dragoman::SegmentResult &result);
  void stageFailed(const dragoman::PipelineError &error);
  void engineLoaded(const dragoman::EngineLoad &load);
  void engineUnloaded(const dragoman::EngineLoad &engine);
  void memorySampled(const dragoman::telemetry::MemorySample &sample);
  void memoryAlert(const dragoman::telemetry::MemoryAlert &alert);
  // A problem the user should know about, as a banner: key (one banner per key), text (empty: it
  // is over), whether it is an error.
  void notice(const QString &key, const QString &text, bool error);
  void finished(const dragoman::Status &status, bool cancelled);

  // A call's events, each with its side (CallSide).
  void callStarted(const QString &description);
  void callTranscript(int side, const dragoman::Transcript &transcript);
  void callTranslation(int side, const dragoman::Translation &translation);
  void callSegmentFinished(int side, const dragoman::SegmentResult &result);
  void callSideEnded(int side, const QString &error); // one direction ended; the other may go on
  void callFinished(const dragoman::Status &status);  // both ended
  // The virtual microphone made: how call apps list it, or an error.
  void virtualMicrophoneReady(const QString &microphone, const QString &error);
};

} // namespace dragoman::ui

Q_DECLARE_METATYPE(dragoman::ui::AudioDevice)
Q_DECLARE_METATYPE(dragoman::ui::VoiceChoice)
