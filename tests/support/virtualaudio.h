#pragma once
// Virtual audio devices for tests on machines with no sound card: drives scripts/virtual-audio.sh.

#include <QProcessEnvironment>
#include <QString>

namespace dragoman::test {

class VirtualAudio {
public:
  // Starts (or reuses) the private PulseAudio daemon. On failure, error() says why.
  bool start();
  void stop();
  // Plays a sound file into the virtual input; returns when it has been played.
  bool play(const QString &file);
  // Runs `pactl ARGS` against the daemon; returns its standard output.
  QString pactl(const QStringList &args) const;

  QString input() const { return m_input; }
  QString output() const { return m_output; }
  QString error() const { return m_error; }
  // The variables the script asks for (PULSE_SERVER, ALSA_CONFIG_PATH), added to `base`.
  QProcessEnvironment environment(const QProcessEnvironment &base) const;
  // Sets them in this process too (before PortAudio initialises).
  void exportToThisProcess() const;

private:
  QString script() const;
  QString m_input, m_output, m_error;
  QProcessEnvironment m_vars;
};

} // namespace dragoman::test

// QSKIPs the test when no virtual audio can be had here.
#define DRAGOMAN_REQUIRE_VIRTUAL_AUDIO(va)                                                              \
  if (!(va).start())                                                                                  \
  QSKIP(qPrintable(QStringLiteral("no virtual audio devices: %1").arg((va).error())))
