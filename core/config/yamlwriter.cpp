// toYaml() and writeDefault(): `config show` and `config init`. The text is written by hand from
// the schema (comments are not something yaml-cpp's emitter places well); Key::yamlScalar quotes
// what needs quoting, and the tests load the output back.

#include "core/common/logcategories.h"
#include "core/config/config.h"
#include "core/config/schema.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace dragoman::config {

namespace {

const QString kIndent = QStringLiteral("  ");

void appendComment(QString &out, const QString &indent, const QString &text) {
  out += indent + QStringLiteral("# ") + text + QLatin1Char('\n');
}

void appendKeyComments(QString &out, const Key &key) {
  appendComment(out, kIndent, key.description);
  QString facts;
  switch (key.type) {
  case KeyType::Int:
  case KeyType::Double:
    facts = QStringLiteral("Range: ") + key.allowedText() + QStringLiteral(". ");
    break;
  case KeyType::Enum:
    facts = QStringLiteral("One of: ") + key.allowedText() + QStringLiteral(". ");
    break;
  case KeyType::Bool:
    facts = QStringLiteral("Boolean: true or false. ");
    break;
  case KeyType::String:
  case KeyType::Path:
    break;
  }
  facts += QStringLiteral("Default: ") + key.yamlScalar(key.defaultValue()) + QStringLiteral(". Environment: ") +
           key.environmentVariable();
  appendComment(out, kIndent, facts);
}

} // namespace

QString toYaml(const Config &config, bool withComments) {
  QString out;
  if (withComments) {
    appendComment(out, {}, QStringLiteral("Dragoman configuration (YAML)."));
    appendComment(out, {},
                  QStringLiteral("Each setting is taken from, lowest first: the built-in default, this file,"));
    appendComment(out, {}, QStringLiteral("the environment variable DRAGOMAN_<SECTION>_<KEY>, the command line."));
    appendComment(out, {},
                  QStringLiteral("Delete a line to use its default; `dragoman config show` prints the result."));
  }
  for (const Section &section : schema::sections()) {
    if (withComments) {
      out += QLatin1Char('\n');
      appendComment(out, {}, section.description);
    }
    out += section.name + QStringLiteral(":\n");
    for (const Key &key : schema::keys()) {
      if (key.section != section.name)
        continue;
      if (withComments)
        appendKeyComments(out, key);
      out += kIndent + key.name + QStringLiteral(": ") + key.yamlScalar(key.get(config)) + QLatin1Char('\n');
    }
  }
  return out;
}

namespace {

Status writeYaml(const QString &path, const Config &config, bool overwrite) {
  if (path.isEmpty())
    return makeError(ErrorKind::Output, QStringLiteral("no path given for the configuration file"));
  const QFileInfo info(path);
  if (info.exists() && !overwrite)
    return makeError(ErrorKind::Output, QStringLiteral("%1: already exists; not overwriting it").arg(path));
  if (info.exists() && !info.isFile())
    return makeError(ErrorKind::Output, QStringLiteral("%1: exists and is not a file").arg(path));
  if (!QDir().mkpath(info.absolutePath()))
    return makeError(ErrorKind::Output, QStringLiteral("%1: cannot create folder %2").arg(path, info.absolutePath()));

  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return makeError(ErrorKind::Output, QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
  file.write(toYaml(config, true).toUtf8());
  if (!file.commit())
    return makeError(ErrorKind::Output, QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
  return Status::success();
}

} // namespace

Status writeDefault(const QString &path, bool overwrite) {
  if (Status s = writeYaml(path, Config{}, overwrite); !s)
    return s;
  qCInfo(lcConfig) << "wrote default configuration to" << path;
  return Status::success();
}

Status writeConfig(const QString &path, const Config &config) {
  if (Status s = validate(config); !s)
    return s;
  if (Status s = writeYaml(path, config, true); !s)
    return s;
  qCInfo(lcConfig) << "wrote the configuration to" << path;
  return Status::success();
}

} // namespace dragoman::config
