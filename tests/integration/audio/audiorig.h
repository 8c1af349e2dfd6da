#pragma once
// Test fixture (AudioRig): a private set of virtual audio devices from scripts/virtual-audio.sh, and signal helpers.

#include "core/audio/capturestream.h"
#include "tests/support/virtualaudio.h"

#include <QProcess>
#include <QString>

#include <memory>

#include <vector>

namespace dragoman::test::live {

class AudioRig {
public:
  // Runs `virtual-audio.sh start` with a folder of its own and exports what it prints
  // (PULSE_SERVER, ALSA_CONFIG_PATH) into this process: call before anything touches PortAudio.
  // False, with the reason, when PulseAudio cannot start.
  AudioRig();
  bool start(QString *why);
  // Runs `virtual-audio.sh stop`. Also done by the destructor.
  void stop();
  ~AudioRig();

  QString input() const { return m_audio.input(); }   // PortAudio name of the virtual microphone
  QString output() const { return m_audio.output(); } // PortAudio name of the virtual speaker
  QString outputMonitor() const { return output() + QStringLiteral("_monitor"); }

  // Starts `virtual-audio.sh play FILE` and returns at once; waitPlayed() waits for it.
  bool playAsync(const QString &file);
  bool waitPlayed(int timeoutMs = 10000);

private:
  VirtualAudio m_audio;
  bool m_started = false;
};

// A linear chirp, amplitude 0.5, with 5 ms fades.
std::vector<float> chirp(int rate, double seconds, double fromHz, double toHz);
// A sine, amplitude 0.5.
std::vector<float> sine(int rate, double seconds, double hz);
// The first index where |x| exceeds threshold, or -1.
long firstAbove(const std::vector<float> &x, float threshold);
// The best normalised cross-correlation of tmpl within x for lags in [from, to], and that lag.
double bestCorrelation(const std::vector<float> &x, const std::vector<float> &tmpl, long from, long to, long *lag);
// RMS of x[from, from + n).
double rms(const std::vector<float> &x, std::size_t from, std::size_t n);
// Waits up to timeoutMs, draining capture into sink, until capture delivered its first frames.
bool waitForFirstFrames(audio::CaptureStream &capture, int timeoutMs);
// Drains capture into sink for ms milliseconds.
void drainFor(audio::CaptureStream &capture, std::vector<float> &sink, int ms);

} // namespace dragoman::test::live
