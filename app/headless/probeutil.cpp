#include "app/headless/probeutil.h"

namespace dragoman::headless {

Result<int> intOption(const cli::Invocation &inv, const char *name, int minimum) {
  bool ok = true;
  const int v = inv.value(QLatin1String(name)).toInt(&ok);
  if (!ok || v < minimum)
    return makeError(ErrorKind::Usage, QStringLiteral("--%1 needs a whole number of at least %2").arg(QLatin1String(name)).arg(minimum));
  return v;
}

Result<int> intOption(const cli::Invocation &inv, const char *name, int minimum, int fallback) {
  if (!inv.values.contains(QLatin1String(name)))
    return fallback;
  return intOption(inv, name, minimum);
}

} // namespace dragoman::headless
