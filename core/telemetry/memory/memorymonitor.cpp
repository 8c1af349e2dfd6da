#include "core/telemetry/memory/memorymonitor.h"

#include "core/common/logcategories.h"
#include "core/telemetry/memory/procmemoryreader.h"

#include <QStringList>
#include <QThread>

#include <algorithm>

namespace dragoman::telemetry {

MemoryMonitor::MemoryMonitor(std::shared_ptr<IGpuMemoryProvider> gpu, QObject *parent)
    : QObject(parent), m_gpu(std::move(gpu)), m_host(std::make_unique<ProcMemoryReader>()),
      m_clock([] { return SteadyClock::now(); }), m_timer(this) {
  registerMemoryMetaTypes();
  if (Result<std::unique_ptr<NvmlReader>> nvml = NvmlReader::open())
    m_driver = std::move(nvml).value();
  else
    qCDebug(lcTelemetry).noquote() << nvml.error().message;
  m_timer.setInterval(kDefaultIntervalMs);
  connect(&m_timer, &QTimer::timeout, this, [this] { sampleNow(); });
}

MemoryMonitor::~MemoryMonitor() = default;

void MemoryMonitor::assertOwnerThread() const {
  Q_ASSERT_X(QThread::currentThread() == thread(), "MemoryMonitor", "called from a thread that does not own it");
}

void MemoryMonitor::setHostReader(std::unique_ptr<IHostMemoryReader> reader) {
  assertOwnerThread();
  m_host = reader ? std::move(reader) : std::make_unique<ProcMemoryReader>();
}

void MemoryMonitor::setDriverGpuReader(std::unique_ptr<IDriverGpuReader> reader) {
  assertOwnerThread();
  m_driver = std::move(reader);
}

void MemoryMonitor::setClock(Clock clock) {
  assertOwnerThread();
  m_clock = clock ? std::move(clock) : Clock([] { return SteadyClock::now(); });
}

void MemoryMonitor::setInterval(int ms) {
  assertOwnerThread();
  m_timer.setInterval(std::max(1, ms));
}

int MemoryMonitor::interval() const {
  return m_timer.interval();
}

void MemoryMonitor::start() {
  assertOwnerThread();
  if (m_timer.isActive())
    return;
  m_timer.start();
  sampleNow();
}

void MemoryMonitor::stop() {
  assertOwnerThread();
  m_timer.stop();
}

bool MemoryMonitor::isRunning() const {
  return m_timer.isActive();
}

MemorySample MemoryMonitor::sampleNow() {
  assertOwnerThread();
  MemorySample s;
  s.at = m_clock();
  QStringList errors;
  if (const Result<SystemMemory> system = m_host->systemMemory()) {
    s.systemTotalBytes = system->totalBytes;
    s.systemAvailableBytes = system->availableBytes;
  } else {
    errors.append(system.error().message);
  }
  if (const Result<ProcessMemory> process = m_host->processMemory()) {
    s.processRssBytes = process->rssBytes;
    s.processPeakRssBytes = process->peakRssBytes;
  } else {
    errors.append(process.error().message);
  }
  if (m_gpu)
    s.gpus = m_gpu->sample();
  if (m_driver) {
    if (Result<std::vector<DriverGpu>> driver = m_driver->read())
      s.driverGpus = std::move(driver).value();
    else
      errors.append(driver.error().message);
  }
  s.models = models();
  s.error = errors.join(u"; ");
  if (s.error != m_lastError) {
    if (!s.error.isEmpty())
      qCWarning(lcTelemetry).noquote() << "memory sample incomplete:" << s.error;
    m_lastError = s.error;
  }

  m_history.push_back(s);
  while (m_history.size() > std::size_t(m_historyLimit))
    m_history.pop_front();

  const std::vector<MemoryAlert> alerts = m_thresholds.evaluate(s);
  Q_EMIT sampled(s);
  for (const MemoryAlert &a : alerts)
    deliver(a);
  return s;
}

// Alerts are not logged here: the application logs them with their fields (RunTelemetry).
void MemoryMonitor::deliver(const MemoryAlert &a) {
  // A copy: a callback may add another callback.
  const std::vector<AlertHandler> callbacks = m_alertCallbacks;
  for (const AlertHandler &callback : callbacks)
    callback(a);
  Q_EMIT alert(a);
  if (a.raised)
    runAction(a);
}

void MemoryMonitor::runAction(const MemoryAlert &a) {
  if (a.action == MemoryAction::None)
    return;
  if (const auto it = m_actions.find(a.action); it != m_actions.end()) {
    const AlertHandler handler = it->second; // a copy: the handler may replace itself
    handler(a);
    return;
  }
  if (a.action == MemoryAction::ReleaseGpuCache && m_gpu) {
    m_gpu->releaseCachedMemory();
    return;
  }
  qCWarning(lcTelemetry).noquote() << "memory threshold" << a.threshold << "asks for" << memoryActionName(a.action)
                                   << "but nothing handles that action";
}

void MemoryMonitor::registerModel(ModelMemory model) {
  const std::lock_guard lock(m_modelsMutex);
  const auto it =
      std::find_if(m_models.begin(), m_models.end(), [&](const ModelMemory &m) { return m.model == model.model; });
  if (it != m_models.end())
    *it = std::move(model);
  else
    m_models.push_back(std::move(model));
}

bool MemoryMonitor::unregisterModel(const QString &model) {
  const std::lock_guard lock(m_modelsMutex);
  const auto it =
      std::find_if(m_models.begin(), m_models.end(), [&](const ModelMemory &m) { return m.model == model; });
  if (it == m_models.end())
    return false;
  m_models.erase(it);
  return true;
}

std::vector<ModelMemory> MemoryMonitor::models() const {
  const std::lock_guard lock(m_modelsMutex);
  return m_models;
}

Status MemoryMonitor::addThreshold(MemoryThreshold threshold) {
  assertOwnerThread();
  return m_thresholds.add(std::move(threshold));
}

bool MemoryMonitor::removeThreshold(const QString &name) {
  assertOwnerThread();
  return m_thresholds.remove(name);
}

std::vector<MemoryThreshold> MemoryMonitor::thresholds() const {
  return m_thresholds.thresholds();
}

bool MemoryMonitor::isRaised(const QString &name) const {
  return m_thresholds.isRaised(name);
}

void MemoryMonitor::setActionHandler(MemoryAction action, AlertHandler handler) {
  assertOwnerThread();
  if (handler)
    m_actions[action] = std::move(handler);
  else
    m_actions.erase(action);
}

void MemoryMonitor::addAlertCallback(AlertHandler callback) {
  assertOwnerThread();
  if (callback)
    m_alertCallbacks.push_back(std::move(callback));
}

void MemoryMonitor::setHistoryLimit(int samples) {
  assertOwnerThread();
  m_historyLimit = std::max(1, samples);
  while (m_history.size() > std::size_t(m_historyLimit))
    m_history.pop_front();
}

int MemoryMonitor::historyLimit() const {
  return m_historyLimit;
}

std::vector<MemorySample> MemoryMonitor::history() const {
  assertOwnerThread();
  return {m_history.begin(), m_history.end()};
}

} // namespace dragoman::telemetry
