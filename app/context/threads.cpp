#include "app/context/threads.h"

#include "core/common/threadnames.h"

namespace dragoman {

using namespace threadnames;

const std::vector<ThreadDeclaration> &threadTable() {
  static const std::vector<ThreadDeclaration> table{
      {"dragoman", "main()", "the event loop: GUI, signals, the HTTP server's sockets, timers",
       "nothing that takes long: files, SQLite and devices are other threads' work", "returns from main() last"},
      {kOpen, "SessionRunner::startInBackground (the window's Start)", "checks the models, reads the last run, opens and starts the audio devices",
       "PortAudio, SQLite, the file system", "returns after one start; the runner waits for it when destroyed"},
      {kCapture, "SessionRunner::startCapture", "reads the capture ring, resamples, gates echo, cuts segments, reopens a lost device",
       "the ring (20 ms polls), a full ASR queue", "stopInput set by Stop/Cancel: flushes the open segment, closes the ASR queue"},
      {kFileInput, "SessionRunner::startFeeder", "decodes, resamples and cuts a file, submits its segments (at the pace of speech if asked)",
       "the file, a full ASR queue", "at the file's end or on stopInput: closes the ASR queue"},
      {kAsr, "PipelineController::launchStages", "creates the ASR engine, recognises each segment",
       "its queue, the engine (model load, inference)", "its queue closed and empty, or cancelled (engines check the abort flag)"},
      {kMt, "PipelineController::launchStages", "creates the translator, translates each transcript", "its queue, the engine",
       "after the ASR stage, the same way"},
      {kTts, "PipelineController::launchStages", "creates the synthesizer, speaks each translation sentence by sentence",
       "its queue, the engine", "after the MT stage, the same way"},
      {kEngines, "PipelineController::startAsync", "starts the three stage threads, waits for their engines, reports started()",
       "the stages' engine creation", "once all three answered"},
      {kPlayback, "SessionRunner::makePlayer (devices when speaking; files that play)", "writes each sentence into the output ring as it drains",
       "the output ring (a few ms polls)", "finish(): after the last queued sentence played; cancel(): at once"},
      {kCaptureCallback, "PortAudio (CaptureStream::start)", "copies device frames into the capture ring",
       "never (real time)", "CaptureStream::stop"},
      {kPlaybackCallback, "PortAudio (PlaybackStream::start)", "copies the output ring to the device", "never (real time)",
       "PlaybackStream::stop"},
      {kClose, "SessionRunner::endSession", "stops the audio streams, writes the run's profile and record",
       "PortAudio draining, the file system", "returns; finished() follows once the history is on disk"},
      {kStore, "SessionStore (core/storage)", "the history database: batched writes, flushes, recovery",
       "SQLite, fsync", "the store's destructor: commits what is pending, then quits"},
      {kApiTranslate, "TranslationService (core/server)", "batches the API's translation requests on its translator",
       "its queue, the engine", "the service's destructor"},
      {kApiTranscribe, "ApiHost (app/headless/apimedia.cpp)", "one /transcribe request: recognise, translate, speak",
       "the engines", "when the request is answered; the host waits for it when it stops"},
      {kApiSpeak, "ApiHost (app/headless/apimedia.cpp)", "one /speak request", "the voice cache, the engine",
       "when the request is answered; the host waits for it when it stops"},
      {kRows, "RowPool (core/inference/torch/runtime)", "the decoders' matrix rows, in parts", "nothing: spins briefly, then sleeps",
       "the pool's destructor at exit"},
      {kHistory, "HistoryView (ui/history)", "history queries, searches, deletions and exports", "SQLite, the file system",
       "the view's destructor"},
      {kModels, "ModelsPage (ui/models)", "model downloads and checks", "the network, the file system", "the page's destructor: its loop quits after the task in hand (a download in progress runs to its end first)"},
      {kDevices, "GuiSession::listDevices", "lists the audio devices", "PortAudio", "returns"},
      {kVoices, "GuiSession::listVoices", "lists the installed voices of a language", "the file system", "returns"},
      {kPreview, "GuiSession::previewVoice", "speaks a voice sample", "the engine, PortAudio", "returns after the sample"},
      {kSettings, "SettingsPage::save", "writes the configuration file", "the file system", "returns"},
      {kExport, "ProfilerDashboard", "writes a profile export", "the file system", "returns"},
  };
  return table;
}

const std::vector<LibraryThread> &libraryThreads() {
  static const std::vector<LibraryThread> threads{
      {"threaded-ml", "PulseAudio's client main loop (ALSA's pulse plugin under PortAudio)"},
      {"dragoman", "OpenBLAS's workers (libopenblas0-pthread): started when the library loads, before main(), they keep the "
                   "process's name; one fewer than its threads"},
      {"QDBusConnection", "Qt D-Bus (accessibility, desktop integration)"},
      {"QXcbEventQueue", "Qt's X11 platform plugin"},
      {"Thread (pooled)", "QThreadPool (Qt's own background work)"},
  };
  return threads;
}

QString undeclaredThread(const QString &name) {
  for (const ThreadDeclaration &t : threadTable())
    if (name == QLatin1String(t.name))
      return {};
  for (const LibraryThread &t : libraryThreads())
    if (name == QLatin1String(t.name))
      return {};
  return name;
}

} // namespace dragoman
