#pragma once
// SpscRing<T>: a lock-free ring buffer for exactly one producer thread and one consumer thread
// (DESIGN.md rule 5: the channel between the audio callback and its worker).
//
// - Capacity is rounded up to a power of two; storage is allocated once, in the constructor.
// - write() and writeAvailable() belong to the producer; read(), readAvailable() and clear()
//   belong to the consumer. capacity() may be called from anywhere.
// - No locks, no allocation and no system calls after construction: safe in a real-time callback
//   for trivially copyable T.
// - Head and tail are free-running counters (they wrap modulo 2^64); the producer publishes data
//   with a release store of the head, the consumer frees slots with a release store of the tail.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <memory>
#include <type_traits>

namespace dragoman {

template <typename T> class SpscRing {
  static_assert(std::is_trivially_copyable_v<T>, "SpscRing copies elements with plain assignment");

public:
  explicit SpscRing(std::size_t minCapacity)
      : m_capacity(roundUp(minCapacity)), m_mask(m_capacity - 1), m_buffer(std::make_unique<T[]>(m_capacity)) {}

  SpscRing(const SpscRing &) = delete;
  SpscRing &operator=(const SpscRing &) = delete;

  std::size_t capacity() const { return m_capacity; }

  // Producer: copies up to n elements; returns how many fitted.
  std::size_t write(const T *data, std::size_t n) {
    const std::size_t head = m_head.load(std::memory_order_relaxed);
    const std::size_t tail = m_tail.load(std::memory_order_acquire);
    const std::size_t count = std::min(n, m_capacity - (head - tail));
    const std::size_t start = head & m_mask;
    const std::size_t first = std::min(count, m_capacity - start);
    std::copy_n(data, first, m_buffer.get() + start);
    std::copy_n(data + first, count - first, m_buffer.get());
    m_head.store(head + count, std::memory_order_release);
    return count;
  }

  // Consumer: copies up to n elements into out; returns how many were read.
  std::size_t read(T *out, std::size_t n) {
    const std::size_t tail = m_tail.load(std::memory_order_relaxed);
    const std::size_t head = m_head.load(std::memory_order_acquire);
    const std::size_t count = std::min(n, head - tail);
    const std::size_t start = tail & m_mask;
    const std::size_t first = std::min(count, m_capacity - start);
    std::copy_n(m_buffer.get() + start, first, out);
    std::copy_n(m_buffer.get(), count - first, out + first);
    m_tail.store(tail + count, std::memory_order_release);
    return count;
  }

  // Consumer: drops up to n elements without copying them; returns how many were dropped.
  std::size_t skip(std::size_t n) {
    const std::size_t tail = m_tail.load(std::memory_order_relaxed);
    const std::size_t head = m_head.load(std::memory_order_acquire);
    const std::size_t count = std::min(n, head - tail);
    m_tail.store(tail + count, std::memory_order_release);
    return count;
  }

  // Consumer side: elements ready to read (a lower bound while the producer is writing).
  std::size_t readAvailable() const {
    const std::size_t tail = m_tail.load(std::memory_order_relaxed);
    return m_head.load(std::memory_order_acquire) - tail;
  }

  // Producer side: free slots (a lower bound while the consumer is reading).
  std::size_t writeAvailable() const {
    const std::size_t head = m_head.load(std::memory_order_relaxed);
    return m_capacity - (head - m_tail.load(std::memory_order_acquire));
  }

  // Consumer side only: drops everything written so far. Calling it from the producer races.
  void clear() { m_tail.store(m_head.load(std::memory_order_acquire), std::memory_order_release); }

private:
  static std::size_t roundUp(std::size_t n) {
    std::size_t c = 1;
    while (c < n)
      c <<= 1;
    return c;
  }

  // Head and tail on separate cache lines, so producer and consumer do not invalidate each other.
  // (std::hardware_destructive_interference_size makes GCC warn in headers: -Winterference-size.)
  static constexpr std::size_t kCacheLine = 64;

  const std::size_t m_capacity;
  const std::size_t m_mask;
  std::unique_ptr<T[]> m_buffer;
  alignas(kCacheLine) std::atomic<std::size_t> m_head{0}; // written by the producer
  alignas(kCacheLine) std::atomic<std::size_t> m_tail{0}; // written by the consumer
};

} // namespace dragoman
