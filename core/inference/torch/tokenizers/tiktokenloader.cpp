// ByteBpeTokenizer::fromTiktoken: openai's .tiktoken vocabulary ("base64(token bytes) rank" per line).

#include "core/inference/torch/tokenizers/base64.h"
#include "core/inference/torch/tokenizers/bytebpe.h"
#include "core/inference/torch/tokenizers/bytebpeimpl.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace dragoman::torchrt {

namespace {

bool isBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// Splits a line into whitespace-separated fields (as Python's str.split() does for these files).
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && isBlank(line[i]))
      ++i;
    const std::size_t start = i;
    while (i < line.size() && !isBlank(line[i]))
      ++i;
    if (i > start)
      out.push_back(line.substr(start, i - start));
  }
  return out;
}

} // namespace

ByteBpeTokenizer ByteBpeTokenizer::fromTiktoken(const std::string &path, const std::vector<std::string> &specials) {
  const std::string content = readTokenizerFile(path);
  ByteBpeBuilder builder;
  int lastRank = -1;
  int lineNumber = 0;
  std::size_t pos = 0;
  while (pos < content.size()) {
    std::size_t end = content.find('\n', pos);
    if (end == std::string::npos)
      end = content.size();
    const std::string_view line(content.data() + pos, end - pos);
    pos = end + 1;
    ++lineNumber;
    const std::vector<std::string_view> parts = fields(line);
    if (parts.empty())
      continue;
    const std::string where = path + ":" + std::to_string(lineNumber);
    if (parts.size() != 2)
      throwCorrupt(where, "expected \"base64-token rank\", found " + quoteToken(line));
    const std::optional<std::string> bytes = decodeBase64(parts[0]);
    if (!bytes)
      throwCorrupt(where, "bad base64 " + quoteToken(parts[0]));
    int rank = -1;
    const auto [rankEnd, rankError] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), rank);
    if (rankError != std::errc() || rankEnd != parts[1].data() + parts[1].size() || rank < 0)
      throwCorrupt(where, "bad rank " + quoteToken(parts[1]));
    if (builder.used(rank))
      throwCorrupt(where, "rank " + std::to_string(rank) + " is given twice");
    if (const std::string error = builder.addPlain(rank, *bytes); !error.empty())
      throwCorrupt(where, error);
    lastRank = std::max(lastRank, rank);
  }
  if (lastRank < 0)
    throwCorrupt(path, "no tokens");

  int id = lastRank + 1;
  for (const std::string &special : specials)
    if (const std::string error = builder.addSpecial(id++, special); !error.empty())
      throwCorrupt(path + " (special tokens)", error);

  builder.deriveMergesFromRanks();
  builder.setWholePieces(true);
  std::shared_ptr<const Impl> impl;
  if (const std::string error = builder.finish(impl); !error.empty())
    throwCorrupt(path, error);
  return ByteBpeTokenizer(std::move(impl));
}

} // namespace dragoman::torchrt
