#include "core/common/logging.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>

#include <cstdio>

namespace dragoman::logging {
namespace {

// Fields for the message being logged on this thread; set by info()/warning() around the qC* call.
thread_local const QVariantMap *t_fields = nullptr;

struct Sink {
  QMutex mutex;
  Options options;
  QFile file;
  bool installed = false;
};

Sink &sink() {
  static Sink s; // owned by the handler Qt calls from any thread; guarded by its mutex
  return s;
}

const char *levelName(QtMsgType type) {
  switch (type) {
  case QtDebugMsg: return "debug";
  case QtInfoMsg: return "info";
  case QtWarningMsg: return "warning";
  case QtCriticalMsg: return "error";
  case QtFatalMsg: return "fatal";
  }
  return "info";
}

int severity(QtMsgType type) {
  switch (type) {
  case QtDebugMsg: return 0;
  case QtInfoMsg: return 1;
  case QtWarningMsg: return 2;
  case QtCriticalMsg: return 3;
  case QtFatalMsg: return 4;
  }
  return 1;
}

int threshold(Level level) { return static_cast<int>(level); }

void rotate(Sink &s) {
  const QString path = s.options.filePath;
  s.file.close();
  QFile::remove(path + QLatin1Char('.') + QString::number(s.options.maxFiles));
  for (int i = s.options.maxFiles - 1; i >= 1; --i)
    QFile::rename(path + QLatin1Char('.') + QString::number(i), path + QLatin1Char('.') + QString::number(i + 1));
  if (s.options.maxFiles > 0)
    QFile::rename(path, path + QStringLiteral(".1"));
  else
    QFile::remove(path);
  s.file.setFileName(path);
  s.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text);
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message) {
  Sink &s = sink();
  const QVariantMap empty;
  const QVariantMap &fields = t_fields ? *t_fields : empty;
  const char *category = context.category ? context.category : "default";
  QMutexLocker lock(&s.mutex);
  if (severity(type) < threshold(s.options.level) && type != QtFatalMsg)
    return;
  const QString line = (s.options.format == Format::Json ? formatJson(type, category, message, fields)
                                                         : formatText(type, category, message, fields)) +
                       QLatin1Char('\n');
  const QByteArray bytes = line.toUtf8();
  if (s.options.toStderr) {
    const std::lock_guard<std::mutex> quiet(stderrMutex());
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
  }
  if (s.file.isOpen()) {
    if (s.options.maxFileBytes > 0 && s.file.size() + bytes.size() > s.options.maxFileBytes)
      rotate(s);
    if (s.file.isOpen()) {
      // The file always gets JSON lines: they are what tools read back.
      const QByteArray fileLine = s.options.format == Format::Json
                                      ? bytes
                                      : (formatJson(type, category, message, fields) + QLatin1Char('\n')).toUtf8();
      s.file.write(fileLine);
      s.file.flush();
    }
  }
}

void logWith(QtMsgType type, const QLoggingCategory &category, const QString &message, const QVariantMap &fields) {
  const QVariantMap *previous = t_fields;
  t_fields = &fields;
  QMessageLogger logger(nullptr, 0, nullptr, category.categoryName());
  if (type == QtWarningMsg) {
    if (category.isWarningEnabled())
      logger.warning("%s", qUtf8Printable(message));
  } else if (category.isInfoEnabled()) {
    logger.info("%s", qUtf8Printable(message));
  }
  t_fields = previous;
}

} // namespace

QString formatJson(QtMsgType type, const char *category, const QString &message, const QVariantMap &fields) {
  QJsonObject o;
  o.insert(QStringLiteral("ts"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
  o.insert(QStringLiteral("level"), QString::fromLatin1(levelName(type)));
  o.insert(QStringLiteral("category"), QString::fromUtf8(category));
  o.insert(QStringLiteral("message"), message);
  o.insert(QStringLiteral("fields"), QJsonObject::fromVariantMap(fields));
  return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

std::mutex &stderrMutex() {
  static std::mutex m;
  return m;
}

void printToStderr(const QString &line) {
  const QByteArray bytes = line.toUtf8() + '\n';
  const std::lock_guard<std::mutex> lock(stderrMutex());
  std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
  std::fflush(stderr);
}

QString formatText(QtMsgType type, const char *category, const QString &message, const QVariantMap &fields) {
  QString line = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz")) + QLatin1Char(' ') +
                 QString::fromLatin1(levelName(type)).leftJustified(7) + QString::fromUtf8(category) +
                 QStringLiteral(": ") + message;
  for (auto it = fields.cbegin(); it != fields.cend(); ++it)
    line += QLatin1Char(' ') + it.key() + QLatin1Char('=') + it.value().toString();
  return line;
}

void install(const Options &options) {
  Sink &s = sink();
  {
    QMutexLocker lock(&s.mutex);
    s.options = options;
    if (s.file.isOpen())
      s.file.close();
    if (!options.filePath.isEmpty()) {
      s.file.setFileName(options.filePath);
      if (!s.file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        std::fprintf(stderr, "dragoman: cannot open log file %s: %s\n", qUtf8Printable(options.filePath),
                     qUtf8Printable(s.file.errorString()));
    }
    s.installed = true;
  }
  qInstallMessageHandler(handler);
}

void uninstall() {
  qInstallMessageHandler(nullptr);
  Sink &s = sink();
  QMutexLocker lock(&s.mutex);
  s.file.close();
  s.installed = false;
}

void info(const QLoggingCategory &category, const QString &message, const QVariantMap &fields) {
  logWith(QtInfoMsg, category, message, fields);
}

void warning(const QLoggingCategory &category, const QString &message, const QVariantMap &fields) {
  logWith(QtWarningMsg, category, message, fields);
}

} // namespace dragoman::logging
