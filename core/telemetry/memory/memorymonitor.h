#pragma once
// Samples system RAM, this process's resident memory, the GPUs and the registered models on a
// timer; keeps a bounded history for charts; raises alerts on thresholds (with hysteresis) and
// runs the action each threshold names (release the GPU cache, unload idle models, ...).
//
// Lives on one thread (the one that owns it; its QTimer runs there): everything but
// registerModel()/unregisterModel()/models() must be called on that thread (asserted in debug
// builds). Those three are thread-safe, for model loaders on worker threads.

#include "core/common/result.h"
#include "core/telemetry/memory/hostmemory.h"
#include "core/telemetry/memory/igpumemoryprovider.h"
#include "core/telemetry/memory/memorysample.h"
#include "core/telemetry/memory/memorythreshold.h"
#include "core/telemetry/memory/memorythresholdset.h"
#include "core/telemetry/memory/nvmlreader.h"

#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace dragoman::telemetry {

class MemoryMonitor : public QObject {
  Q_OBJECT
public:
  using AlertHandler = std::function<void(const MemoryAlert &)>;
  using Clock = std::function<TimePoint()>;

  static constexpr int kDefaultIntervalMs = 1000;
  static constexpr int kDefaultHistoryLimit = 600; // ten minutes at the default interval

  // gpu: nullptr when there is no GPU. Reads /proc, NVML (when the NVIDIA driver is installed) and
  // the steady clock unless replaced below.
  explicit MemoryMonitor(std::shared_ptr<IGpuMemoryProvider> gpu = nullptr, QObject *parent = nullptr);
  ~MemoryMonitor() override;

  // Test seams: where host memory and the time come from.
  void setHostReader(std::unique_ptr<IHostMemoryReader> reader);
  void setDriverGpuReader(std::unique_ptr<IDriverGpuReader> reader); // nullptr: none
  void setClock(Clock clock);

  void setInterval(int ms); // takes effect at once, also while running
  int interval() const;
  void start(); // samples now, then every interval
  void stop();
  bool isRunning() const;

  // Reads everything, evaluates the thresholds, appends to the history, emits sampled(), then
  // alert() for each crossing (and runs the raised thresholds' actions).
  MemorySample sampleNow();

  // Replaces an entry of the same model name. Thread-safe.
  void registerModel(ModelMemory model);
  bool unregisterModel(const QString &model);
  std::vector<ModelMemory> models() const;

  // Errors are ErrorKind::Config (see MemoryThresholdSet::add). A new threshold starts clear.
  Status addThreshold(MemoryThreshold threshold);
  bool removeThreshold(const QString &name);
  std::vector<MemoryThreshold> thresholds() const;
  bool isRaised(const QString &name) const;

  // What runs when a threshold with this action is raised. An empty handler removes it; without
  // one, ReleaseGpuCache calls the GPU provider's releaseCachedMemory() and the others only log.
  void setActionHandler(MemoryAction action, AlertHandler handler);
  // Called for every alert (raised and cleared), before the alert() signal.
  void addAlertCallback(AlertHandler callback);

  void setHistoryLimit(int samples); // at least 1; drops the oldest samples beyond it
  int historyLimit() const;
  std::vector<MemorySample> history() const; // oldest first

Q_SIGNALS:
  void sampled(const dragoman::telemetry::MemorySample &sample);
  void alert(const dragoman::telemetry::MemoryAlert &alert);

private:
  void deliver(const MemoryAlert &alert);
  void runAction(const MemoryAlert &alert);
  void assertOwnerThread() const;

  std::shared_ptr<IGpuMemoryProvider> m_gpu;
  std::unique_ptr<IHostMemoryReader> m_host;
  std::unique_ptr<IDriverGpuReader> m_driver;
  Clock m_clock;
  QTimer m_timer;
  MemoryThresholdSet m_thresholds;
  std::map<MemoryAction, AlertHandler> m_actions;
  std::vector<AlertHandler> m_alertCallbacks;
  std::deque<MemorySample> m_history;
  int m_historyLimit = kDefaultHistoryLimit;
  QString m_lastError; // logged once until it changes

  mutable std::mutex m_modelsMutex;
  std::vector<ModelMemory> m_models;
};

} // namespace dragoman::telemetry
