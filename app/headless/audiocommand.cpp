// dragoman audio create-virtual-mic | remove-virtual-mic
#include "app/cli/exitcodes.h"
#include "app/headless/headless.h"
#include "core/audio/virtualmic.h"

#include <cstdio>

namespace dragoman::headless {

int runAudio(const cli::Invocation &inv) {
  const QString action = inv.positional.value(0);
  const QString name = inv.value(QStringLiteral("name"), QStringLiteral("dragoman"));
  if (action == QLatin1String("create-virtual-mic")) {
    Result<audio::VirtualMic> mic = audio::createVirtualMic(name);
    if (!mic)
      return reportError(mic.error());
    std::printf("%s virtual microphone '%s' (the monitor of sink '%s').\n"
                "In your call app, pick the microphone \"%s\".\n"
                "Then run: dragoman live --output-device pulse:%s\n",
                mic->created ? "created" : "already there:", qUtf8Printable(mic->source), qUtf8Printable(mic->sink),
                qUtf8Printable(mic->description), qUtf8Printable(mic->sink));
    return cli::ExitOk;
  }
  if (action == QLatin1String("remove-virtual-mic")) {
    Result<int> removed = audio::removeVirtualMic(name);
    if (!removed)
      return reportError(removed.error());
    std::printf(*removed > 0 ? "removed virtual microphone '%s_mic'\n" : "no virtual microphone '%s_mic' to remove\n",
                qUtf8Printable(name));
    return cli::ExitOk;
  }
  return reportError(makeError(ErrorKind::Usage, QStringLiteral("unknown audio action '%1'; use create-virtual-mic or "
                                                                "remove-virtual-mic")
                                                     .arg(action)));
}

} // namespace dragoman::headless
