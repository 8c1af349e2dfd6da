#include "core/inference/torch/runtime/safetensors.h"

#include "core/inference/torch/runtime/errors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dragoman::torchrt {

namespace {

constexpr std::uint64_t kMaxHeaderBytes = 100u * 1024u * 1024u; // the format's own limit

[[noreturn]] void corrupt(const std::string &path, const std::string &what) {
  throw ModelError(ErrorCode::Corrupt, path + ": not a valid safetensors file: " + what);
}

bool parseDType(const std::string &s, DType &out) {
  static const std::pair<const char *, DType> names[] = {
      {"F64", DType::F64}, {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16}, {"I64", DType::I64},
      {"I32", DType::I32}, {"I16", DType::I16}, {"I8", DType::I8},   {"U8", DType::U8},     {"BOOL", DType::Bool}};
  for (const auto &[name, type] : names)
    if (s == name) {
      out = type;
      return true;
    }
  return false;
}

// a * b, or false on overflow.
bool mulChecked(std::uint64_t a, std::uint64_t b, std::uint64_t &out) {
  if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a)
    return false;
  out = a * b;
  return true;
}

} // namespace

std::size_t dtypeSize(DType type) {
  switch (type) {
  case DType::F64:
  case DType::I64:
    return 8;
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::F16:
  case DType::BF16:
  case DType::I16:
    return 2;
  case DType::I8:
  case DType::U8:
  case DType::Bool:
    return 1;
  }
  return 1;
}

const char *dtypeName(DType type) {
  switch (type) {
  case DType::F64: return "F64";
  case DType::F32: return "F32";
  case DType::F16: return "F16";
  case DType::BF16: return "BF16";
  case DType::I64: return "I64";
  case DType::I32: return "I32";
  case DType::I16: return "I16";
  case DType::I8: return "I8";
  case DType::U8: return "U8";
  case DType::Bool: return "BOOL";
  }
  return "?";
}

std::int64_t TensorView::numel() const {
  std::int64_t n = 1;
  for (std::int64_t d : shape)
    n *= d;
  return n;
}

std::shared_ptr<const SafetensorsFile> SafetensorsFile::open(const std::string &path) {
  std::shared_ptr<SafetensorsFile> file(new SafetensorsFile);
  file->m_path = path;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw ModelError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Corrupt,
                     path + ": cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw ModelError(ErrorCode::Corrupt, path + ": not a regular file");
  }
  file->m_size = static_cast<std::size_t>(st.st_size);
  if (file->m_size < 8) {
    ::close(fd);
    corrupt(path, "file is " + std::to_string(file->m_size) + " bytes, shorter than the 8-byte header length");
  }
  void *map = ::mmap(nullptr, file->m_size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED)
    throw ModelError(ErrorCode::Corrupt, path + ": cannot map: " + std::strerror(errno));
  file->m_map = map;

  const auto *base = static_cast<const std::byte *>(map);
  std::uint64_t headerLen = 0;
  for (int i = 7; i >= 0; --i)
    headerLen = (headerLen << 8) | std::to_integer<std::uint64_t>(base[i]);
  if (headerLen > kMaxHeaderBytes || headerLen > file->m_size - 8)
    corrupt(path, "header length " + std::to_string(headerLen) + " does not fit in the file of " +
                      std::to_string(file->m_size) + " bytes (truncated?)");
  const char *headerText = reinterpret_cast<const char *>(base + 8);
  const nlohmann::json header = nlohmann::json::parse(headerText, headerText + headerLen, nullptr, false);
  if (header.is_discarded() || !header.is_object())
    corrupt(path, "the header is not a JSON object");

  const std::byte *data = base + 8 + headerLen;
  const std::uint64_t dataSize = file->m_size - 8 - headerLen;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
  for (const auto &[name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object())
        corrupt(path, "__metadata__ is not an object");
      for (const auto &[k, v] : entry.items()) {
        if (!v.is_string())
          corrupt(path, "__metadata__." + k + " is not a string");
        file->m_metadata[k] = v.get<std::string>();
      }
      continue;
    }
    const std::string where = "tensor '" + name + "': ";
    if (!entry.is_object())
      corrupt(path, where + "entry is not an object");
    const auto dt = entry.find("dtype");
    const auto sh = entry.find("shape");
    const auto off = entry.find("data_offsets");
    if (dt == entry.end() || !dt->is_string())
      corrupt(path, where + "missing dtype");
    TensorView view;
    if (!parseDType(dt->get<std::string>(), view.dtype))
      throw ModelError(ErrorCode::Unsupported, path + ": " + where + "unsupported dtype " + dt->get<std::string>());
    if (sh == entry.end() || !sh->is_array())
      corrupt(path, where + "missing shape");
    std::uint64_t count = 1;
    for (const auto &d : *sh) {
      if (!d.is_number_unsigned())
        corrupt(path, where + "shape holds a value that is not a non-negative integer");
      const std::uint64_t dim = d.get<std::uint64_t>();
      if (dim > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) || !mulChecked(count, dim, count))
        corrupt(path, where + "shape overflows");
      view.shape.push_back(static_cast<std::int64_t>(dim));
    }
    if (off == entry.end() || !off->is_array() || off->size() != 2 || !(*off)[0].is_number_unsigned() ||
        !(*off)[1].is_number_unsigned())
      corrupt(path, where + "data_offsets must be [begin, end]");
    const std::uint64_t begin = (*off)[0].get<std::uint64_t>();
    const std::uint64_t end = (*off)[1].get<std::uint64_t>();
    std::uint64_t expected = 0;
    if (!mulChecked(count, dtypeSize(view.dtype), expected))
      corrupt(path, where + "size overflows");
    if (begin > end || end > dataSize)
      corrupt(path, where + "data [" + std::to_string(begin) + ", " + std::to_string(end) +
                        ") lies outside the data section of " + std::to_string(dataSize) + " bytes (truncated file?)");
    if (end - begin != expected)
      corrupt(path, where + "shape and dtype need " + std::to_string(expected) + " bytes but data_offsets span " +
                        std::to_string(end - begin));
    view.data = data + begin;
    view.bytes = static_cast<std::size_t>(expected);
    if (expected > 0)
      ranges.emplace_back(begin, end);
    file->m_tensors.emplace(name, std::move(view));
  }
  std::sort(ranges.begin(), ranges.end());
  for (std::size_t i = 1; i < ranges.size(); ++i)
    if (ranges[i].first < ranges[i - 1].second)
      corrupt(path, "two tensors share bytes at offset " + std::to_string(ranges[i].first));
  return file;
}

SafetensorsFile::~SafetensorsFile() {
  if (m_map)
    ::munmap(m_map, m_size);
}

const TensorView *SafetensorsFile::find(const std::string &name) const {
  const auto it = m_tensors.find(name);
  return it == m_tensors.end() ? nullptr : &it->second;
}

bool SafetensorsSet::folderHasSafetensors(const std::string &folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  return fs::exists(fs::path(folder) / "model.safetensors", ec) ||
         fs::exists(fs::path(folder) / "model.safetensors.index.json", ec);
}

SafetensorsSet SafetensorsSet::openFolder(const std::string &folder) {
  namespace fs = std::filesystem;
  SafetensorsSet set;
  const fs::path dir(folder);
  std::error_code ec;
  const fs::path single = dir / "model.safetensors";
  const fs::path index = dir / "model.safetensors.index.json";
  std::map<std::string, std::string> expectedFile; // tensor -> shard, from the index
  if (fs::exists(single, ec)) {
    set.m_files.push_back(SafetensorsFile::open(single.string()));
  } else if (fs::exists(index, ec)) {
    std::ifstream in(index);
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object())
      throw ModelError(ErrorCode::Corrupt, index.string() + ": not a valid index (no weight_map object)");
    std::map<std::string, std::size_t> shardNumber;
    for (const auto &[tensor, shard] : j["weight_map"].items()) {
      if (!shard.is_string())
        throw ModelError(ErrorCode::Corrupt, index.string() + ": weight_map." + tensor + " is not a file name");
      const std::string name = shard.get<std::string>();
      if (name.find('/') != std::string::npos || name == ".." || name.empty())
        throw ModelError(ErrorCode::Corrupt, index.string() + ": shard name '" + name + "' is not a plain file name");
      expectedFile[tensor] = name;
      if (!shardNumber.count(name)) {
        shardNumber[name] = set.m_files.size();
        set.m_files.push_back(SafetensorsFile::open((dir / name).string()));
      }
    }
  } else {
    throw ModelError(ErrorCode::NotFound, folder + ": no model.safetensors or model.safetensors.index.json");
  }
  for (std::size_t f = 0; f < set.m_files.size(); ++f)
    for (const auto &[name, view] : set.m_files[f]->tensors()) {
      if (set.m_index.count(name))
        throw ModelError(ErrorCode::Corrupt, folder + ": tensor '" + name + "' appears in two shards");
      set.m_index[name] = {&view, f};
    }
  for (const auto &[tensor, shard] : expectedFile) {
    const auto it = set.m_index.find(tensor);
    if (it == set.m_index.end() || fs::path(set.m_files[it->second.second]->path()).filename() != shard)
      throw ModelError(ErrorCode::Corrupt, folder + ": the index puts '" + tensor + "' in " + shard + " but it is not there");
  }
  return set;
}

const TensorView *SafetensorsSet::find(const std::string &name) const {
  const auto it = m_index.find(name);
  return it == m_index.end() ? nullptr : it->second.first;
}

std::vector<std::string> SafetensorsSet::names() const {
  std::vector<std::string> out;
  for (const auto &entry : m_index)
    out.push_back(entry.first);
  return out;
}

std::string SafetensorsSet::fileOf(const std::string &name) const {
  const auto it = m_index.find(name);
  return it == m_index.end() ? std::string() : m_files[it->second.second]->path();
}

std::shared_ptr<const SafetensorsFile> SafetensorsSet::fileHolding(const std::string &name) const {
  const auto it = m_index.find(name);
  return it == m_index.end() ? nullptr : m_files[it->second.second];
}

struct SafetensorsWriter::Impl {
  std::string path;
  std::string part;
  std::vector<Spec> specs;
  std::vector<std::size_t> sizes;
  std::size_t next = 0;
  std::ofstream out;
  bool finished = false;
};

SafetensorsWriter::SafetensorsWriter(const std::string &path, std::vector<Spec> specs,
                                     const std::map<std::string, std::string> &metadata)
    : d(std::make_unique<Impl>()) {
  d->path = path;
  d->part = path + ".part";
  d->specs = std::move(specs);
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty())
    header["__metadata__"] = metadata;
  std::uint64_t offset = 0;
  for (const Spec &t : d->specs) {
    std::uint64_t count = dtypeSize(t.dtype);
    for (std::int64_t dim : t.shape)
      count *= static_cast<std::uint64_t>(dim);
    header[t.name] = {{"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + count}}};
    offset += count;
    d->sizes.push_back(static_cast<std::size_t>(count));
  }
  std::string text = header.dump();
  while ((text.size() + 8) % 8 != 0)
    text.push_back(' ');
  d->out.open(d->part, std::ios::binary | std::ios::trunc);
  if (!d->out)
    throw ModelError(ErrorCode::Input, d->part + ": cannot write: " + std::strerror(errno));
  const std::uint64_t n = text.size();
  char len[8];
  for (int i = 0; i < 8; ++i)
    len[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  d->out.write(len, 8);
  d->out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

SafetensorsWriter::~SafetensorsWriter() {
  if (!d->finished) {
    d->out.close();
    std::error_code ec;
    std::filesystem::remove(d->part, ec);
  }
}

void SafetensorsWriter::append(const void *data, std::size_t bytes) {
  if (d->next >= d->specs.size() || bytes != d->sizes[d->next])
    throw ModelError(ErrorCode::Input, d->path + ": tensor " + std::to_string(d->next) + " written with " +
                                           std::to_string(bytes) + " bytes, not as declared");
  d->out.write(static_cast<const char *>(data), static_cast<std::streamsize>(bytes));
  if (!d->out)
    throw ModelError(ErrorCode::Input, d->part + ": write failed (disk full?)");
  ++d->next;
}

void SafetensorsWriter::finish() {
  if (d->next != d->specs.size())
    throw ModelError(ErrorCode::Input, d->path + ": only " + std::to_string(d->next) + " of " +
                                           std::to_string(d->specs.size()) + " tensors written");
  d->out.flush();
  d->out.close();
  if (d->out.fail())
    throw ModelError(ErrorCode::Input, d->part + ": write failed (disk full?)");
  std::error_code ec;
  std::filesystem::rename(d->part, d->path, ec);
  if (ec)
    throw ModelError(ErrorCode::Input, d->path + ": cannot rename into place: " + ec.message());
  d->finished = true;
}

void writeSafetensors(const std::string &path, const std::vector<TensorData> &tensors,
                      const std::map<std::string, std::string> &metadata) {
  std::vector<SafetensorsWriter::Spec> specs;
  for (const TensorData &t : tensors) {
    std::uint64_t count = dtypeSize(t.dtype);
    for (std::int64_t dim : t.shape)
      count *= static_cast<std::uint64_t>(dim);
    if (count != t.bytes.size())
      throw ModelError(ErrorCode::Input, "writeSafetensors: tensor '" + t.name + "' has " +
                                             std::to_string(t.bytes.size()) + " bytes for its shape");
    specs.push_back({t.name, t.dtype, t.shape});
  }
  SafetensorsWriter writer(path, std::move(specs), metadata);
  for (const TensorData &t : tensors)
    writer.append(t.bytes.data(), t.bytes.size());
  writer.finish();
}

} // namespace dragoman::torchrt
