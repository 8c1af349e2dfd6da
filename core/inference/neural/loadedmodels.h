#pragma once
// Models loaded once per folder and runtime and shared by the engines of one registry (a call's
// two directions, the live pipeline and the HTTP API): a model is loaded by the first engine that
// asks for it and unloaded when the last one holding it goes. WhisperModels and TranslationModels
// keep one each.

#include "core/inference/engines.h"

#include <QDir>
#include <QString>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

namespace dragoman {

template <typename Model> class LoadedModels {
public:
  // The model of (folder, runtime) that an engine still holds, else `load()`'s (one load at a
  // time; load may throw). `shared`, when given, says which of the two it was.
  template <typename Load>
  std::shared_ptr<Model> acquire(const QString &folder, const RuntimeParams &runtime, Load load, bool *shared = nullptr) {
    const QString key =
        QStringLiteral("%1|%2|%3|%4").arg(QDir(folder).absolutePath(), runtime.device, runtime.dtype).arg(runtime.threads);
    std::lock_guard lock(m_mutex);
    std::shared_ptr<Model> model = m_models[key].lock();
    if (shared)
      *shared = model != nullptr;
    if (!model) {
      model = load();
      m_models[key] = model;
    }
    return model;
  }

  int loadedCount() { // models some engine still holds
    std::lock_guard lock(m_mutex);
    return int(std::count_if(m_models.begin(), m_models.end(), [](const auto &m) { return !m.second.expired(); }));
  }

private:
  std::mutex m_mutex;
  std::map<QString, std::weak_ptr<Model>> m_models;
};

} // namespace dragoman
