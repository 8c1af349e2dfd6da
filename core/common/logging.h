#pragma once
// Log output: human-readable text or JSON lines, to stderr and optionally a rotating file.
// Installed once by app/context as Qt's message handler; every qC*() call goes through it.

#include <QLoggingCategory>
#include <QString>
#include <QVariantMap>

#include <mutex>

namespace dragoman::logging {

enum class Format { Text, Json };
enum class Level { Debug, Info, Warning, Error };

struct Options {
  Format format = Format::Text;
  Level level = Level::Info;
  QString filePath;            // empty: no log file
  qint64 maxFileBytes = 10 << 20; // rotate past this size
  int maxFiles = 5;            // rotated files kept: file.1 … file.N
  bool toStderr = true;
};

// Held while writing to stderr, and while stderr points elsewhere for a moment (the audio code
// silences JACK's chatter during PortAudio's probes that way, process-wide): a line written from
// another thread meanwhile waits instead of going to /dev/null.
std::mutex &stderrMutex();
// One line to stderr under stderrMutex(), e.g. "dragoman: error: ...".
void printToStderr(const QString &line);

// Installs the handler; safe to call again to change options.
void install(const Options &options);
// Restores Qt's default handler and closes the log file.
void uninstall();

// Logs a message with structured fields: in JSON they become members of "fields",
// in text they follow the message as key=value.
void info(const QLoggingCategory &category, const QString &message, const QVariantMap &fields = {});
void warning(const QLoggingCategory &category, const QString &message, const QVariantMap &fields = {});

// Formatting, exposed for tests.
QString formatJson(QtMsgType type, const char *category, const QString &message, const QVariantMap &fields);
QString formatText(QtMsgType type, const char *category, const QString &message, const QVariantMap &fields);

} // namespace dragoman::logging
