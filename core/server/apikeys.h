#pragma once
// API keys for the HTTP server, kept hashed in a JSON file:
//   {"version":1,"keys":[{"id":"k_3f9a1c2e","name":"obs overlay","sha256":"<hex>",
//                         "created":"2026-11-23T19:00:00Z","revoked":null}]}
// A secret is "dgm_" + base64url of 32 random bytes; add() shows it once and only its SHA-256 is
// stored. A plain SHA-256 (not a slow password hash) is right here: the secrets are 256-bit
// random, so there is nothing to guess from a leaked hash, and verifying stays cheap per request.
// The file is written atomically (QSaveFile), mode 0600.
//
// The command line uses add/list/revoke, which read the file each time. The server uses the
// cached side: load() at start, reloadIfChanged() now and then (a cheap stat), verify() per
// request. A corrupt or unreadable file makes load() fail with a message naming the file; the
// cache then holds no key, so verify() accepts nothing and the server must refuse every request
// that needs a key (fail closed) until the file is fixed. A missing file means no keys.
// Not thread-safe; writers in two processes at once may lose one update.

#include "core/common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace dragoman::server {

struct ApiKey {
  QString id; // "k_" + 8 hex digits
  QString name;
  QByteArray sha256Hex; // of the secret's UTF-8 bytes, lowercase
  QDateTime created;    // UTC
  std::optional<QDateTime> revoked = std::nullopt;
  bool active() const { return !revoked.has_value(); }
};

struct NewApiKey {
  ApiKey key;
  QString secret; // shown to the user once; never stored
};

class ApiKeyStore {
public:
  static constexpr int kMaxNameLength = 100;

  explicit ApiKeyStore(QString filePath);
  QString filePath() const { return m_path; }

  Result<NewApiKey> add(const QString &name);
  Result<QList<ApiKey>> list() const;       // reads the file; a missing file is an empty list
  Result<ApiKey> revoke(const QString &id); // revoking a revoked key returns it unchanged

  // Server side, cached.
  Status load();          // (re)reads the file
  bool reloadIfChanged(); // re-reads when the file changed, appeared or disappeared; true if it did
                          // (then load() tells whether the new content is good)
  bool anyActive() const;
  // Any key in the file, revoked ones too: once a key was made the API stays closed, even when the
  // last one is revoked (removing the file opens it again).
  bool hasKeys() const { return !m_keys.isEmpty(); }
  std::optional<ApiKey> verify(QStringView secret) const; // the active key with this secret

private:
  struct Stamp {
    bool exists = false;
    qint64 size = -1;
    qint64 modifiedMs = 0;
    qint64 changedMs = 0; // inode change time: a rewrite restoring the old mtime still moves it
    bool operator==(const Stamp &) const = default;
  };
  static constexpr qint64 kRacyMs = 2000; // coarser than any file system's timestamps we expect

  Stamp stamp() const;
  Status write(const QList<ApiKey> &keys);
  Status loadBytes(const Stamp &stamp, const QByteArray &bytes, bool exists);
  void remember(const Stamp &stamp, const QByteArray &contentHash);

  QString m_path;
  QList<ApiKey> m_keys; // the cache
  bool m_loaded = false;
  Stamp m_stamp;
  qint64 m_stampTakenMs = 0;
  QByteArray m_contentHash; // of the bytes last read; "missing" or "unreadable" otherwise
};

} // namespace dragoman::server
