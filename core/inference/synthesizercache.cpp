#include "core/inference/synthesizercache.h"

#include <algorithm>
#include <atomic>

namespace dragoman {

struct SynthesizerCache::Entry {
  std::mutex busy; // held while the engine is created and while a request uses it
  std::unique_ptr<ISynthesizer> engine;
  std::atomic_bool ready{false}; // engine set (read without `busy`)
};

SynthesizerCache::Lease::Lease(std::shared_ptr<Entry> entry, std::unique_lock<std::mutex> lock)
    : m_entry(std::move(entry)), m_lock(std::move(lock)) {}

ISynthesizer &SynthesizerCache::Lease::engine() const { return *m_entry->engine; }

SynthesizerCache::SynthesizerCache(const EngineRegistry &registry, int capacity)
    : m_registry(registry), m_capacity(std::max(1, capacity)) {}

SynthesizerCache::~SynthesizerCache() = default;

QString SynthesizerCache::keyOf(const SynthParams &p) {
  return QStringList{p.engine, p.language, p.voice, QString::number(p.wordsPerMinute), p.model, p.runtime.device, p.runtime.dtype,
                     QString::number(p.runtime.threads), QString::number(p.seed), QString::number(p.speaker),
                     QString::number(p.rate), QString::number(p.volume), QString::number(p.pauseMs), QString::number(p.levelDb)}
      .join(QLatin1Char('\x1f'));
}

Result<SynthesizerCache::Lease> SynthesizerCache::acquire(const SynthParams &params) {
  const QString key = keyOf(params);
  std::shared_ptr<Entry> entry;
  {
    const std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end())
      it = m_entries.emplace(key, std::make_shared<Entry>()).first;
    entry = it->second;
    m_order.remove(key);
    m_order.push_front(key);
    // Beyond capacity, the least recently used go; a request holding one keeps it alive.
    while (static_cast<int>(m_order.size()) > m_capacity) {
      m_entries.erase(m_order.back());
      m_order.pop_back();
    }
  }
  std::unique_lock<std::mutex> busy(entry->busy);
  if (!entry->engine) {
    Result<std::unique_ptr<ISynthesizer>> made = m_registry.createSynthesizer(params);
    if (!made) {
      const std::lock_guard<std::mutex> lock(m_mutex);
      if (const auto it = m_entries.find(key); it != m_entries.end() && it->second == entry) {
        m_entries.erase(it); // not kept: the next request tries again
        m_order.remove(key);
      }
      return made.error();
    }
    entry->engine = std::move(made).value();
    entry->ready = true;
    {
      const std::lock_guard<std::mutex> lock(m_mutex);
      ++m_created;
    }
    if (m_onCreated)
      m_onCreated();
  }
  return Lease(std::move(entry), std::move(busy));
}

int SynthesizerCache::created() const {
  const std::lock_guard<std::mutex> lock(m_mutex);
  return m_created;
}

int SynthesizerCache::loaded() const {
  const std::lock_guard<std::mutex> lock(m_mutex);
  int n = 0;
  for (const auto &[key, entry] : m_entries)
    n += entry->ready.load() ? 1 : 0;
  return n;
}

} // namespace dragoman
