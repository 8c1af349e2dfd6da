#pragma once
// The name of every thread Dragoman starts, as `top -H`, gdb, perf and the Chrome trace show it
// (Linux keeps 15 characters). What each one does, what it may block on and how it stops is
// declared once, in app/context/threads.cpp (threadTable(), docs/ARCHITECTURE.md "Threads"),
// which tests hold against the threads of a running `dragoman live`. Plain constants: every
// folder may include this, core/inference/torch too.

#if defined(__linux__)
#include <pthread.h>
#endif

namespace dragoman::threadnames {

// A session (app/context/sessionrunner.cpp, core/pipeline).
inline constexpr const char *kOpen = "dm-open";           // opens devices, checks models (GUI start)
inline constexpr const char *kCapture = "dm-capture";     // reads the capture ring, cuts segments
inline constexpr const char *kFileInput = "dm-file-input"; // decodes a file, feeds its segments
inline constexpr const char *kAsr = "dm-asr";             // pipeline stage
inline constexpr const char *kMt = "dm-mt";               // pipeline stage
inline constexpr const char *kTts = "dm-tts";             // pipeline stage
inline constexpr const char *kEngines = "dm-engines";     // waits for the stages' engines to load
inline constexpr const char *kPlayback = "dm-playback";   // writes speech into the output ring
inline constexpr const char *kClose = "dm-close";         // stops the devices, writes the run's profile
inline constexpr const char *kCaptureCallback = "dm-pa-capture";   // PortAudio's input callback
inline constexpr const char *kPlaybackCallback = "dm-pa-playback"; // PortAudio's output callback
// Services.
inline constexpr const char *kStore = "dm-store";         // the history database (core/storage)
inline constexpr const char *kApiTranslate = "dm-api-mt"; // the API's translation batches (core/server)
inline constexpr const char *kApiTranscribe = "dm-api-asr"; // one API transcription (app/headless)
inline constexpr const char *kApiSpeak = "dm-api-tts";    // one API synthesis (app/headless)
inline constexpr const char *kRows = "dm-rows";           // RowPool helpers (core/inference/torch/runtime)
// The window's background work (ui/, app/gui).
inline constexpr const char *kHistory = "dm-history";     // history queries and exports
inline constexpr const char *kModels = "dm-models";       // model downloads
inline constexpr const char *kDevices = "dm-devices";     // lists audio devices
inline constexpr const char *kVoices = "dm-voices";       // lists installed voices
inline constexpr const char *kPreview = "dm-preview";     // speaks a voice sample
inline constexpr const char *kVirtualMic = "dm-vmic";     // makes the virtual microphone (pactl)
inline constexpr const char *kSettings = "dm-settings";   // writes the configuration file
inline constexpr const char *kExport = "dm-export";       // writes a profile export

// Names the calling thread, for threads that are not QThreads (QThread takes its objectName):
// PortAudio's callback threads and RowPool's helpers.
inline void nameThisThread(const char *name) {
#if defined(__linux__)
  pthread_setname_np(pthread_self(), name);
#else
  (void)name;
#endif
}

} // namespace dragoman::threadnames
