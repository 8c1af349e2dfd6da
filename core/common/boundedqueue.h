#pragma once
// A bounded multi-producer/multi-consumer queue between pipeline stages.
// push() blocks while the queue is full: that is the pipeline's back-pressure.
// close() lets consumers drain what is queued; cancel() drops it.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace dragoman {

template <typename T> class BoundedQueue {
public:
  explicit BoundedQueue(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {}

  // Waits for room. Returns false (and drops the item) when the queue was closed or cancelled.
  bool push(T item) {
    std::unique_lock lock(m_mutex);
    m_notFull.wait(lock, [&] { return m_items.size() < m_capacity || m_closed; });
    if (m_closed)
      return false;
    m_items.push_back(std::move(item));
    m_highWater = std::max(m_highWater, m_items.size());
    m_notEmpty.notify_one();
    return true;
  }

  // Never waits. Returns false when full or closed.
  bool tryPush(T item) {
    std::lock_guard lock(m_mutex);
    if (m_closed || m_items.size() >= m_capacity)
      return false;
    m_items.push_back(std::move(item));
    m_highWater = std::max(m_highWater, m_items.size());
    m_notEmpty.notify_one();
    return true;
  }

  // Waits for an item. Empty optional once the queue is closed and drained, or cancelled.
  std::optional<T> pop() {
    std::unique_lock lock(m_mutex);
    m_notEmpty.wait(lock, [&] { return !m_items.empty() || m_closed; });
    if (m_items.empty())
      return std::nullopt;
    T item = std::move(m_items.front());
    m_items.pop_front();
    m_notFull.notify_one();
    return item;
  }

  // No more pushes; consumers still get what is queued.
  void close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_notEmpty.notify_all();
    m_notFull.notify_all();
  }

  // No more pushes and nothing more to pop.
  void cancel() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_items.clear();
    m_notEmpty.notify_all();
    m_notFull.notify_all();
  }

  std::size_t size() const {
    std::lock_guard lock(m_mutex);
    return m_items.size();
  }
  std::size_t capacity() const { return m_capacity; }
  std::size_t highWater() const {
    std::lock_guard lock(m_mutex);
    return m_highWater;
  }
  bool isClosed() const {
    std::lock_guard lock(m_mutex);
    return m_closed;
  }

private:
  mutable std::mutex m_mutex;
  std::condition_variable m_notEmpty;
  std::condition_variable m_notFull;
  std::deque<T> m_items;
  const std::size_t m_capacity;
  std::size_t m_highWater = 0;
  bool m_closed = false;
};

} // namespace dragoman
