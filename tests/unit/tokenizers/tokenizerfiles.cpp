#include "tests/unit/tokenizers/tokenizerfiles.h"

#include <QByteArray>
#include <QFile>
#include <QList>

#include <nlohmann/json.hpp>

#include <unordered_map>

namespace dragoman::test {

std::vector<std::string> readTiktokenRanks(const QString &path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return {};
  std::vector<std::string> ranks;
  for (const QByteArray &line : file.readAll().split('\n')) {
    const QList<QByteArray> parts = line.trimmed().split(' ');
    if (parts.size() != 2)
      continue;
    bool ok = false;
    const int rank = parts[1].toInt(&ok);
    if (!ok || rank < 0)
      return {};
    if (static_cast<std::size_t>(rank) >= ranks.size())
      ranks.resize(static_cast<std::size_t>(rank) + 1);
    ranks[static_cast<std::size_t>(rank)] = QByteArray::fromBase64(parts[0]).toStdString();
  }
  return ranks;
}

std::vector<std::pair<std::string, std::string>> recoverMerges(const std::vector<std::string> &ranks) {
  std::unordered_map<std::string, int> rankOf;
  for (std::size_t r = 0; r < ranks.size(); ++r)
    rankOf.emplace(ranks[r], static_cast<int>(r));
  std::vector<std::pair<std::string, std::string>> merges;
  for (std::size_t r = 0; r < ranks.size(); ++r) {
    const std::string &token = ranks[r];
    if (token.size() < 2)
      continue;
    std::vector<std::string> parts;
    for (const char c : token)
      parts.emplace_back(1, c);
    for (;;) {
      int best = -1;
      int bestRank = static_cast<int>(r);
      for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        const auto it = rankOf.find(parts[i] + parts[i + 1]);
        if (it != rankOf.end() && it->second < bestRank) {
          bestRank = it->second;
          best = static_cast<int>(i);
        }
      }
      if (best < 0)
        break;
      const auto at = static_cast<std::size_t>(best);
      parts[at] += parts[at + 1];
      parts.erase(parts.begin() + best + 1);
    }
    if (parts.size() != 2)
      return {};
    merges.emplace_back(parts[0], parts[1]);
  }
  return merges;
}

RankedVocab rankedVocabFromTiktoken(const QString &path, const std::vector<std::string> &specials) {
  RankedVocab vocab;
  vocab.tokens = readTiktokenRanks(path);
  vocab.merges = recoverMerges(vocab.tokens);
  if (vocab.merges.empty())
    return {};
  for (std::size_t i = 0; i < specials.size(); ++i)
    vocab.specials.emplace_back(specials[i], static_cast<int>(vocab.tokens.size() + i));
  return vocab;
}

std::string toByteLevel(std::string_view bytes) {
  // GPT-2's table: printable Latin-1 stands for itself, the other bytes take U+0100.. in order.
  static const std::vector<char32_t> table = [] {
    std::vector<char32_t> t(256);
    char32_t next = 0x100;
    for (unsigned b = 0; b < 256; ++b) {
      const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      t[b] = printable ? static_cast<char32_t>(b) : next++;
    }
    return t;
  }();
  QString out;
  for (const char c : bytes)
    out += QChar(static_cast<char16_t>(table[static_cast<unsigned char>(c)]));
  return out.toStdString();
}

namespace {

nlohmann::json vocabObject(const RankedVocab &vocab) {
  nlohmann::json object = nlohmann::json::object();
  for (std::size_t r = 0; r < vocab.tokens.size(); ++r)
    object[toByteLevel(vocab.tokens[r])] = r;
  if (!vocab.specials.empty()) // Hugging Face's Whisper vocab.json ends with <|endoftext|>
    object[vocab.specials.front().first] = vocab.specials.front().second;
  return object;
}

} // namespace

bool writeFile(const QString &path, std::string_view bytes) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) &&
         file.write(bytes.data(), static_cast<qint64>(bytes.size())) == static_cast<qint64>(bytes.size());
}

bool writeTokenizerJson(const QString &path, const RankedVocab &vocab, MergeStyle style) {
  nlohmann::json merges = nlohmann::json::array();
  for (const auto &[left, right] : vocab.merges) {
    if (style == MergeStyle::Strings)
      merges.push_back(toByteLevel(left) + " " + toByteLevel(right));
    else
      merges.push_back(nlohmann::json::array({toByteLevel(left), toByteLevel(right)}));
  }
  nlohmann::json added = nlohmann::json::array();
  for (const auto &[text, id] : vocab.specials)
    added.push_back({{"id", id},
                     {"content", text},
                     {"single_word", false},
                     {"lstrip", false},
                     {"rstrip", false},
                     {"normalized", false},
                     {"special", true}});
  const nlohmann::json root = {
      {"version", "1.0"},
      {"truncation", nullptr},
      {"padding", nullptr},
      {"added_tokens", added},
      {"normalizer", nullptr},
      {"pre_tokenizer",
       {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
      {"post_processor",
       {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", false}, {"use_regex", true}}},
      {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
      {"model",
       {{"type", "BPE"},
        {"dropout", nullptr},
        {"unk_token", nullptr},
        {"continuing_subword_prefix", ""},
        {"end_of_word_suffix", ""},
        {"fuse_unk", false},
        {"byte_fallback", false},
        {"ignore_merges", false},
        {"vocab", vocabObject(vocab)},
        {"merges", merges}}}};
  return writeFile(path, root.dump());
}

bool writeVocabMerges(const QString &dir, const RankedVocab &vocab) {
  std::string merges = "#version: 0.2\n";
  for (const auto &[left, right] : vocab.merges)
    merges += toByteLevel(left) + " " + toByteLevel(right) + "\n";
  nlohmann::json added = nlohmann::json::object();
  for (const auto &[text, id] : vocab.specials)
    added[text] = id;
  return writeFile(dir + QStringLiteral("/vocab.json"), vocabObject(vocab).dump()) &&
         writeFile(dir + QStringLiteral("/merges.txt"), merges) &&
         writeFile(dir + QStringLiteral("/added_tokens.json"), added.dump(2));
}

} // namespace dragoman::test
