#pragma once
// Text translation for the HTTP API, with dynamic batching and a cache.
//
// Requests arrive one by one on the server's thread. Texts that are not cached join a queue per
// language pair. While the translation thread is busy the queue grows; as soon as it is free it
// takes everything queued for the oldest pair (up to maxBatch texts, identical texts once) and
// translates it with one ITranslator::translateBatch() call. Under load, batches grow by
// themselves; an idle service answers a lone request without waiting (windowMs, default 0, can
// hold the first text a little to gather company). Engines are created on the translation thread,
// one per pair, on first use, and kept.

#include "core/common/result.h"
#include "core/inference/engines.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

namespace dragoman::telemetry {
class MetricsRegistry;
}

namespace dragoman {
class ThreadHost;
}

namespace dragoman::server {

struct TranslationOptions {
  int maxBatch = 32;          // texts per engine call; 1: no batching
  int windowMs = 0;           // an idle service waits this long for more texts
  int cacheEntries = 4096;    // least recently used translations kept; 0: no cache
  int maxQueuedTexts = 2048;  // beyond this, requests are refused (503) instead of queued
};

struct TranslationRequest {
  QStringList texts;
  QString source;
  QString target;
};

struct TranslationAnswer {
  QStringList translations;
  QList<bool> cached;
  int batchSize = 0; // the largest engine call this request's texts were part of; 0: all cached
  QString engine;
  double elapsedMs = 0;
};

struct TranslationStats {
  quint64 requests = 0;
  quint64 batches = 0;
  quint64 cacheHits = 0;
  qsizetype cacheEntries = 0;
  qsizetype queued = 0;
};

using TranslatorFactory =
    std::function<Result<std::unique_ptr<ITranslator>>(const QString &source, const QString &target)>;

class TranslationService : public QObject {
  Q_OBJECT
public:
  TranslationService(ThreadHost &threads, TranslatorFactory factory, TranslationOptions options, telemetry::MetricsRegistry &metrics,
                     QObject *parent = nullptr);
  ~TranslationService() override; // aborts the engine call in progress and joins the thread

  // On this object's thread; done() is called on it too, once.
  void submit(TranslationRequest request, std::function<void(Result<TranslationAnswer>)> done);
  TranslationStats stats() const;

private:
  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::server
