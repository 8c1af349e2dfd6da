#include "core/inference/system/espeaklibrary.h"

#include <espeak-ng/speak_lib.h>

namespace dragoman {

std::mutex &espeakMutex() {
  static std::mutex m;
  return m;
}

int espeakSampleRateLocked() {
  static int rate = 0;
  if (rate == 0) {
    rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0)
      rate = -1;
  }
  return rate;
}

} // namespace dragoman
