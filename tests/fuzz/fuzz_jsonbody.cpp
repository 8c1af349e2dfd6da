// JSON request bodies of the HTTP API (jsonbody.h): the body parsed as an object (invalid UTF-8,
// malformed JSON, another top level refused with a message), then the field checks the routes
// make: strings with lengths, string arrays, booleans, language codes, unknown fields.
#include "core/server/jsonbody.h"

#include <cstddef>
#include <cstdint>

using namespace dragoman;
using namespace dragoman::server;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
  const Result<QJsonObject> object = parseJsonObject(body, size % 2 == 0);
  if (!object) {
    if (object.error().message.isEmpty())
      __builtin_trap(); // every refusal says why
    return 0;
  }
  (void)requiredString(*object, QStringLiteral("text"), 1, 100000);
  (void)optionalString(*object, QStringLiteral("voice"), 200);
  (void)optionalBool(*object, QStringLiteral("stream"));
  (void)requiredStringArray(*object, QStringLiteral("texts"), 1, 64, 10000);
  (void)optionalLanguage(*object, QStringLiteral("source"));
  (void)optionalLanguage(*object, QStringLiteral("target"));
  (void)onlyKnownFields(*object, {QStringLiteral("text"), QStringLiteral("source"), QStringLiteral("target")});
  return 0;
}
