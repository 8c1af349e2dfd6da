// dragoman config show | check | init
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/headless.h"
#include "core/config/config.h"

#include <QProcessEnvironment>

#include <cstdio>

namespace dragoman::headless {
namespace {

Result<config::Loaded> loadFor(const cli::Invocation &inv) {
  config::LoadOptions load;
  load.filePath = inv.global.configFile;
  load.fileRequired = !inv.global.configFile.isEmpty();
  load.overrides = loggingOverrides(inv.global) + inv.global.overrides;
  return config::load(load);
}

int show(const cli::Invocation &inv) {
  Result<config::Loaded> loaded = loadFor(inv);
  if (!loaded)
    return reportError(loaded.error());
  if (inv.flag(QStringLiteral("origin"))) {
    std::printf("# file: %s\n", loaded->filePath.isEmpty() ? "(none)" : qUtf8Printable(loaded->filePath));
    for (auto it = loaded->origin.cbegin(); it != loaded->origin.cend(); ++it)
      std::printf("%-36s %s\n", qUtf8Printable(it.key()), qUtf8Printable(it.value()));
    return cli::ExitOk;
  }
  std::fputs(qUtf8Printable(config::toYaml(loaded->config, false)), stdout);
  return cli::ExitOk;
}

int check(const cli::Invocation &inv) {
  config::LoadOptions load;
  load.filePath = inv.positional.value(1, inv.global.configFile);
  if (load.filePath.isEmpty())
    load.filePath = config::defaultConfigPath();
  load.fileRequired = true;
  load.environment = QProcessEnvironment(); // the file alone is checked
  Result<config::Loaded> loaded = config::load(load);
  if (!loaded)
    return reportError(loaded.error());
  std::printf("%s: ok\n", qUtf8Printable(loaded->filePath));
  return cli::ExitOk;
}

int init(const cli::Invocation &inv) {
  const QString path = inv.positional.value(1, config::defaultConfigPath());
  if (Status s = config::writeDefault(path, inv.flag(QStringLiteral("force"))); !s)
    return reportError(s.error());
  std::printf("wrote %s\n", qUtf8Printable(path));
  return cli::ExitOk;
}

} // namespace

int runConfig(const cli::Invocation &inv) {
  const QString action = inv.positional.value(0);
  if (action == QLatin1String("show") || action.isEmpty())
    return show(inv);
  if (action == QLatin1String("check"))
    return check(inv);
  if (action == QLatin1String("init"))
    return init(inv);
  return reportError(makeError(ErrorKind::Usage,
                               QStringLiteral("unknown config action '%1'; use show, check or init").arg(action)));
}

} // namespace dragoman::headless
