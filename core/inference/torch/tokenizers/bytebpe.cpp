#include "core/inference/torch/tokenizers/bytebpe.h"

#include "core/inference/torch/tokenizers/bytebpeimpl.h"
#include "core/inference/torch/tokenizers/gpt2split.h"

#include <algorithm>

namespace dragoman::torchrt {

namespace {

// Merges one piece. Symbols live in a linked list indexed by the byte offset of their first byte;
// a heap holds candidate pairs ordered by (rank, offset), so the lowest-ranked pair merges first
// and the leftmost wins ties, in O(n log n) even for a piece of thousands of bytes (a long run of
// CJK text without punctuation is one piece). Candidates that went stale are recognised by the ids
// they were pushed with: a merged symbol always gets a longer token, hence a different id.
class PieceEncoder {
public:
  explicit PieceEncoder(const ByteBpeTokenizer::Impl &impl) : m_impl(impl) {}

  void encode(std::string_view piece, std::vector<int> &out) {
    if (piece.size() == 1) {
      out.push_back(m_impl.byteIds[static_cast<unsigned char>(piece[0])]);
      return;
    }
    if (m_impl.wholePieces) {
      if (const auto it = m_impl.plain.find(piece); it != m_impl.plain.end()) {
        out.push_back(it->second);
        return;
      }
    }
    const int n = static_cast<int>(piece.size());
    m_symbols.resize(piece.size());
    for (int i = 0; i < n; ++i)
      m_symbols[static_cast<std::size_t>(i)] = {
          m_impl.byteIds[static_cast<unsigned char>(piece[static_cast<std::size_t>(i)])], i - 1,
          i + 1 < n ? i + 1 : -1};
    m_heap.clear();
    for (int i = 0; i + 1 < n; ++i)
      consider(i);
    while (!m_heap.empty()) {
      std::pop_heap(m_heap.begin(), m_heap.end(), Later{});
      const Candidate c = m_heap.back();
      m_heap.pop_back();
      Symbol &left = at(c.left);
      if (left.id != c.leftId || left.next < 0 || at(left.next).id != c.rightId)
        continue; // stale
      Symbol &right = at(left.next);
      left.id = c.merged;
      left.next = right.next;
      if (right.next >= 0)
        at(right.next).prev = c.left;
      right.id = -1;
      if (left.prev >= 0)
        consider(left.prev);
      consider(c.left);
    }
    for (int i = 0; i >= 0; i = at(i).next)
      out.push_back(at(i).id);
  }

private:
  struct Symbol {
    int id;
    int prev;
    int next;
  };
  struct Candidate {
    std::uint32_t rank;
    int left;
    int leftId;
    int rightId;
    int merged;
  };
  struct Later {
    bool operator()(const Candidate &a, const Candidate &b) const {
      return a.rank != b.rank ? a.rank > b.rank : a.left > b.left;
    }
  };

  Symbol &at(int index) { return m_symbols[static_cast<std::size_t>(index)]; }

  void consider(int leftIndex) {
    const Symbol &left = at(leftIndex);
    if (left.next < 0)
      return;
    const int rightId = at(left.next).id;
    if (const MergeRule *rule = m_impl.pairs.find(left.id, rightId)) {
      m_heap.push_back({rule->rank, leftIndex, left.id, rightId, rule->merged});
      std::push_heap(m_heap.begin(), m_heap.end(), Later{});
    }
  }

  const ByteBpeTokenizer::Impl &m_impl;
  std::vector<Symbol> m_symbols;
  std::vector<Candidate> m_heap;
};

} // namespace

ByteBpeTokenizer::ByteBpeTokenizer() = default;

ByteBpeTokenizer::ByteBpeTokenizer(std::shared_ptr<const Impl> impl) : m_impl(std::move(impl)) {}

std::vector<int> ByteBpeTokenizer::encode(std::string_view utf8) const {
  std::vector<int> ids;
  if (!m_impl)
    return ids;
  ids.reserve(utf8.size() / 3 + 1);
  PieceEncoder encoder(*m_impl);
  gpt2Split(utf8, [&](std::string_view piece) { encoder.encode(piece, ids); });
  return ids;
}

std::string ByteBpeTokenizer::decode(const std::vector<int> &ids) const {
  std::string out;
  if (!m_impl)
    return out;
  for (const int id : ids)
    if (id >= 0 && static_cast<std::size_t>(id) < m_impl->text.size())
      out += m_impl->text[static_cast<std::size_t>(id)];
  return out;
}

std::string ByteBpeTokenizer::tokenBytes(int id) const {
  if (!m_impl || id < 0 || static_cast<std::size_t>(id) >= m_impl->text.size())
    return {};
  return m_impl->text[static_cast<std::size_t>(id)];
}

std::optional<int> ByteBpeTokenizer::tokenId(std::string_view token) const {
  if (!m_impl)
    return std::nullopt;
  if (const auto it = m_impl->special.find(token); it != m_impl->special.end())
    return it->second;
  if (const auto it = m_impl->plain.find(token); it != m_impl->plain.end())
    return it->second;
  return std::nullopt;
}

int ByteBpeTokenizer::vocabSize() const {
  return m_impl ? static_cast<int>(m_impl->text.size()) : 0;
}

bool ByteBpeTokenizer::isSpecial(int id) const {
  return m_impl && id >= 0 && static_cast<std::size_t>(id) < m_impl->kind.size() &&
         m_impl->kind[static_cast<std::size_t>(id)] == Impl::Special;
}

} // namespace dragoman::torchrt
