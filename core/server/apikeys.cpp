#include "core/server/apikeys.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>

#include <array>
#include <cstring>

namespace dragoman::server {

namespace {

constexpr int kVersion = 1;
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QByteArray sha256Hex(const QByteArray &bytes) {
  return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// Compares every byte whatever the first difference, so that timing says nothing about a hash.
bool constantTimeEqual(const QByteArray &a, const QByteArray &b) {
  if (a.size() != b.size())
    return false;
  unsigned diff = 0;
  for (qsizetype i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned>(static_cast<uchar>(a[i]) ^ static_cast<uchar>(b[i]));
  return diff == 0;
}

bool isLowerHex(const QByteArray &s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

QDateTime nowUtc() {
  return QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
}

QString isoUtc(const QDateTime &t) {
  return t.toUTC().toString(Qt::ISODate);
}

std::optional<QDateTime> parseTime(const QJsonValue &v) {
  const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODate);
  if (!v.isString() || !t.isValid())
    return std::nullopt;
  return t.toUTC();
}

struct FileRead {
  bool exists = false;
  QByteArray bytes;
};

Result<FileRead> readFile(const QString &path) {
  QFile file(path);
  if (!file.exists())
    return FileRead{};
  if (!file.open(QIODevice::ReadOnly))
    return makeError(ErrorKind::Input,
                     QStringLiteral("the API key file %1 cannot be read: %2").arg(path, file.errorString()));
  return FileRead{true, file.readAll()};
}

Result<QList<ApiKey>> parse(const QString &path, const QByteArray &bytes) {
  auto corrupt = [&path](const QString &problem) {
    return makeError(ErrorKind::Input,
                     QStringLiteral("the API key file %1 is corrupt: %2 (fix it, or delete it and add "
                                    "the keys again)")
                         .arg(path, problem));
  };
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
  if (error.error != QJsonParseError::NoError)
    return corrupt(QStringLiteral("%1 at byte %2").arg(error.errorString()).arg(error.offset));
  const QJsonObject root = doc.object();
  if (!doc.isObject() || !root.value(QStringLiteral("keys")).isArray())
    return corrupt(QStringLiteral("expected an object with \"version\" and a \"keys\" array"));
  const int version = root.value(QStringLiteral("version")).toInt(-1);
  if (version != kVersion)
    return corrupt(
        QStringLiteral("version %1 is not version %2, the one this Dragoman reads").arg(version).arg(kVersion));
  QList<ApiKey> keys;
  const QJsonArray array = root.value(QStringLiteral("keys")).toArray();
  for (qsizetype i = 0; i < array.size(); ++i) {
    const QJsonObject o = array.at(i).toObject();
    ApiKey k;
    k.id = o.value(QStringLiteral("id")).toString();
    k.name = o.value(QStringLiteral("name")).toString();
    k.sha256Hex = o.value(QStringLiteral("sha256")).toString().toLatin1();
    const std::optional<QDateTime> created = parseTime(o.value(QStringLiteral("created")));
    const QJsonValue revoked = o.value(QStringLiteral("revoked"));
    const QString which = QStringLiteral("key %1").arg(i + 1);
    if (!array.at(i).isObject() || k.id.isEmpty())
      return corrupt(QStringLiteral("%1 has no \"id\"").arg(which));
    if (std::any_of(keys.cbegin(), keys.cend(), [&k](const ApiKey &other) { return other.id == k.id; }))
      return corrupt(QStringLiteral("id %1 appears twice").arg(k.id));
    if (k.sha256Hex.size() != 64 || !isLowerHex(k.sha256Hex))
      return corrupt(QStringLiteral("%1 (%2) has no valid \"sha256\" (64 lowercase hex digits)").arg(which, k.id));
    if (!created)
      return corrupt(QStringLiteral("%1 (%2) has no valid \"created\" time").arg(which, k.id));
    k.created = *created;
    if (!revoked.isNull() && !revoked.isUndefined()) {
      k.revoked = parseTime(revoked);
      if (!k.revoked)
        return corrupt(QStringLiteral("%1 (%2) has an invalid \"revoked\" time").arg(which, k.id));
    }
    keys.append(k);
  }
  return keys;
}

Result<QList<ApiKey>> readKeys(const QString &path) {
  Result<FileRead> read = readFile(path);
  if (!read)
    return read.error();
  if (!read->exists)
    return QList<ApiKey>{};
  return parse(path, read->bytes);
}

QString newId(const QList<ApiKey> &keys) {
  for (;;) {
    const QString id = QStringLiteral("k_") +
                       QString::number(QRandomGenerator::system()->generate(), 16).rightJustified(8, QLatin1Char('0'));
    if (std::none_of(keys.cbegin(), keys.cend(), [&id](const ApiKey &k) { return k.id == id; }))
      return id;
  }
}

QString newSecret() {
  std::array<quint32, 8> words{};
  QRandomGenerator::system()->fillRange(words.data(), words.size());
  QByteArray bytes(sizeof(words), Qt::Uninitialized);
  std::memcpy(bytes.data(), words.data(), sizeof(words));
  return QStringLiteral("dgm_") +
         QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

ApiKeyStore::ApiKeyStore(QString filePath) : m_path(std::move(filePath)) {}

Result<NewApiKey> ApiKeyStore::add(const QString &name) {
  const QString trimmed = name.trimmed();
  if (trimmed.isEmpty() || trimmed.size() > kMaxNameLength)
    return makeError(
        ErrorKind::Input,
        QStringLiteral("an API key needs a name (what it is for) of 1 to %1 characters").arg(kMaxNameLength));
  if (std::any_of(trimmed.cbegin(), trimmed.cend(), [](QChar c) {
        return c.category() == QChar::Other_Control || c.category() == QChar::Separator_Line ||
               c.category() == QChar::Separator_Paragraph;
      }))
    return makeError(ErrorKind::Input, QStringLiteral("an API key name must not contain control characters"));
  Result<QList<ApiKey>> keys = readKeys(m_path); // a corrupt file is reported, never overwritten
  if (!keys)
    return keys.error();
  NewApiKey made;
  made.secret = newSecret();
  made.key = ApiKey{newId(*keys), trimmed, sha256Hex(made.secret.toUtf8()), nowUtc()};
  keys->append(made.key);
  if (Status s = write(*keys); !s.ok())
    return s.error();
  return made;
}

Result<QList<ApiKey>> ApiKeyStore::list() const {
  return readKeys(m_path);
}

Result<ApiKey> ApiKeyStore::revoke(const QString &id) {
  Result<QList<ApiKey>> keys = readKeys(m_path);
  if (!keys)
    return keys.error();
  for (ApiKey &k : *keys) {
    if (k.id != id)
      continue;
    if (!k.active())
      return k;
    k.revoked = nowUtc();
    if (Status s = write(*keys); !s.ok())
      return s.error();
    return k;
  }
  QStringList known;
  for (const ApiKey &k : std::as_const(*keys))
    known.append(k.id);
  if (known.isEmpty())
    return makeError(ErrorKind::Input, QStringLiteral("there is no API key %1: %2 has no keys").arg(id, m_path));
  return makeError(
      ErrorKind::Input,
      QStringLiteral("there is no API key %1; the known keys are %2").arg(id, known.join(QStringLiteral(", "))));
}

Status ApiKeyStore::write(const QList<ApiKey> &keys) {
  auto failed = [this](const QString &why) {
    return makeError(ErrorKind::Output, QStringLiteral("cannot write the API key file %1: %2").arg(m_path, why));
  };
  const QFileInfo info(m_path);
  if (!info.dir().exists()) {
    if (!QDir().mkpath(info.absolutePath()))
      return failed(QStringLiteral("cannot create the folder %1").arg(info.absolutePath()));
    QFile::setPermissions(info.absolutePath(), kOwnerOnly | QFileDevice::ExeOwner);
  }
  QJsonArray array;
  for (const ApiKey &k : keys)
    array.append(QJsonObject{{QStringLiteral("id"), k.id},
                             {QStringLiteral("name"), k.name},
                             {QStringLiteral("sha256"), QString::fromLatin1(k.sha256Hex)},
                             {QStringLiteral("created"), isoUtc(k.created)},
                             {QStringLiteral("revoked"), k.revoked ? QJsonValue(isoUtc(*k.revoked)) : QJsonValue()}});
  const QJsonObject root{{QStringLiteral("version"), kVersion}, {QStringLiteral("keys"), array}};
  QSaveFile file(m_path);
  if (!file.open(QIODevice::WriteOnly))
    return failed(file.errorString());
  file.setPermissions(kOwnerOnly); // the temporary file, before anything is in it
  file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
  if (!file.commit())
    return failed(file.errorString());
  if (!QFile::setPermissions(m_path, kOwnerOnly))
    return failed(QStringLiteral("cannot make it readable by its owner only"));
  return {};
}

ApiKeyStore::Stamp ApiKeyStore::stamp() const {
  const QFileInfo info(m_path);
  if (!info.exists())
    return {};
  return {true, info.size(), info.lastModified().toMSecsSinceEpoch(), info.metadataChangeTime().toMSecsSinceEpoch()};
}

Status ApiKeyStore::load() {
  const Stamp now = stamp(); // before reading: a change during the read is seen next time
  Result<FileRead> read = readFile(m_path);
  if (!read) {
    remember(now, QByteArrayLiteral("unreadable"));
    m_keys.clear();
    return read.error();
  }
  return loadBytes(now, read->bytes, read->exists);
}

Status ApiKeyStore::loadBytes(const Stamp &stamp, const QByteArray &bytes, bool exists) {
  remember(stamp, exists ? sha256Hex(bytes) : QByteArrayLiteral("missing"));
  m_keys.clear();
  if (!exists)
    return {};
  Result<QList<ApiKey>> keys = parse(m_path, bytes);
  if (!keys)
    return keys.error(); // no key verifies until the file is fixed
  m_keys = *keys;
  return {};
}

void ApiKeyStore::remember(const Stamp &stamp, const QByteArray &contentHash) {
  m_loaded = true;
  m_stamp = stamp;
  m_stampTakenMs = QDateTime::currentMSecsSinceEpoch();
  m_contentHash = contentHash;
}

// A stat is enough while the file's times are older than kRacyMs when they were taken: any later
// write moves the size, the modification or the inode-change time. A file written just before
// (within a file system's timestamp granularity) might be rewritten with the same size and the
// same times, so until its times have aged the bytes are compared too, as git does for its index.
// A changed stamp over identical bytes (a touch) does not count as a reload.
bool ApiKeyStore::reloadIfChanged() {
  const Stamp now = stamp();
  const bool racy = now.exists && m_stampTakenMs - std::max(m_stamp.modifiedMs, m_stamp.changedMs) < kRacyMs;
  if (m_loaded && now == m_stamp && !racy)
    return false;
  Result<FileRead> read = readFile(m_path);
  if (!read) {
    (void)load();
    return true;
  }
  if (m_loaded && (read->exists ? sha256Hex(read->bytes) : QByteArrayLiteral("missing")) == m_contentHash) {
    remember(now, m_contentHash);
    return false;
  }
  (void)loadBytes(now, read->bytes, read->exists);
  return true;
}

bool ApiKeyStore::anyActive() const {
  return std::any_of(m_keys.cbegin(), m_keys.cend(), [](const ApiKey &k) { return k.active(); });
}

std::optional<ApiKey> ApiKeyStore::verify(QStringView secret) const {
  if (secret.isEmpty())
    return std::nullopt;
  const QByteArray hash = sha256Hex(secret.toUtf8());
  std::optional<ApiKey> found;
  for (const ApiKey &k : m_keys) // no early exit: the time taken does not depend on which key matched
    if (constantTimeEqual(hash, k.sha256Hex) && k.active())
      found = k;
  return found;
}

} // namespace dragoman::server
