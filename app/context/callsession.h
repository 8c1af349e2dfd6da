#pragma once
// A call translated both ways: two SessionRunners in one process. "me": my microphone, my
// language → theirs, spoken into the device the call app records. "them": the call's audio, their
// language → mine, captions and (optionally) speech on my headphones. Both directions use one
// engine registry (AppContext::derive), so a multilingual Whisper and each translation model are
// loaded once, and one history store, so the call is one session there, each segment with its
// direction: the call begins that session and ends it when both directions have ended. "them"
// starts first, so that my microphone's echo gate follows what it plays on my speakers
// (`--to-me`). `dragoman call`, `dragoman bench call` and `call --serve` use it.

#include "app/context/sessionrunner.h"
#include "core/storage/records.h"

#include <QObject>

#include <array>
#include <map>
#include <memory>

namespace dragoman {

namespace storage {
class SessionStore;
}

struct CallOptions {
  QString me, them;    // ISO 639-1 languages; they must differ
  QString mic;         // my microphone (empty: audio.input_device)
  QString callAudio;   // the call's sound: a capture device or pulse:NAME (a sink monitor)
  QString toCall;      // where my translated speech goes: the virtual microphone
  QString toMe;        // empty: their side is captions only
  bool speakToCall = true;
  QString voice;       // my translated voice (empty: tts.voice)
};

class CallSession : public QObject {
  Q_OBJECT
public:
  enum Direction { Me = 0, Them = 1 };
  static QString directionName(Direction d) { return d == Me ? QStringLiteral("me") : QStringLiteral("them"); }

  // Derives each direction's configuration from `base` (which must outlive the call) and opens
  // the history store. Usage errors name the option.
  static Result<std::unique_ptr<CallSession>> create(const AppContext &base, const CallOptions &options);
  ~CallSession() override; // cancels and waits for directions still running

  // Opens both directions' devices and starts them, theirs first; when the second cannot start the
  // first is cancelled and the error names the direction.
  Status start();
  // The same without waiting on this thread (the window's): each direction opens its devices and
  // models on a background thread (SessionRunner::startInBackground), theirs first, then mine once
  // theirs runs. started() follows when both run; a direction that cannot start ends the call with
  // directionFinished() and finished() (the other, if it runs, is cancelled). Quick errors are
  // returned.
  Status startInBackground();
  void stop();   // both directions, in order
  void cancel(); // both, dropping what is queued
  bool isRunning() const { return m_running[Me] || m_running[Them]; }

  SessionRunner &session(Direction d) { return *m_sessions[d]; }
  const AppContext &context(Direction d) const { return *m_contexts[d]; }
  // The status each direction ended with (success while it runs).
  Status ended(Direction d) const { return m_ended[d]; }
  // The call's session in the history (empty when the history is off).
  QString sessionUuid() const { return m_session.uuid; }

Q_SIGNALS:
  // startInBackground(): both directions run; "me: …; them: …" as each describes its devices.
  void started(const QString &description);
  // One direction ended (the other may go on).
  void directionFinished(dragoman::CallSession::Direction direction, const dragoman::Status &status);
  // Both ended.
  void finished();

private:
  CallSession() = default;
  void endRecording();
  void beginRecording();
  void ensureVirtualMicrophone();
  SessionSource sourceOf(Direction d) const;
  Status directionError(Direction d, const Status &s);
  std::unique_ptr<storage::SessionStore> m_store; // outlives the sessions (destroyed after them)
  std::array<std::unique_ptr<AppContext>, 2> m_contexts;
  std::array<std::unique_ptr<SessionRunner>, 2> m_sessions;
  std::array<bool, 2> m_running{false, false};
  std::array<Status, 2> m_ended{Status::success(), Status::success()};
  std::array<bool, 2> m_cancelled{false, false};
  bool m_startingInBackground = false; // until both directions run
  bool m_speak[2] = {true, false};
  storage::SessionInfo m_session; // begun in the store by start()
  std::map<std::pair<int, Stage>, EngineLoad> m_engines; // (direction, stage) → the engine that ran
};

} // namespace dragoman
