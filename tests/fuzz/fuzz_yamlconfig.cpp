// The YAML configuration file (dragoman.yaml, `--config FILE`): yaml-cpp's reading and ours
// (sections, keys, types, ranges, duplicate keys, invalid UTF-8), loaded as `--config` loads it,
// without the environment. A file that loads must validate, and write back to YAML that loads to
// the same configuration.
#include "core/config/config.h"
#include "tests/fuzz/fuzzfile.h"

#include <cstddef>
#include <cstdint>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  config::LoadOptions options;
  options.filePath = QString::fromStdString(fuzz::writeInput("dragoman.yaml", fuzz::asText(data, size)));
  options.fileRequired = true;
  options.environment = QProcessEnvironment();
  const Result<config::Loaded> loaded = config::load(options);
  if (!loaded) {
    if (loaded.error().message.isEmpty())
      __builtin_trap();
    return 0;
  }
  if (!config::validate(loaded->config))
    __builtin_trap();
  const std::string yaml = config::toYaml(loaded->config, false).toStdString();
  options.filePath = QString::fromStdString(fuzz::writeInput("again.yaml", yaml));
  const Result<config::Loaded> again = config::load(options);
  if (!again || !(again->config == loaded->config))
    __builtin_trap(); // what it writes reads back the same
  return 0;
}
