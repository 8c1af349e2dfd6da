// The only file that includes yaml-cpp (a private dependency of dragoman_config).

#include "core/common/logcategories.h"
#include "core/config/layers.h"
#include "core/config/schema.h"

#include <QFile>
#include <QSet>
#include <QStringDecoder>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <exception>
#include <optional>
#include <sstream>
#include <string>

namespace dragoman::config {

namespace {

class FileReader {
public:
  explicit FileReader(QString path) : m_path(std::move(path)) {}

  Result<QList<Assignment>> read();

private:
  Error fail(const YAML::Mark &mark, const QString &message) const {
    return fail(mark.is_null() ? 0 : mark.line + 1, message);
  }
  Error fail(int line, const QString &message) const {
    const QString where = line > 0 ? QStringLiteral("%1:%2").arg(m_path).arg(line) : m_path;
    return makeError(ErrorKind::Config, where + QStringLiteral(": ") + message);
  }
  static QString text(const YAML::Node &node) { return QString::fromStdString(node.Scalar()); }
  static QString kindName(const YAML::Node &node) {
    return node.IsSequence() ? QStringLiteral("a list") : QStringLiteral("a mapping");
  }

  std::optional<Error> readSection(const YAML::Node &name, const YAML::Node &body);
  std::optional<Error> readKey(const QString &section, const YAML::Node &name, const YAML::Node &value);

  QString m_path;
  QList<Assignment> m_assignments;
};

// The 1-based line of the first byte sequence that is not UTF-8, or 0 when all of it is.
int firstInvalidUtf8Line(const QByteArray &bytes) {
  // No multi-byte UTF-8 sequence contains '\n', so lines can be checked one by one.
  const QList<QByteArray> lines = bytes.split('\n');
  for (qsizetype i = 0; i < lines.size(); ++i) {
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(lines[i]);
    Q_UNUSED(decoded) // decoding happens in the conversion to QString
    if (decoder.hasError())
      return int(i + 1);
  }
  return 0;
}

// The 1-based line of the first line that is not blank, a comment, a document marker or a
// directive, or 0 when there is none.
int firstContentLine(const QByteArray &bytes) {
  const QList<QByteArray> lines = bytes.split('\n');
  for (qsizetype i = 0; i < lines.size(); ++i) {
    QByteArray line = lines[i].trimmed();
    if (i == 0 && line.startsWith("\xef\xbb\xbf"))
      line = line.mid(3).trimmed(); // byte order mark
    if (line.isEmpty() || line.startsWith('#') || line.startsWith('%') || line == "---" || line == "..." ||
        line == "~" || line.toLower() == "null")
      continue;
    return int(i + 1);
  }
  return 0;
}

// Notes whether a document holds anything and where its first node starts.
class ContentFinder final : public YAML::EventHandler {
public:
  std::optional<YAML::Mark> first;

  void OnDocumentStart(const YAML::Mark &) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override { note(mark); }
  void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t, const std::string &) override {
    note(mark);
  }
  void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    note(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {
    note(mark);
  }
  void OnMapEnd() override {}

private:
  void note(const YAML::Mark &mark) {
    if (!first)
      first = mark;
  }
};

// Where a second, non-empty document starts, if there is one. (YAML::LoadAll is not used: in
// yaml-cpp 0.7 it loops forever on some malformed input, e.g. a stray '}'.)
std::optional<YAML::Mark> secondDocument(const std::string &text) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  ContentFinder first;
  ContentFinder second;
  if (!parser.HandleNextDocument(first) || !parser.HandleNextDocument(second))
    return std::nullopt;
  return second.first;
}

Result<QList<Assignment>> FileReader::read() {
  QFile file(m_path);
  if (!file.open(QIODevice::ReadOnly))
    return fail(0, QStringLiteral("cannot read configuration file: %1").arg(file.errorString()));
  const QByteArray bytes = file.readAll();
  if (const int line = firstInvalidUtf8Line(bytes))
    return fail(line, QStringLiteral("the file is not valid UTF-8 text"));

  YAML::Node root;
  try {
    root = YAML::Load(bytes.toStdString());
    if (const std::optional<YAML::Mark> second = secondDocument(bytes.toStdString()))
      return fail(*second, QStringLiteral("the file holds more than one YAML document (---)"));
  } catch (const YAML::Exception &e) {
    return fail(e.mark, QStringLiteral("malformed YAML: %1").arg(QString::fromStdString(e.msg)));
  }

  try {
    if (root.IsNull()) {
      // Empty or only comments, unless yaml-cpp skipped text it could not read (it does, e.g. "}").
      if (const int line = firstContentLine(bytes))
        return fail(line, QStringLiteral("malformed YAML: expected a mapping of sections"));
      return m_assignments;
    }
    if (!root.IsMap())
      return fail(root.Mark(), QStringLiteral("the top level must be a mapping of sections (%1)")
                                   .arg(schema::sectionNames().join(QStringLiteral(", "))));
    QSet<QString> seen;
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it->first.IsScalar() && seen.contains(text(it->first)))
        return fail(it->first.Mark(), QStringLiteral("%1: section appears twice").arg(text(it->first)));
      if (it->first.IsScalar())
        seen.insert(text(it->first));
      if (std::optional<Error> error = readSection(it->first, it->second))
        return *error;
    }
  } catch (const YAML::Exception &e) {
    return fail(e.mark, QStringLiteral("unexpected YAML structure: %1").arg(QString::fromStdString(e.msg)));
  } catch (const std::exception &e) {
    return fail(0, QStringLiteral("cannot read configuration: %1").arg(QString::fromLocal8Bit(e.what())));
  }
  qCDebug(lcConfig) << "read" << m_assignments.size() << "settings from" << m_path;
  return m_assignments;
}

std::optional<Error> FileReader::readSection(const YAML::Node &name, const YAML::Node &body) {
  if (!name.IsScalar())
    return fail(name.Mark(), QStringLiteral("section names must be plain words, not %1").arg(kindName(name)));
  const QString section = text(name);
  if (!schema::hasSection(section))
    return fail(name.Mark(), schema::unknownSectionMessage(section));
  if (body.IsNull())
    return std::nullopt; // "audio:" with nothing under it
  if (!body.IsMap())
    return fail(body.Mark(), QStringLiteral("%1: expected a mapping of keys (%2)")
                                 .arg(section, schema::keyNames(section).join(QStringLiteral(", "))));
  QSet<QString> seen;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (!it->first.IsScalar())
      return fail(it->first.Mark(),
                  QStringLiteral("%1: key names must be plain words, not %2").arg(section, kindName(it->first)));
    const QString key = text(it->first);
    if (seen.contains(key))
      return fail(it->first.Mark(), QStringLiteral("%1.%2: key appears twice").arg(section, key));
    seen.insert(key);
    if (std::optional<Error> error = readKey(section, it->first, it->second))
      return error;
  }
  return std::nullopt;
}

std::optional<Error> FileReader::readKey(const QString &section, const YAML::Node &name, const YAML::Node &value) {
  const Key *key = schema::find(section, text(name));
  if (!key)
    return fail(name.Mark(), schema::unknownKeyMessage(section, text(name)));
  if (value.IsSequence() || value.IsMap())
    return fail(value.Mark(), QStringLiteral("%1: expected a single value, not %2").arg(key->path(), kindName(value)));
  const bool textual = key->type == KeyType::String || key->type == KeyType::Path;
  if (value.IsNull() && !textual) // "port:" with no value; for text it means ""
    return fail(name.Mark(), QStringLiteral("%1: missing value (%2)").arg(key->path(), key->allowedText()));
  Result<QVariant> parsed = key->parse(value.IsNull() ? QString() : text(value));
  if (!parsed)
    return fail(value.IsNull() ? name.Mark() : value.Mark(),
                key->path() + QStringLiteral(": ") + parsed.error().message);
  m_assignments.append(Assignment{key, std::move(parsed).value(), QStringLiteral("file")});
  return std::nullopt;
}

} // namespace

Result<QList<Assignment>> readFile(const QString &path) { return FileReader(path).read(); }

} // namespace dragoman::config
