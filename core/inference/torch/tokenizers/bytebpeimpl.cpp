#include "core/inference/torch/tokenizers/bytebpeimpl.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/tokenizers/utf8.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dragoman::torchrt {

std::size_t PairTable::slot(std::uint64_t k) const {
  // Fibonacci hashing: the top bits of k * 2^64/phi spread consecutive ids well.
  return static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ull) >> m_shift);
}

void PairTable::grow() {
  const std::size_t capacity = m_slots.empty() ? 1024 : m_slots.size() * 2;
  std::vector<Slot> old(capacity);
  m_slots.swap(old);
  m_shift = 64;
  for (std::size_t c = capacity; c > 1; c >>= 1)
    --m_shift;
  const std::size_t mask = capacity - 1;
  for (const Slot &slotValue : old) {
    if (slotValue.key == kEmpty)
      continue;
    std::size_t s = slot(slotValue.key);
    while (m_slots[s].key != kEmpty)
      s = (s + 1) & mask;
    m_slots[s] = slotValue;
  }
}

bool PairTable::insert(int left, int right, MergeRule rule) {
  if ((m_size + 1) * 2 > m_slots.size()) // load factor at most 1/2
    grow();
  const std::uint64_t k = key(left, right);
  const std::size_t mask = m_slots.size() - 1;
  std::size_t s = slot(k);
  while (m_slots[s].key != kEmpty) {
    if (m_slots[s].key == k)
      return false;
    s = (s + 1) & mask;
  }
  m_slots[s] = {k, rule};
  ++m_size;
  return true;
}

const MergeRule *PairTable::find(int left, int right) const {
  if (m_slots.empty())
    return nullptr;
  const std::uint64_t k = key(left, right);
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t s = slot(k);; s = (s + 1) & mask) {
    if (m_slots[s].key == k)
      return &m_slots[s].rule;
    if (m_slots[s].key == kEmpty)
      return nullptr;
  }
}

std::string quoteToken(std::string_view bytes) {
  // Messages end up in logs and the UI: keep them valid UTF-8 and short.
  constexpr std::size_t kMaxShown = 80;
  std::string out = "'";
  std::size_t pos = 0;
  while (pos < bytes.size() && pos < kMaxShown) {
    const utf8::Step step = utf8::decode(bytes, pos);
    const auto byte = static_cast<unsigned char>(bytes[pos]);
    if (!step.valid || byte < 0x20 || byte == 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", byte);
      out += buffer;
      ++pos;
    } else {
      out.append(bytes.substr(pos, static_cast<std::size_t>(step.length)));
      pos += static_cast<std::size_t>(step.length);
    }
  }
  if (pos < bytes.size())
    out += "...";
  return out + "'";
}

std::string readTokenizerFile(const std::string &path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    throw ModelError(ErrorCode::NotFound, path + ": tokenizer file not found");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in.good() && !in.eof())
    throwCorrupt(path, "cannot be read");
  return std::move(content).str();
}

// Parser messages may quote raw bytes of a broken file: keep what we throw valid UTF-8.
void throwCorrupt(const std::string &where, const std::string &what) {
  throw ModelError(ErrorCode::Corrupt, utf8::sanitize(where + ": " + what));
}

void throwUnsupported(const std::string &where, const std::string &what) {
  throw ModelError(ErrorCode::Unsupported, utf8::sanitize(where + ": " + what));
}

ByteBpeBuilder::ByteBpeBuilder() : m_impl(std::make_shared<ByteBpeTokenizer::Impl>()) {
  m_impl->byteIds.fill(-1);
}

std::string ByteBpeBuilder::reserveId(int id) {
  if (id < 0 || id >= kMaxTokenId)
    return "token id " + std::to_string(id) + " is out of range";
  auto &impl = *m_impl;
  const auto index = static_cast<std::size_t>(id);
  if (index >= impl.text.size()) {
    impl.text.resize(index + 1);
    impl.kind.resize(index + 1, ByteBpeTokenizer::Impl::None);
  }
  return {};
}

std::string ByteBpeBuilder::addPlain(int id, std::string bytes) {
  if (std::string error = reserveId(id); !error.empty())
    return error;
  auto &impl = *m_impl;
  const auto index = static_cast<std::size_t>(id);
  if (impl.kind[index] != ByteBpeTokenizer::Impl::None)
    return "token id " + std::to_string(id) + " is given twice";
  // An empty token (openai's multilingual vocabulary has one) holds its id but can be neither
  // produced nor looked up.
  if (bytes.empty()) {
    impl.kind[index] = ByteBpeTokenizer::Impl::Plain;
    return {};
  }
  const auto [it, inserted] = impl.plain.emplace(bytes, id);
  if (!inserted)
    return "token " + quoteToken(bytes) + " is given twice (ids " + std::to_string(it->second) + " and " +
           std::to_string(id) + ")";
  if (bytes.size() == 1)
    impl.byteIds[static_cast<unsigned char>(bytes[0])] = id;
  impl.kind[index] = ByteBpeTokenizer::Impl::Plain;
  impl.text[index] = std::move(bytes);
  return {};
}

std::string ByteBpeBuilder::addSpecial(int id, std::string text) {
  if (text.empty())
    return "empty special token for id " + std::to_string(id);
  if (std::string error = reserveId(id); !error.empty())
    return error;
  auto &impl = *m_impl;
  const auto index = static_cast<std::size_t>(id);
  if (const auto it = impl.special.find(text); it != impl.special.end()) {
    if (it->second == id)
      return {}; // listed twice the same way: harmless
    return "special token " + quoteToken(text) + " has two ids (" + std::to_string(it->second) + " and " +
           std::to_string(id) + ")";
  }
  // Hugging Face lists <|endoftext|> both in the vocabulary and as an added token, with one id.
  if (impl.kind[index] != ByteBpeTokenizer::Impl::None && impl.text[index] != text)
    return "id " + std::to_string(id) + " is both " + quoteToken(impl.text[index]) + " and special token " +
           quoteToken(text);
  impl.special.emplace(text, id);
  impl.kind[index] = ByteBpeTokenizer::Impl::Special;
  impl.text[index] = std::move(text);
  return {};
}

const int *ByteBpeBuilder::plainId(std::string_view bytes) const {
  const auto it = m_impl->plain.find(bytes);
  return it == m_impl->plain.end() ? nullptr : &it->second;
}

bool ByteBpeBuilder::used(int id) const {
  return id >= 0 && static_cast<std::size_t>(id) < m_impl->kind.size() &&
         m_impl->kind[static_cast<std::size_t>(id)] != ByteBpeTokenizer::Impl::None;
}

std::string ByteBpeBuilder::addMerge(int left, int right) {
  const auto &impl = *m_impl;
  const std::string joined = impl.text[static_cast<std::size_t>(left)] + impl.text[static_cast<std::size_t>(right)];
  const int *merged = plainId(joined);
  if (merged == nullptr)
    return "the merge result " + quoteToken(joined) + " is not in the vocabulary";
  // A pair listed again keeps its first (lowest) rank, as the first line wins in Hugging Face's BPE.
  m_impl->pairs.insert(left, right, {m_nextRank++, *merged});
  return {};
}

void ByteBpeBuilder::deriveMergesFromRanks() {
  auto &impl = *m_impl;
  for (std::size_t id = 0; id < impl.text.size(); ++id) {
    if (impl.kind[id] != ByteBpeTokenizer::Impl::Plain)
      continue;
    const std::string_view token = impl.text[id];
    for (std::size_t split = 1; split < token.size(); ++split) {
      const int *left = plainId(token.substr(0, split));
      const int *right = left ? plainId(token.substr(split)) : nullptr;
      if (right != nullptr)
        impl.pairs.insert(*left, *right, {static_cast<std::uint32_t>(id), static_cast<int>(id)});
    }
  }
}

std::string ByteBpeBuilder::finish(std::shared_ptr<const ByteBpeTokenizer::Impl> &out) {
  for (int byte = 0; byte < 256; ++byte) {
    if (m_impl->byteIds[static_cast<std::size_t>(byte)] < 0) {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "no token for the single byte 0x%02X", byte);
      return buffer;
    }
  }
  out = std::move(m_impl);
  return {};
}

} // namespace dragoman::torchrt
