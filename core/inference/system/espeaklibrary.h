#pragma once
// libespeak-ng as one process-wide resource. The library keeps one voice, one rate and one callback
// for the whole process and is not thread-safe: every user (the eSpeak NG synthesizer, the Piper
// phonemiser) takes espeakMutex() around each call and sets what it needs (voice, callback) again.

#include <mutex>

namespace dragoman {

// The one lock around every libespeak-ng call.
std::mutex &espeakMutex();

// The library's sample rate (22050), initialising it once (synchronous output, no exit() when the
// data folder is missing); -1 when it cannot start. Call with espeakMutex() held.
int espeakSampleRateLocked();

} // namespace dragoman
