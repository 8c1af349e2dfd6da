// dragoman-model.json, the manifest written beside each downloaded model and read back to check
// it (files, sizes, sha256, revision, time): a manifest that reads writes back to JSON that reads
// the same.
#include "core/models/manifest.h"

#include <QJsonDocument>

#include <cstddef>
#include <cstdint>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const QByteArray json = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
  const Result<models::Manifest> manifest = models::Manifest::fromJson(json, QStringLiteral("dragoman-model.json"));
  if (!manifest) {
    if (manifest.error().message.isEmpty())
      __builtin_trap();
    return 0;
  }
  (void)manifest->totalBytes();
  const QByteArray again = QJsonDocument(manifest->toJson()).toJson();
  const Result<models::Manifest> reread = models::Manifest::fromJson(again, QStringLiteral("again"));
  if (!reread || reread->files != manifest->files || reread->id != manifest->id)
    __builtin_trap();
  return 0;
}
