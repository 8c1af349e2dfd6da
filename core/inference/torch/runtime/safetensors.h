#pragma once
// Safetensors files: memory-mapped and validated before any tensor data is touched.
// Format: 8-byte little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}},
// then the raw little-endian data. No torch and no Qt here.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dragoman::torchrt {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

std::size_t dtypeSize(DType type);
const char *dtypeName(DType type); // "F32", ...

struct TensorView {
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  const std::byte *data = nullptr; // inside the mapping; valid while the file is alive
  std::size_t bytes = 0;
  std::int64_t numel() const;
};

// One mapped file. Every check (header bounds, JSON shape, known dtype, shape × dtype size equal
// to the byte range, ranges inside the data section and not overlapping) runs in open(); a file
// that fails one throws ModelError(Corrupt) naming the file, the tensor and the fault.
class SafetensorsFile {
public:
  static std::shared_ptr<const SafetensorsFile> open(const std::string &path);
  ~SafetensorsFile();
  SafetensorsFile(const SafetensorsFile &) = delete;
  SafetensorsFile &operator=(const SafetensorsFile &) = delete;

  const std::string &path() const { return m_path; }
  const std::map<std::string, TensorView> &tensors() const { return m_tensors; }
  const TensorView *find(const std::string &name) const;
  const std::map<std::string, std::string> &metadata() const { return m_metadata; }
  std::size_t fileSize() const { return m_size; }

private:
  SafetensorsFile() = default;
  std::string m_path;
  void *m_map = nullptr;
  std::size_t m_size = 0;
  std::map<std::string, TensorView> m_tensors;
  std::map<std::string, std::string> m_metadata;
};

// A model's weights in a folder: model.safetensors, or the shards named by
// model.safetensors.index.json (every shard opened and checked against the index).
class SafetensorsSet {
public:
  // Throws ModelError(NotFound) when the folder has neither file.
  static SafetensorsSet openFolder(const std::string &folder);
  static bool folderHasSafetensors(const std::string &folder);
  const TensorView *find(const std::string &name) const;
  std::vector<std::string> names() const;
  std::string fileOf(const std::string &name) const;
  // The mapped file holding `name` (null when absent): tensors viewing its bytes keep it alive.
  std::shared_ptr<const SafetensorsFile> fileHolding(const std::string &name) const;
  // The files, to keep the mappings alive as long as tensors made from them.
  const std::vector<std::shared_ptr<const SafetensorsFile>> &files() const { return m_files; }

private:
  std::vector<std::shared_ptr<const SafetensorsFile>> m_files;
  std::map<std::string, std::pair<const TensorView *, std::size_t>> m_index; // name -> view, file
};

// Writes a safetensors file (tests, `dragoman asr --dump`, random models): data is copied as given
// (little-endian), header padded to 8 bytes, written to path + ".part" and renamed into place.
struct TensorData {
  std::string name;
  DType dtype = DType::F32;
  std::vector<std::int64_t> shape;
  std::vector<std::byte> bytes;
};
void writeSafetensors(const std::string &path, const std::vector<TensorData> &tensors,
                      const std::map<std::string, std::string> &metadata = {});

// The same, one tensor at a time, for files larger than memory (random models at real sizes):
// the header is written from the declared tensors, then append() each one's bytes in order.
class SafetensorsWriter {
public:
  struct Spec {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
  };
  SafetensorsWriter(const std::string &path, std::vector<Spec> specs, const std::map<std::string, std::string> &metadata = {});
  ~SafetensorsWriter(); // removes the partial file unless finish() succeeded
  SafetensorsWriter(const SafetensorsWriter &) = delete;
  SafetensorsWriter &operator=(const SafetensorsWriter &) = delete;
  // Bytes of the next declared tensor, in declaration order; size must match its shape.
  void append(const void *data, std::size_t bytes);
  void finish(); // checks every tensor was written, renames into place

private:
  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::torchrt
