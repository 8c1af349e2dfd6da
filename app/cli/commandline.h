#pragma once
// The command line: global options, a subcommand, and that subcommand's options.

#include "core/common/result.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace dragoman::cli {

struct GlobalOptions {
  QString configFile;        // --config
  QStringList overrides;     // --set section.key=value (repeatable)
  QString logFormat;         // --log-format text|json (empty: from config)
  QString logLevel;          // --log-level
  QString logFile;           // --log-file
};

struct Invocation {
  QString command;               // "" (GUI), "gui", "translate", "devices", "engines", "config", "help", "version"
  GlobalOptions global;
  QStringList positional;        // after the subcommand
  QMap<QString, QString> values; // subcommand options with a value, by long name (the last one given)
  QMap<QString, QStringList> repeated; // every value of each option, in order (--text A --text B)
  QStringList flags;             // subcommand options without a value, by long name
  bool help = false;             // --help given for this command

  QString value(const QString &name, const QString &fallback = {}) const { return values.value(name, fallback); }
  QStringList all(const QString &name) const { return repeated.value(name); }
  bool flag(const QString &name) const { return flags.contains(name); }
};

// Parses argv (without the program name). Errors are ErrorKind::Usage.
Result<Invocation> parseCommandLine(const QStringList &arguments);

// The whole --help text, or one subcommand's.
QString helpText(const QString &command = {});

QStringList subcommands();

} // namespace dragoman::cli
