#pragma once
// Internal to SentencePieceModel (sentencepiece.h): an immutable byte trie over the pieces of a
// vocabulary, for exact lookups and for every key that is a prefix of a text. Built once from the
// whole key set; the children of a node are contiguous and sorted by byte (about 16 bytes a node).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dragoman::torchrt::spm {

class PieceTrie {
public:
  PieceTrie() = default;
  // Keys must be distinct and non-empty; values are non-negative.
  explicit PieceTrie(std::vector<std::pair<std::string_view, int>> entries);

  bool empty() const { return m_nodes.size() <= 1; }

  // The value of `key`, or -1.
  int find(std::string_view key) const;

  // visit(lengthInBytes, value) for every key that is a prefix of `text`, shortest first.
  template <typename Visit> void forEachPrefix(std::string_view text, Visit &&visit) const {
    if (empty())
      return;
    std::uint32_t node = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      node = child(node, static_cast<unsigned char>(text[i]));
      if (node == kNone)
        return;
      if (m_nodes[node].value >= 0)
        visit(i + 1, m_nodes[node].value);
    }
  }

  // The length of the longest key that is a prefix of `text`, 0 if none.
  std::size_t longestPrefix(std::string_view text) const;

private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  struct Node {
    std::uint32_t firstChild = 0;
    std::uint32_t childCount = 0;
    std::int32_t value = -1;
  };
  std::uint32_t child(std::uint32_t node, unsigned char byte) const;

  std::vector<Node> m_nodes;           // node 0 is the root
  std::vector<unsigned char> m_labels; // the byte leading to each node
};

} // namespace dragoman::torchrt::spm
