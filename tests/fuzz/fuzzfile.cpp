#include "tests/fuzz/fuzzfile.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace dragoman::fuzz {

namespace {

const std::filesystem::path &folder() {
  static const std::filesystem::path made = [] {
    const std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    std::filesystem::path f = base / ("dragoman-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(f);
    // Removed when the process ends normally; a crashed run leaves it for its reproduction.
    std::atexit([] { std::error_code ignored; std::filesystem::remove_all(folder(), ignored); });
    return f;
  }();
  return made;
}

} // namespace

std::string writeInput(const std::string &name, std::string_view bytes) {
  const std::filesystem::path path = folder() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "fuzz harness: cannot write %s\n", path.c_str());
    std::abort();
  }
  return path.string();
}

std::string_view asText(const std::uint8_t *data, std::size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

} // namespace dragoman::fuzz
