#include "core/server/translationservice.h"
#include "core/common/threadaffinity.h"
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"

#include "core/telemetry/metrics/metricsregistry.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <list>
#include <map>
#include <unordered_map>

namespace dragoman::server {

namespace {
QString pairKey(const QString &source, const QString &target) { return source + QLatin1Char('>') + target; }

// Least recently used map from (pair, text) to translation.
class LruCache {
public:
  explicit LruCache(int capacity) : m_capacity(capacity) {}
  const QString *find(const QString &key) {
    auto it = m_index.find(key);
    if (it == m_index.end())
      return nullptr;
    m_order.splice(m_order.begin(), m_order, it->second);
    return &it->second->second;
  }
  void insert(const QString &key, const QString &value) {
    if (m_capacity <= 0)
      return;
    if (auto it = m_index.find(key); it != m_index.end()) {
      it->second->second = value;
      m_order.splice(m_order.begin(), m_order, it->second);
      return;
    }
    m_order.emplace_front(key, value);
    m_index.emplace(key, m_order.begin());
    while (qsizetype(m_order.size()) > m_capacity) {
      m_index.erase(m_order.back().first);
      m_order.pop_back();
    }
  }
  qsizetype size() const { return qsizetype(m_order.size()); }

private:
  struct Hash {
    size_t operator()(const QString &s) const { return qHash(s); }
  };
  int m_capacity;
  std::list<std::pair<QString, QString>> m_order;
  std::unordered_map<QString, std::list<std::pair<QString, QString>>::iterator, Hash> m_index;
};

// Lives on the translation thread: the engines, one per pair.
class Worker : public QObject {
public:
  explicit Worker(TranslatorFactory factory) : m_factory(std::move(factory)) {}
  std::atomic_bool abort{false};

  Result<QStringList> run(const QString &source, const QString &target, const QStringList &texts, QString *engine) {
    const QString key = pairKey(source, target);
    auto it = m_engines.find(key);
    if (it == m_engines.end()) {
      Result<std::unique_ptr<ITranslator>> created = m_factory(source, target);
      if (!created)
        return created.error();
      it = m_engines.emplace(key, std::move(created).value()).first;
    }
    *engine = it->second->name();
    return it->second->translateBatch(texts, abort);
  }

private:
  TranslatorFactory m_factory;
  std::map<QString, std::unique_ptr<ITranslator>> m_engines;
};
} // namespace

struct TranslationService::Impl {
  TranslationService *q = nullptr;
  TranslationOptions options;
  std::unique_ptr<QThread> thread;
  Worker *worker = nullptr;
  LruCache cache;
  bool busy = false;
  QTimer window;

  struct Job {
    TranslationRequest request;
    TranslationAnswer answer;
    std::vector<bool> done;
    int remaining = 0;
    QElapsedTimer timer;
    std::function<void(Result<TranslationAnswer>)> callback;
  };
  // A queued text: who waits for it (job, index).
  struct Waiting {
    std::shared_ptr<Job> job;
    int index = 0;
  };
  struct Pending {
    QString source;
    QString target;
    QStringList order;                     // distinct texts, oldest first
    QHash<QString, QList<Waiting>> waiters; // text → requests waiting for it
  };
  std::map<QString, Pending> pending; // by pair
  QList<QString> pairOrder;           // pairs by age of their oldest text
  qsizetype queuedTexts = 0;

  TranslationStats stats;
  telemetry::Counter *requestsTotal = nullptr;
  telemetry::Counter *batchesTotal = nullptr;
  telemetry::Counter *textsTotal = nullptr;
  telemetry::Counter *cacheHitsTotal = nullptr;
  telemetry::Histogram *batchSize = nullptr;
  telemetry::Gauge *queueGauge = nullptr;

  Impl(TranslationService *owner, TranslationOptions opts) : q(owner), options(opts), cache(opts.cacheEntries) {}

  void finishJob(const std::shared_ptr<Job> &job) {
    job->answer.elapsedMs = double(job->timer.nsecsElapsed()) / 1e6;
    auto callback = std::move(job->callback);
    callback(job->answer);
  }

  void failJob(const std::shared_ptr<Job> &job, const Error &error) {
    if (!job->callback)
      return; // already answered (an earlier failed batch)
    auto callback = std::move(job->callback);
    callback(error);
  }

  void schedule() {
    if (busy || pairOrder.isEmpty() || window.isActive())
      return;
    if (options.windowMs > 0)
      window.start(options.windowMs);
    else
      dispatch();
  }

  void dispatch() {
    if (busy || pairOrder.isEmpty())
      return;
    const QString key = pairOrder.first();
    Pending &p = pending[key];
    const int n = int(std::min<qsizetype>(p.order.size(), std::max(1, options.maxBatch)));
    QStringList texts = p.order.mid(0, n);
    p.order.remove(0, n);
    QHash<QString, QList<Waiting>> waiters;
    for (const QString &text : std::as_const(texts))
      waiters.insert(text, p.waiters.take(text));
    queuedTexts -= n;
    queueGauge->set(double(queuedTexts));
    const QString source = p.source;
    const QString target = p.target;
    pairOrder.removeFirst();
    if (p.order.isEmpty())
      pending.erase(key);
    else
      pairOrder.append(key); // other pairs get a turn
    busy = true;
    batchesTotal->inc();
    batchSize->observe(double(n));
    ++stats.batches;
    QPointer<TranslationService> self(q);
    Worker *w = worker;
    QMetaObject::invokeMethod(
        worker,
        [self, w, source, target, texts, waiters]() {
          QString engine;
          Result<QStringList> result = w->run(source, target, texts, &engine);
          QMetaObject::invokeMethod(
              self.data(),
              [self, source, target, texts, waiters, result = std::move(result), engine]() {
                if (self)
                  self->d->completed(source, target, texts, waiters, result, engine);
              },
              Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
  }

  void completed(const QString &source, const QString &target, const QStringList &texts,
                 const QHash<QString, QList<Waiting>> &waiters, const Result<QStringList> &result, const QString &engine) {
    busy = false;
    if (result && result->size() != texts.size()) {
      const Error e = makeError(ErrorKind::Internal, QStringLiteral("the translator returned %1 translations for %2 texts")
                                                         .arg(result->size())
                                                         .arg(texts.size()));
      for (const QList<Waiting> &list : waiters)
        for (const Waiting &w : list)
          failJob(w.job, e);
    } else if (!result) {
      for (const QList<Waiting> &list : waiters)
        for (const Waiting &w : list)
          failJob(w.job, result.error());
    } else {
      for (qsizetype i = 0; i < texts.size(); ++i) {
        cache.insert(pairKey(source, target) + QLatin1Char('\n') + texts[i], result->at(i));
        for (const Waiting &w : waiters.value(texts[i])) {
          if (!w.job->callback || w.job->done[w.index])
            continue;
          w.job->answer.translations[w.index] = result->at(i);
          w.job->answer.engine = engine;
          w.job->answer.batchSize = std::max(w.job->answer.batchSize, int(texts.size()));
          w.job->done[w.index] = true;
          if (--w.job->remaining == 0)
            finishJob(w.job);
        }
      }
    }
    stats.cacheEntries = cache.size();
    schedule();
  }
};

TranslationService::TranslationService(ThreadHost &threads, TranslatorFactory factory, TranslationOptions options,
                                       telemetry::MetricsRegistry &metrics, QObject *parent)
    : QObject(parent), d(std::make_unique<Impl>(this, options)) {
  d->thread = threads.loop(threadnames::kApiTranslate);
  d->worker = new Worker(std::move(factory));
  d->worker->moveToThread(d->thread.get());
  connect(d->thread.get(), &QThread::finished, d->worker, &QObject::deleteLater);
  d->thread->start();
  d->window.setSingleShot(true);
  connect(&d->window, &QTimer::timeout, this, [this] { d->dispatch(); });
  d->requestsTotal = &metrics.counter(QStringLiteral("dragoman_api_translate_requests_total"),
                                      QStringLiteral("Requests to translate text through the API."));
  d->textsTotal = &metrics.counter(QStringLiteral("dragoman_api_translate_texts_total"),
                                   QStringLiteral("Texts the API was asked to translate."));
  d->cacheHitsTotal = &metrics.counter(QStringLiteral("dragoman_api_translate_cache_hits_total"),
                                       QStringLiteral("Texts answered from the translation cache."));
  d->batchesTotal = &metrics.counter(QStringLiteral("dragoman_api_translate_batches_total"),
                                     QStringLiteral("Engine calls made for API translations."));
  d->batchSize = &metrics.histogram(QStringLiteral("dragoman_api_translate_batch_size"),
                                    QStringLiteral("Texts per engine call (dynamic batching)."),
                                    {1, 2, 4, 8, 16, 32, 64});
  d->queueGauge = &metrics.gauge(QStringLiteral("dragoman_api_translate_queued_texts"),
                                 QStringLiteral("Texts waiting for the translation engine."));
}

TranslationService::~TranslationService() {
  if (d->worker)
    d->worker->abort = true;
  d->thread->quit();
  d->thread->wait();
}

void TranslationService::submit(TranslationRequest request, std::function<void(Result<TranslationAnswer>)> done) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  d->requestsTotal->inc();
  d->textsTotal->inc(double(request.texts.size()));
  ++d->stats.requests;
  auto job = std::make_shared<Impl::Job>();
  job->timer.start();
  job->callback = std::move(done);
  job->answer.translations.resize(request.texts.size());
  job->answer.cached.resize(request.texts.size());
  job->done.assign(size_t(request.texts.size()), false);
  const QString key = pairKey(request.source, request.target);
  QStringList missing;
  for (qsizetype i = 0; i < request.texts.size(); ++i) {
    const QString &text = request.texts[i];
    if (text.trimmed().isEmpty()) { // nothing to translate; never worth an engine call
      job->done[size_t(i)] = true;
      continue;
    }
    if (const QString *hit = d->cache.find(key + QLatin1Char('\n') + text)) {
      job->answer.translations[i] = *hit;
      job->answer.cached[i] = true;
      job->done[size_t(i)] = true;
      d->cacheHitsTotal->inc();
      ++d->stats.cacheHits;
      continue;
    }
    missing.append(text);
  }
  job->request = std::move(request);
  if (missing.isEmpty()) {
    d->finishJob(job);
    return;
  }
  if (d->queuedTexts + missing.size() > d->options.maxQueuedTexts) {
    d->failJob(job, makeError(ErrorKind::EngineUnavailable,
                              QStringLiteral("the translation queue is full (%1 texts waiting); retry shortly").arg(d->queuedTexts)));
    return;
  }
  Impl::Pending &p = d->pending[key];
  if (p.order.isEmpty()) {
    p.source = job->request.source;
    p.target = job->request.target;
    d->pairOrder.append(key);
  }
  for (qsizetype i = 0; i < job->request.texts.size(); ++i) {
    if (job->done[size_t(i)])
      continue;
    const QString &text = job->request.texts[i];
    ++job->remaining;
    auto it = p.waiters.find(text);
    if (it == p.waiters.end()) {
      p.order.append(text);
      ++d->queuedTexts;
      it = p.waiters.insert(text, {});
    }
    it->append({job, int(i)});
  }
  d->queueGauge->set(double(d->queuedTexts));
  d->schedule();
}

TranslationStats TranslationService::stats() const {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  TranslationStats s = d->stats;
  s.cacheEntries = d->cache.size();
  s.queued = d->queuedTexts;
  return s;
}

} // namespace dragoman::server
