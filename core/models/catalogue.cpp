#include "core/models/catalogue.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

namespace dragoman::models {
namespace {

Error bad(const QString &origin, const QString &what) {
  return makeError(ErrorKind::Config, QStringLiteral("model catalogue %1: %2").arg(origin, what));
}

QStringList strings(const QJsonValue &v) {
  QStringList out;
  for (const QJsonValue &item : v.toArray())
    if (item.isString())
      out << item.toString();
  return out;
}

bool isStringArray(const QJsonValue &v) {
  if (v.isUndefined())
    return true;
  if (!v.isArray())
    return false;
  for (const QJsonValue &item : v.toArray())
    if (!item.isString() || item.toString().isEmpty())
      return false;
  return true;
}

// A language field of an MT entry: absent, a non-empty string, or a non-empty list of them.
bool isLanguageField(const QJsonValue &v) {
  if (v.isUndefined())
    return true;
  if (v.isString())
    return !v.toString().isEmpty();
  return v.isArray() && !v.toArray().isEmpty() && isStringArray(v);
}

// codes: every code the field gives; returns the one-string form ("mul" for several).
QString languageField(const QJsonValue &v, QStringList &codes) {
  if (v.isString()) {
    codes = {v.toString()};
    return v.toString();
  }
  codes = strings(v);
  return codes.size() == 1 ? codes.first() : codes.isEmpty() ? QString() : QStringLiteral("mul");
}

// A file name inside the repository: relative, no "..", so it stays inside the model folder.
bool isSafeRepoPath(const QString &path) {
  if (path.isEmpty() || path.startsWith(QLatin1Char('/')) || path.contains(QLatin1Char('\\')))
    return false;
  for (const QString &part : path.split(QLatin1Char('/')))
    if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
      return false;
  return true;
}

Result<CatalogueEntry> parseEntry(const QJsonObject &o, const QJsonObject &fileSets, const QString &origin, int index) {
  CatalogueEntry e;
  e.raw = o;
  e.id = o.value(QStringLiteral("id")).toString();
  const QString where = e.id.isEmpty() ? QStringLiteral("model #%1").arg(index + 1) : QStringLiteral("'%1'").arg(e.id);
  if (!isValidModelId(e.id))
    return bad(origin, QStringLiteral("%1 has no valid \"id\" (letters, digits, '.', '-', '_')").arg(where));
  e.kind = o.value(QStringLiteral("kind")).toString();
  if (e.kind != QLatin1String("asr") && e.kind != QLatin1String("mt") && e.kind != QLatin1String("tts"))
    return bad(origin, QStringLiteral("%1 has kind '%2'; allowed: asr, mt, tts").arg(where, e.kind));
  e.engine = o.value(QStringLiteral("engine")).toString();
  e.repo = o.value(QStringLiteral("repo")).toString();
  const QStringList repoParts = e.repo.split(QLatin1Char('/'));
  if (repoParts.size() != 2 || !isSafeRepoPath(e.repo))
    return bad(origin, QStringLiteral("%1 has repo '%2'; expected owner/name").arg(where, e.repo));
  e.revision = o.value(QStringLiteral("revision")).toString(QStringLiteral("main"));
  if (e.revision.isEmpty())
    return bad(origin, QStringLiteral("%1 has an empty revision").arg(where));

  QJsonObject files = o;
  if (const QJsonValue set = o.value(QStringLiteral("file_set")); !set.isUndefined()) {
    if (!fileSets.contains(set.toString()))
      return bad(origin, QStringLiteral("%1 names file_set '%2', which is not defined").arg(where, set.toString()));
    files = fileSets.value(set.toString()).toObject();
  }
  for (const char *key : {"files", "optional_files"})
    if (!isStringArray(files.value(QLatin1String(key))))
      return bad(origin, QStringLiteral("%1: \"%2\" must be a list of file names").arg(where, QLatin1String(key)));
  e.files = strings(files.value(QStringLiteral("files")));
  e.optionalFiles = strings(files.value(QStringLiteral("optional_files")));
  if (const QJsonValue oneOf = files.value(QStringLiteral("one_of")); !oneOf.isUndefined()) {
    if (!oneOf.isArray())
      return bad(origin, QStringLiteral("%1: \"one_of\" must be a list of lists of file names").arg(where));
    for (const QJsonValue &group : oneOf.toArray()) {
      if (!group.isArray() || group.toArray().isEmpty() || !isStringArray(group))
        return bad(origin, QStringLiteral("%1: \"one_of\" must be a list of lists of file names").arg(where));
      e.oneOf << strings(group);
    }
  }
  if (e.files.isEmpty() && e.oneOf.isEmpty())
    return bad(origin, QStringLiteral("%1 lists no required files").arg(where));
  QStringList all = e.files + e.optionalFiles;
  for (const QStringList &group : std::as_const(e.oneOf))
    all += group;
  for (const QString &f : std::as_const(all))
    if (!isSafeRepoPath(f))
      return bad(origin, QStringLiteral("%1 lists the file '%2', which is not a relative path").arg(where, f));

  e.approxBytes = qint64(o.value(QStringLiteral("approx_bytes")).toDouble());
  e.description = o.value(QStringLiteral("description")).toString();
  e.languages = strings(o.value(QStringLiteral("languages")));
  for (const char *key : {"source_language", "target_language"})
    if (!isLanguageField(o.value(QLatin1String(key))))
      return bad(origin, QStringLiteral("%1: \"%2\" must be a language code, \"*\" or a list of codes")
                             .arg(where, QLatin1String(key)));
  e.sourceLanguage = languageField(o.value(QStringLiteral("source_language")), e.sourceLanguages);
  e.targetLanguage = languageField(o.value(QStringLiteral("target_language")), e.targetLanguages);
  if (const QJsonValue tokens = o.value(QStringLiteral("target_tokens")); tokens.isObject()) {
    const QJsonObject ids = tokens.toObject();
    for (auto it = ids.begin(); it != ids.end(); ++it) {
      if (it.key().isEmpty() || !it.value().isString() || it.value().toString().isEmpty())
        return bad(origin, QStringLiteral("%1: \"target_tokens\" maps '%2' to no token id").arg(where, it.key()));
      e.targetTokenIds.insert(it.key(), it.value().toString());
    }
    e.targetTokens = true;
  } else if (tokens.isBool() || tokens.isUndefined()) {
    e.targetTokens = tokens.toBool();
  } else {
    return bad(origin,
               QStringLiteral("%1: \"target_tokens\" must be true, false or an object of token ids").arg(where));
  }
  e.license = o.value(QStringLiteral("license")).toString();
  return e;
}

} // namespace

bool isValidModelId(const QString &id) {
  static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
  return id.size() <= 200 && pattern.match(id).hasMatch() && !id.contains(QLatin1String(".."));
}

Result<Catalogue> Catalogue::fromJson(const QByteArray &json, const QString &origin) {
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
  if (parseError.error != QJsonParseError::NoError)
    return bad(origin,
               QStringLiteral("invalid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString()));
  const QJsonObject root = doc.object();
  if (const int format = root.value(QStringLiteral("format")).toInt(1); format != 1)
    return bad(origin, QStringLiteral("format %1 is not supported (this version reads format 1)").arg(format));
  if (!root.value(QStringLiteral("models")).isArray())
    return bad(origin, QStringLiteral("no \"models\" list"));
  const QJsonObject fileSets = root.value(QStringLiteral("file_sets")).toObject();

  Catalogue catalogue;
  QSet<QString> seen;
  const QJsonArray list = root.value(QStringLiteral("models")).toArray();
  for (int i = 0; i < list.size(); ++i) {
    Result<CatalogueEntry> entry = parseEntry(list.at(i).toObject(), fileSets, origin, i);
    if (!entry)
      return entry.error();
    if (seen.contains(entry->id))
      return bad(origin, QStringLiteral("the id '%1' appears twice").arg(entry->id));
    seen.insert(entry->id);
    catalogue.m_entries << std::move(entry).value();
  }
  return catalogue;
}

Result<Catalogue> Catalogue::load(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return makeError(ErrorKind::Config,
                     QStringLiteral("cannot read the model catalogue %1: %2").arg(path, file.errorString()));
  return fromJson(file.readAll(), path);
}

Result<Catalogue> Catalogue::builtIn() {
  return load(QLatin1String(builtInPath));
}

const CatalogueEntry *Catalogue::find(const QString &id) const {
  for (const CatalogueEntry &e : m_entries)
    if (e.id == id)
      return &e;
  return nullptr;
}

QStringList Catalogue::ids() const {
  QStringList out;
  for (const CatalogueEntry &e : m_entries)
    out << e.id;
  return out;
}

Result<CatalogueEntry> Catalogue::require(const QString &id) const {
  if (const CatalogueEntry *e = find(id))
    return *e;
  return makeError(ErrorKind::Usage, QStringLiteral("unknown model '%1'; known models: %2 (see dragoman models list)")
                                         .arg(id, ids().join(QStringLiteral(", "))));
}

} // namespace dragoman::models
