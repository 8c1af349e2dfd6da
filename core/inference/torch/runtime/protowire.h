#pragma once
// Internal to core/inference/torch: the protobuf wire format read by hand, for the few messages
// the runtime reads from model files (SentencePiece's ModelProto, ONNX's ModelProto). One message
// is a sequence of (field, value); every read is bounds-checked, and a malformed byte throws
// ModelError(Corrupt) naming the file, what it should have been, and the offset. Plain C++.

#include "core/inference/torch/runtime/errors.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dragoman::torchrt::protowire {

enum WireType : int { Varint = 0, Fixed64 = 1, LengthDelimited = 2, StartGroup = 3, EndGroup = 4, Fixed32 = 5 };

class Reader {
public:
  // bytes: the message; base: its offset in the file; file and kind name them in errors
  // ("model.spm", "SentencePiece model"). Both strings must outlive the reader.
  Reader(std::string_view bytes, std::size_t base, const std::string &file, const char *kind)
      : m_bytes(bytes), m_base(base), m_file(file), m_kind(kind) {}

  bool atEnd() const { return m_pos >= m_bytes.size(); }
  std::size_t offset() const { return m_base + m_pos; }

  // The next field's number and wire type.
  std::pair<std::uint32_t, int> tag() {
    const std::uint64_t key = varint();
    if ((key >> 3) == 0 || (key >> 3) > 0x1FFFFFFF)
      fail("field number 0 or out of range");
    return {static_cast<std::uint32_t>(key >> 3), static_cast<int>(key & 7)};
  }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (atEnd())
        fail("truncated varint");
      const auto byte = static_cast<unsigned char>(m_bytes[m_pos++]);
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0)
        return value;
    }
    fail("varint longer than 10 bytes");
  }

  // Little-endian whatever the host.
  std::uint32_t fixed32() {
    if (m_bytes.size() - m_pos < 4)
      fail("truncated fixed32");
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i)
      value |= static_cast<std::uint32_t>(static_cast<unsigned char>(m_bytes[m_pos + static_cast<std::size_t>(i)])) << (8 * i);
    m_pos += 4;
    return value;
  }

  // A length-delimited value; `base` receives its offset in the file.
  std::string_view bytes(std::size_t *base = nullptr) {
    const std::uint64_t length = varint();
    if (length > m_bytes.size() - m_pos)
      fail("a length-delimited field runs past the end (truncated file?)");
    if (base != nullptr)
      *base = offset();
    const std::string_view out = m_bytes.substr(m_pos, static_cast<std::size_t>(length));
    m_pos += static_cast<std::size_t>(length);
    return out;
  }

  bool boolean() { return varint() != 0; }
  std::int32_t int32() { return static_cast<std::int32_t>(static_cast<std::uint32_t>(varint())); }
  float float32() { return std::bit_cast<float>(fixed32()); }

  std::string string(int wireType, const char *what) {
    expect(wireType, LengthDelimited, what);
    return std::string(bytes());
  }

  // The embedded message of a length-delimited field.
  Reader message(int wireType, const char *what) {
    expect(wireType, LengthDelimited, what);
    std::size_t at = 0;
    const std::string_view body = bytes(&at);
    return Reader(body, at, m_file, m_kind);
  }

  // A repeated int64 / float field, packed or not, appended to out.
  void int64s(int wireType, std::vector<long long> &out) {
    if (wireType == Varint) {
      out.push_back(static_cast<long long>(varint()));
      return;
    }
    Reader packed = message(wireType, "int64 list");
    while (!packed.atEnd())
      out.push_back(static_cast<long long>(packed.varint()));
  }
  void floats(int wireType, std::vector<float> &out) {
    if (wireType == Fixed32) {
      out.push_back(float32());
      return;
    }
    Reader packed = message(wireType, "float list");
    while (!packed.atEnd())
      out.push_back(packed.float32());
  }

  // Fails unless the field has the wire type the caller reads.
  void expect(int actual, int wanted, const char *what) const {
    if (actual != wanted)
      fail(std::string("field ") + what + " has wire type " + std::to_string(actual) + ", expected " + std::to_string(wanted));
  }

  void skip(std::uint32_t field, int wireType, int depth = 0) {
    switch (wireType) {
    case Varint: varint(); return;
    case Fixed64:
      if (m_bytes.size() - m_pos < 8)
        fail("truncated fixed64");
      m_pos += 8;
      return;
    case LengthDelimited: bytes(); return;
    case Fixed32: fixed32(); return;
    case StartGroup:
      if (depth > 64)
        fail("groups nested too deeply");
      for (;;) {
        if (atEnd())
          fail("unterminated group");
        const auto [inner, innerType] = tag();
        if (innerType == EndGroup) {
          if (inner != field)
            fail("mismatched end of group");
          return;
        }
        skip(inner, innerType, depth + 1);
      }
    default: fail("invalid wire type " + std::to_string(wireType));
    }
  }

  [[noreturn]] void fail(const std::string &what) const {
    throw ModelError(ErrorCode::Corrupt, m_file + ": not a " + m_kind + ": " + what + " at byte " + std::to_string(offset()));
  }

private:
  std::string_view m_bytes;
  std::size_t m_base = 0;
  std::size_t m_pos = 0;
  const std::string &m_file;
  const char *m_kind;
};

} // namespace dragoman::torchrt::protowire
