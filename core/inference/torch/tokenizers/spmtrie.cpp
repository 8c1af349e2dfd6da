#include "core/inference/torch/tokenizers/spmtrie.h"

#include <algorithm>
#include <deque>

namespace dragoman::torchrt::spm {

PieceTrie::PieceTrie(std::vector<std::pair<std::string_view, int>> entries) {
  std::sort(entries.begin(), entries.end()); // string_view compares bytes as unsigned
  m_nodes.emplace_back();
  m_labels.push_back(0);

  // Breadth first, so that the children of a node are allocated together. A task is a node, the
  // range of keys below it and its depth; the key equal to the node's path, if any, sorts first.
  struct Task {
    std::uint32_t node;
    std::size_t begin;
    std::size_t end;
    std::size_t depth;
  };
  std::deque<Task> tasks{{0, 0, entries.size(), 0}};
  while (!tasks.empty()) {
    Task task = tasks.front();
    tasks.pop_front();
    if (task.begin < task.end && entries[task.begin].first.size() == task.depth) {
      m_nodes[task.node].value = entries[task.begin].second;
      ++task.begin;
    }
    if (task.begin == task.end)
      continue;
    m_nodes[task.node].firstChild = static_cast<std::uint32_t>(m_nodes.size());
    std::size_t group = task.begin;
    while (group < task.end) {
      const char byte = entries[group].first[task.depth];
      std::size_t next = group + 1;
      while (next < task.end && entries[next].first[task.depth] == byte)
        ++next;
      const auto node = static_cast<std::uint32_t>(m_nodes.size());
      m_nodes.emplace_back();
      m_labels.push_back(static_cast<unsigned char>(byte));
      ++m_nodes[task.node].childCount;
      tasks.push_back({node, group, next, task.depth + 1});
      group = next;
    }
  }
}

std::uint32_t PieceTrie::child(std::uint32_t node, unsigned char byte) const {
  const Node &parent = m_nodes[node];
  const auto first = m_labels.begin() + parent.firstChild;
  const auto last = first + parent.childCount;
  const auto it = std::lower_bound(first, last, byte);
  return it != last && *it == byte ? static_cast<std::uint32_t>(it - m_labels.begin()) : kNone;
}

int PieceTrie::find(std::string_view key) const {
  if (empty() || key.empty())
    return -1;
  std::uint32_t node = 0;
  for (const char c : key) {
    node = child(node, static_cast<unsigned char>(c));
    if (node == kNone)
      return -1;
  }
  return m_nodes[node].value;
}

std::size_t PieceTrie::longestPrefix(std::string_view text) const {
  std::size_t longest = 0;
  forEachPrefix(text, [&](std::size_t length, int) { longest = length; });
  return longest;
}

} // namespace dragoman::torchrt::spm
