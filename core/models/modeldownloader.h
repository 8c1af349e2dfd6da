#pragma once
// Downloads one catalogue entry into <models dir>/<id>/ from a Hugging Face-compatible endpoint.
//
// Each file streams into "<file>.part" while it is hashed; a .part left by an earlier run is
// hashed and resumed with "Range: bytes=N-" (206), or started over when the server ignores the
// range (200). A file is renamed into place only once its size and hash match the listing; a
// mismatch deletes the .part. dragoman-model.json is written last, so a folder without it is
// never taken for an installed model. Runs on the thread that owns it, driven by its event loop:
// the headless command spins a local QEventLoop until finished().

#include "core/common/result.h"
#include "core/models/catalogue.h"
#include "core/models/hubapi.h"
#include "core/models/manifest.h"

#include <QFile>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace dragoman::models {

struct DownloadOptions {
  QString endpoint = QStringLiteral("https://huggingface.co");
  QString modelsDir;          // the model goes into modelsDir/<id>
  int retries = 3;            // resumed attempts per file after a dropped connection, within one run
  int stallTimeoutMs = 30000; // a transfer that receives nothing for this long counts as dropped
};

struct DownloadProgress {
  QString file;       // the file being fetched
  int fileNumber = 0; // 1-based among fileCount
  int fileCount = 0;
  qint64 fileBytes = 0; // of this file on disk, resumed bytes included
  qint64 fileSize = 0;
  qint64 bytes = 0; // of the whole model on disk
  qint64 totalBytes = 0;
  qint64 fetchedBytes = 0; // received over the network during this run
};

enum class FileOutcome { Downloaded, Resumed, AlreadyPresent };

class ModelDownloader : public QObject {
  Q_OBJECT
public:
  ModelDownloader(CatalogueEntry entry, DownloadOptions options, QObject *parent = nullptr);
  ~ModelDownloader() override;

  // Begins on the next event-loop turn; finished() always follows exactly once.
  void start();
  // Stops now and keeps every .part for the next run; result() becomes ErrorKind::Cancelled.
  void cancel();

  bool isFinished() const { return m_finished; }
  const Status &result() const { return m_result; }
  const Manifest &manifest() const { return m_manifest; } // complete after success
  QString modelDir() const;
  qint64 fetchedBytes() const { return m_fetched; }

Q_SIGNALS:
  void listed(int fileCount, qint64 totalBytes);
  void progress(const dragoman::models::DownloadProgress &progress);
  void fileCompleted(const QString &name, qint64 size, dragoman::models::FileOutcome outcome);
  void finished();

private:
  void begin();
  void requestListing(const QUrl &url);
  void onListingFinished();
  Status planFiles();
  void nextFile();
  void beginFile();
  void requestFile();
  void onFileData();
  void onFileFinished();
  void startFileOver();
  bool retryOrFail(const QString &why);
  void completeFile();
  void emitProgress();
  void finish(Status status);
  void dropReply();
  QString finalPath(const RemoteFile &f) const;
  QString partPath(const RemoteFile &f) const { return finalPath(f) + QStringLiteral(".part"); }

  CatalogueEntry m_entry;
  DownloadOptions m_options;
  QUrl m_endpoint;
  QNetworkAccessManager *m_network = nullptr;
  QPointer<QNetworkReply> m_reply;
  QUrl m_requestUrl;
  QStringList m_folders; // repository folders still to list (the entry's files may lie in several)

  QList<RemoteFile> m_listing;
  QList<RemoteFile> m_plan;
  Manifest m_manifest;
  qint64 m_totalBytes = 0;
  qint64 m_doneBytes = 0; // completed files
  qint64 m_fetched = 0;

  // The file in progress.
  int m_index = 0;
  QFile m_part;
  std::optional<FileDigest> m_digest;
  qint64 m_fileBytes = 0;
  qint64 m_requestOffset = 0;
  qint64 m_resumedFrom = 0;
  int m_attempts = 0;
  bool m_responseChecked = false;
  bool m_rangeIgnored = false;
  bool m_rangeRefusedOnce = false;

  bool m_cancelled = false;
  bool m_finished = false;
  Status m_result;
};

} // namespace dragoman::models
