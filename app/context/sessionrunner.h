#pragma once
// One translation session, from the audio devices or from a file, run asynchronously: `live` and
// the desktop application both use it. It opens the input (and the output, when it speaks),
// starts the pipeline, its telemetry and the history recording, and runs capture and playback on
// threads of their own. stop() ends it in order (the open segment is flushed, the stages drain,
// the last sentence plays); cancel() drops what is left. finished() comes once, on this object's
// thread, after every thread has ended and the history has been told how the session ended.

#include "app/context/runtelemetry.h"
#include "core/common/result.h"
#include "core/common/types.h"
#include "core/storage/records.h"

#include <QObject>

class QThread;

#include <atomic>
#include <memory>

namespace dragoman {

namespace storage {
class SessionStore;
}

class AppContext;
class PipelineController;

struct SessionSource {
  enum class Kind { Devices, File };
  Kind kind = Kind::Devices;
  QString file;       // Kind::File: an audio file (any format and rate audio::readAudioFile reads)
  bool realTime = false; // Kind::File: release each segment when its end would have been heard
  bool speak = true;  // synthesize the translation (and play it, from the devices)
  bool play = false;  // Kind::File with speak: also play the speech on audio.output_device (the window's files)
};

class SessionRunner : public QObject {
  Q_OBJECT
public:
  // command: "live", "gui": names the run's telemetry record and the history session's kind.
  SessionRunner(const AppContext &context, QString command, QObject *parent = nullptr);
  ~SessionRunner() override; // cancels and waits for a session still running

  // A history store kept open by the caller across sessions (the desktop application), instead of
  // one opened (and integrity-checked) at every start(); nullptr: open one per session. It must
  // outlive every session started with it.
  void setSessionStore(storage::SessionStore *store) { m_sharedStore = store; }
  // A call (CallSession): this runner's segments are recorded as `direction` ("me", "them") into
  // the history session `uuid`, begun (and ended) by the caller in the store given to
  // setSessionStore(), with times measured from `origin`: a call is one session in the history.
  void setCallRecording(const QString &direction, const QString &uuid, TimePoint origin) {
    m_direction = direction;
    m_callSession = uuid;
    m_callOrigin = origin;
  }
  // The speech the microphone may hear is another runner's (a call's "them" direction playing on
  // my speakers), not this runner's own (played into the call): the echo gate and canceller follow
  // that runner's output. It must have started, and outlive this session.
  void setEchoSource(const SessionRunner *other) { m_echoSource = other; }
  // Translated speech waits at most this long behind the speech before it, whose rest is then
  // dropped (a call's "them" direction, where every word is in the captions); 0: no limit. Set
  // before start().
  void setSpeechMaxWait(double seconds) { m_speechMaxWait = seconds; }

  // Opens the input and output, loads nothing yet (each stage creates its engine on its own
  // thread), and starts. Errors name the device, file or engine.
  Status start(const SessionSource &source);
  // The same without waiting on this thread (the GUI's): only the quick checks (a session already
  // running, a missing file) answer here; the model files, the history's last run and the audio
  // devices are read and opened on a thread of its own, then started() comes, or finished() with
  // what could not be opened. Stop and Cancel act while it opens.
  Status startInBackground(const SessionSource &source);
  void stop();   // orderly: finish what was captured
  void cancel(); // drop what is queued
  bool isRunning() const { return m_running; }

  // Push-to-talk: while muted the input is replaced by silence (it is still read). Thread-safe.
  void setMuted(bool muted);
  bool isMuted() const { return m_muted.load(); }
  // Whether the translated speech is played (a call's "speak their words to me"): when off, it is
  // dropped, and what plays stops; segments are still delivered. GUI thread.
  void setSpeaking(bool speaking);
  bool isSpeaking() const { return !m_silent; }
  float levelDb() const; // dBFS of the last captured block; -120 when nothing is captured
  quint64 gatedFrames() const;
  struct Counters {
    quint64 segments = 0;    // cut from the input
    quint64 overruns = 0;    // device frames lost to a full capture ring
    quint64 gatedFrames = 0; // 16 kHz frames the echo gate silenced
    bool echoCancelling = false; // audio.echo_gate aec, running
    quint64 echoFrames = 0;      // 10 ms frames the echo canceller found our speech in
    float erleDb = 0.0f;         // its echo return loss enhancement (dB)
    int reopened = 0;        // times the capture device was reopened
    quint64 underruns = 0;   // playback
    quint64 speechCut = 0;   // segments whose speech was cut short to keep up (setSpeechMaxWait)
    quint64 retractions = 0; // streaming partial words taken back
    quint64 translationReplacements = 0; // streaming provisional translations replaced
    bool streaming = false;
  };
  Counters counters() const;

  RunTelemetry &telemetry() { return *m_telemetry; }
  PipelineController *pipeline() const; // nullptr between sessions
  QString deviceDescription() const;    // "capturing from X at 48000 Hz, speaking to Y"
  // Why the history is not being saved (empty when it is, or when storage is off).
  QString historyProblem() const { return m_historyProblem; }
  QString sessionUuid() const;

Q_SIGNALS:
  // startInBackground(): the devices are open and the pipeline starts ("capturing from X ...").
  void started(const QString &description);
  void transcriptReady(const dragoman::Transcript &transcript);
  void translationReady(const dragoman::Translation &translation);
  void segmentFinished(const dragoman::SegmentResult &result);
  // After playback started (times.playbackStart set), or right after segmentFinished when nothing
  // is played.
  void segmentDelivered(const dragoman::SegmentResult &result);
  void stageFailed(const dragoman::PipelineError &error);
  // Passed on from the pipeline and the memory monitor, connected before anything starts.
  void engineLoaded(const dragoman::EngineLoad &load);
  void engineUnloaded(const dragoman::EngineLoad &engine);
  void memorySampled(const dragoman::telemetry::MemorySample &sample);
  void memoryAlert(const dragoman::telemetry::MemoryAlert &alert);
  void deviceLost(const QString &message);
  void deviceBack(const QString &device);
  // The history stopped being saved (the reason) or works again (empty).
  void historyChanged(const QString &problem);
  // The session ended: success, or why it could not go on. `cancelled` after cancel().
  void finished(const dragoman::Status &status, bool cancelled);

private:
  void onPipelineFinished();
  void watchEnd(QThread &thread, bool &ended);
  void endWhenThreadsReturn();
  void endSession();
  void closed(const Status &status);
  struct Opened;
  // Checks the models, reads the last run, opens and starts the devices and, when `openStore`, the
  // history database, which then moves to `home` (nullptr: it stays on the calling thread).
  static Opened open(const AppContext &context, const QString &command, const SessionSource &source, bool openStore,
                     QThread *home);
  static Opened openInput(const AppContext &context, const QString &command, const SessionSource &source);
  Status prepare(const SessionSource &source);
  Status launch(Opened opened);
  void onOpened(Opened opened);
  Status startFile(const SessionSource &source);
  Status startCapture();
  Status startFeeder();
  void makePlayer();   // the playback worker and its thread, when the session has an output
  void startThreads(); // the input's thread and the player's
  Status abortStart(const Status &why); // a start that failed after the pipeline started: ends it, finished(why) follows

  struct Impl;
  std::unique_ptr<Impl> d;
  const AppContext &m_context;
  QString m_command;
  std::unique_ptr<RunTelemetry> m_telemetry;
  std::unique_ptr<QThread> m_opener; // startInBackground()'s
  std::unique_ptr<QThread> m_closer; // endSession()'s: stops the devices, writes the run's files
  QString m_historyProblem;
  storage::SessionStore *m_sharedStore = nullptr;
  QString m_direction;
  QString m_callSession;
  TimePoint m_callOrigin{};
  const SessionRunner *m_echoSource = nullptr;
  double m_speechMaxWait = 0;
  bool m_running = false;
  bool m_cancelled = false;
  std::atomic_bool m_muted{false};
  bool m_silent = false;
  std::atomic_int m_reopened{0};
};

} // namespace dragoman
