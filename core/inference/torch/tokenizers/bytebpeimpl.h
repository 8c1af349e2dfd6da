#pragma once
// Internal to core/inference/torch/tokenizers: the tables behind ByteBpeTokenizer and the builder
// the loaders fill them with. Not part of the public API.

#include "core/inference/torch/tokenizers/bytebpe.h"

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dragoman::torchrt {

struct MergeRule {
  std::uint32_t rank = 0; // lower merges first
  int merged = -1;        // the id the pair becomes
};

// (left id, right id) -> MergeRule, open addressing: this lookup is the inner loop of encode().
class PairTable {
public:
  // Keeps the first rule for a pair; returns false when the pair was already there.
  bool insert(int left, int right, MergeRule rule);
  const MergeRule *find(int left, int right) const;
  std::size_t size() const { return m_size; }

private:
  static std::uint64_t key(int left, int right) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right);
  }
  std::size_t slot(std::uint64_t key) const;
  void grow();

  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  // Key and rule side by side: one cache line per probe (the table is larger than the caches).
  struct Slot {
    std::uint64_t key = kEmpty;
    MergeRule rule;
  };
  std::vector<Slot> m_slots;
  std::size_t m_size = 0;
  int m_shift = 64;
};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringIdMap = std::unordered_map<std::string, int, StringHash, std::equal_to<>>;

struct ByteBpeTokenizer::Impl {
  enum Kind : std::uint8_t { None, Plain, Special };
  std::vector<std::string> text; // id -> token bytes (plain) or text (special); "" for unused ids
  std::vector<Kind> kind;
  StringIdMap plain;   // token bytes -> id
  StringIdMap special; // special token text -> id
  std::array<int, 256> byteIds{};
  PairTable pairs;
  // tiktoken takes a piece that is a token as a whole without merging (HF: model.ignore_merges).
  bool wholePieces = false;
};

// Collects tokens and merges for one loader. Methods return "" on success, else what is wrong, for
// the loader to prefix with the file and line or JSON path.
class ByteBpeBuilder {
public:
  ByteBpeBuilder();
  std::string addPlain(int id, std::string bytes);
  std::string addSpecial(int id, std::string text);
  const int *plainId(std::string_view bytes) const;
  bool used(int id) const;
  // A merge of two plain tokens into the plain token made of both; rank = order of the calls.
  std::string addMerge(int left, int right);
  // tiktoken: every split of every token into two tokens is a merge ranked by the whole token's id.
  void deriveMergesFromRanks();
  void setWholePieces(bool on) { m_impl->wholePieces = on; }
  // Final checks (every byte has a token); on success hands the tables over.
  std::string finish(std::shared_ptr<const ByteBpeTokenizer::Impl> &out);

private:
  std::string reserveId(int id);
  std::shared_ptr<ByteBpeTokenizer::Impl> m_impl;
  std::uint32_t m_nextRank = 0;
};

// Limits against files that would make us allocate without bound.
constexpr int kMaxTokenId = 16 * 1024 * 1024;

// "…" around a token for error messages, with control bytes escaped.
std::string quoteToken(std::string_view bytes);

// The whole file; throws ModelError NotFound when it does not exist, Corrupt when it cannot be read.
std::string readTokenizerFile(const std::string &path);

[[noreturn]] void throwCorrupt(const std::string &where, const std::string &what);
[[noreturn]] void throwUnsupported(const std::string &where, const std::string &what);

} // namespace dragoman::torchrt
