// HTTP request heads as the request gate reads them from the network (HttpHeadReader, then
// parseHttpHead): the input is a byte stream of pipelined requests; the first byte picks small or
// default limits. Every head read is fed on from where the last ended, as a connection does (a
// body's bytes are read as the next head: the reader must refuse or accept them cleanly too).
#include "core/server/httphead.h"

#include <cstddef>
#include <cstdint>

using namespace dragoman::server;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  if (size == 0)
    return 0;
  HttpHeadReader::Limits limits;
  if (data[0] & 1)
    limits = HttpHeadReader::Limits{64, 16, 4};
  HttpHeadReader reader(limits);
  for (std::size_t i = 1; i < size; ++i) {
    const HttpHeadReader::Step step = reader.feed(static_cast<char>(data[i]));
    if (reader.taken() > limits.maxHeaderBytes + 1)
      __builtin_trap(); // it holds at most the limit and the byte that passed it
    if (step == HttpHeadReader::Step::Complete) {
      const HttpHead &head = reader.head();
      if (head.contentLength < 0 || head.method.isEmpty() || head.method.size() > kMaxMethodBytes)
        __builtin_trap();
      reader.reset();
    } else if (step == HttpHeadReader::Step::Refused) {
      const int status = reader.refusal().status;
      if (status < 400 || status > 505 || reader.refusal().message.isEmpty())
        __builtin_trap();
      reader.reset();
    }
  }
  return 0;
}
