#pragma once
// Virtual audio devices for tests on machines with no sound card: drives scripts/virtual-audio.sh.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>

#include <memory>
#include <vector>

namespace dragoman::test {

class VirtualAudio {
public:
  // folder: the script's runtime folder (DRAGOMAN_PA_DIR); empty for the script's default. Tests
  // that may run in parallel give each process a folder, and so a daemon, of its own.
  explicit VirtualAudio(QString folder = {});
  ~VirtualAudio();
  VirtualAudio(const VirtualAudio &) = delete;
  VirtualAudio &operator=(const VirtualAudio &) = delete;

  // Starts (or reuses) the private PulseAudio daemon. On failure, error() says why.
  bool start();
  void stop();
  // Plays a sound file into the virtual input; returns when it has been played.
  bool play(const QString &file);
  // The same in two steps: returns once playing has begun; waitPlayed() waits for the end of
  // every file started. sink: where to play (default: the microphone's feed; callFeed() for the
  // other side of a call); several may play at once.
  bool playAsync(const QString &file, const QString &sink = {});
  bool waitPlayed(int timeoutMs);
  // The call devices: the call's audio (capture), the sink its sound is played into, and the
  // headphones their translated words go to.
  static QString callInput() { return QStringLiteral("dragoman_call_in"); }
  static QString callFeed() { return QStringLiteral("dragoman_call_feed"); }
  static QString headphones() { return QStringLiteral("dragoman_to_me"); }
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
  QProcessEnvironment scriptEnvironment() const;
  QString m_folder;
  QString m_input, m_output, m_error;
  QProcessEnvironment m_vars;
  std::vector<std::unique_ptr<QProcess>> m_players;
};

} // namespace dragoman::test

// QSKIPs the test when no virtual audio can be had here.
#define DRAGOMAN_REQUIRE_VIRTUAL_AUDIO(va)                                                              \
  if (!(va).start())                                                                                  \
  QSKIP(qPrintable(QStringLiteral("no virtual audio devices: %1").arg((va).error())))
