#pragma once
// Synthesizers kept loaded between requests (the HTTP API's /speak and transcriptions with speech):
// one engine per distinct SynthParams, created on first use by the thread that asks, then shared.
// An engine serves one request at a time (a lease holds its lock); the least recently used beyond
// `capacity` is dropped once no request holds it. Thread-safe.

#include "core/inference/engineregistry.h"

#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>

namespace dragoman {

class SynthesizerCache {
public:
  SynthesizerCache(const EngineRegistry &registry, int capacity = 3);
  ~SynthesizerCache();
  SynthesizerCache(const SynthesizerCache &) = delete;
  SynthesizerCache &operator=(const SynthesizerCache &) = delete;

  struct Entry;
  // The engine for `params`, locked for the caller until the lease ends. Creating it may take a
  // while (a model loads); requests for the same params wait for it, others do not.
  class Lease {
  public:
    Lease(std::shared_ptr<Entry> entry, std::unique_lock<std::mutex> lock);
    ISynthesizer &engine() const;

  private:
    std::shared_ptr<Entry> m_entry;
    std::unique_lock<std::mutex> m_lock;
  };
  Result<Lease> acquire(const SynthParams &params);

  // Called (on the creating thread) after each engine is created; set before the first acquire().
  void setOnCreated(std::function<void()> onCreated) { m_onCreated = std::move(onCreated); }
  int created() const;  // engines created so far
  int loaded() const;   // engines held now

  static QString keyOf(const SynthParams &params);

private:
  const EngineRegistry &m_registry;
  int m_capacity;
  mutable std::mutex m_mutex;
  std::map<QString, std::shared_ptr<Entry>> m_entries;
  std::list<QString> m_order; // most recently used first
  int m_created = 0;
  std::function<void()> m_onCreated;
};

} // namespace dragoman
