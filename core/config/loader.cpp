// load() and validate(): stack the layers on the defaults, then check the result.

#include "core/common/logcategories.h"
#include "core/config/config.h"
#include "core/config/layers.h"
#include "core/config/schema.h"

#include <QFileInfo>

namespace dragoman::config {

namespace {

Error configError(const QString &message) { return makeError(ErrorKind::Config, message); }

void apply(Loaded &loaded, const QList<Assignment> &assignments) {
  for (const Assignment &a : assignments) {
    a.key->set(loaded.config, a.value);
    loaded.origin.insert(a.key->path(), a.origin);
  }
}

// Rules that involve more than one key; ranges and allowed values come from the schema.
Status crossCheck(const Config &config) {
  const TranslationConfig &t = config.translation;
  if (t.sourceLanguage.compare(t.targetLanguage, Qt::CaseInsensitive) == 0)
    return configError(QStringLiteral("translation.target_language: '%1' is the same as "
                                      "translation.source_language; choose another target language")
                           .arg(t.targetLanguage));
  const PipelineConfig &p = config.pipeline;
  if (p.minSilenceMs >= p.maxSegmentSeconds * 1000.0)
    return configError(QStringLiteral("pipeline.min_silence_ms: %1 must be shorter than "
                                      "pipeline.max_segment_seconds (%2 s)")
                           .arg(p.minSilenceMs)
                           .arg(p.maxSegmentSeconds));
  return Status::success();
}

} // namespace

Status validate(const Config &config) {
  for (const Key &key : schema::keys()) {
    const QString trouble = key.check(key.get(config));
    if (!trouble.isEmpty())
      return configError(key.path() + QStringLiteral(": ") + trouble);
  }
  return crossCheck(config);
}

Result<Loaded> load(const LoadOptions &options) {
  Loaded loaded;
  for (const Key &key : schema::keys())
    loaded.origin.insert(key.path(), QStringLiteral("default"));

  const QString path = options.filePath.isEmpty() ? defaultConfigPath() : options.filePath;
  if (QFileInfo(path).isFile()) {
    Result<QList<Assignment>> file = readFile(path);
    if (!file)
      return file.error();
    apply(loaded, *file);
    loaded.filePath = path;
  } else if (QFileInfo::exists(path)) {
    return configError(QStringLiteral("%1: not a file").arg(path));
  } else if (options.fileRequired) {
    return configError(QStringLiteral("%1: configuration file not found").arg(path));
  } else {
    qCDebug(lcConfig) << "no configuration file at" << path << "- using defaults";
  }

  Result<QList<Assignment>> environment = readEnvironment(options.environment);
  if (!environment)
    return environment.error();
  apply(loaded, *environment);

  Result<QList<Assignment>> overrides = readOverrides(options.overrides);
  if (!overrides)
    return overrides.error();
  apply(loaded, *overrides);

  if (Status status = validate(loaded.config); !status)
    return status.error();
  return loaded;
}

} // namespace dragoman::config
