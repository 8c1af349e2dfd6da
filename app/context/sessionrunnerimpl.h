#pragma once
// SessionRunner's state, shared by the files that define its members (sessionrunner.cpp: opening,
// launching and ending a session; sessioninput.cpp: the capture loop, the file feeder, the player).

#include "app/context/sessionrunner.h"
#include "app/context/sessionrecorder.h"
#include "core/audio/capturestream.h"
#include "core/audio/captureworker.h"
#include "core/audio/filesegmenter.h"
#include "core/audio/playbackstream.h"
#include "core/audio/playbackworker.h"
#include "core/pipeline/pipelinecontroller.h"
#include "core/storage/sessionstore.h"

#include <QSet>
#include <QThread>

#include <atomic>
#include <mutex>
#include <optional>

namespace dragoman {

struct SessionRunner::Impl {
  SessionSource source;
  std::unique_ptr<PipelineController> pipeline;
  std::unique_ptr<storage::SessionStore> ownStore; // opened for this session when none was given
  storage::SessionStore *store = nullptr;
  std::unique_ptr<SessionRecorder> recorder;
  audio::StreamParams captureDevice;
  std::unique_ptr<audio::CaptureStream> capture;
  std::unique_ptr<audio::PlaybackStream> playback;
  std::unique_ptr<audio::CaptureWorker> worker;
  std::unique_ptr<audio::PlaybackWorker> player;
  QSet<quint64> streamedSegments; // segments whose speech went to the player piece by piece
  std::atomic<quint64> fileSegments{0}; // cut from the file so far
  audio::SegmenterParams fileSegmenter;
  std::unique_ptr<QThread> inputThread; // the capture loop, or the file's feeder
  std::unique_ptr<QThread> playbackThread;
  QString notPlaying; // why a file that should play its speech does not
  std::atomic_bool stopInput{false};
  bool streaming = false;
  QString description;
  TimePoint origin{};
  // The session's end has begun (onPipelineFinished): it ends once both threads have returned.
  bool ending = false;
  bool endQueued = false; // endSession() is on its way
  bool inputEnded = false, playbackEnded = false; // their finished() came (this object's thread)

  // The file could not be read (the feeder's thread) or an engine could not be created (this
  // object's thread): the first one is kept.
  void failInput(const Error &error) {
    const std::lock_guard<std::mutex> lock(errorMutex);
    if (!inputError)
      inputError = error;
  }
  std::optional<Error> inputFailure() const {
    const std::lock_guard<std::mutex> lock(errorMutex);
    return inputError;
  }

  void waitForThreads() {
    if (inputThread)
      inputThread->wait();
    if (pipeline)
      pipeline->wait();
    if (playbackThread)
      playbackThread->wait();
  }

private:
  mutable std::mutex errorMutex;
  std::optional<Error> inputError;
};

} // namespace dragoman
