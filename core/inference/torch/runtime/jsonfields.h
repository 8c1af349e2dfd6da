#pragma once
// Typed fields of a model's JSON configuration (config.json, generation_config.json): each read
// names the file and the field when it is missing, of the wrong type or out of the supported range
// (ModelError: Corrupt for a malformed file, Unsupported for a value outside what is supported).
// The model families' readers (whisper, seq2seq, vits) add their own fields on top.

#include "core/inference/torch/runtime/errors.h"

#include <nlohmann/json.hpp>

#include <string>

namespace dragoman::torchrt {

class JsonFields {
public:
  JsonFields(const nlohmann::json &object, std::string file) : m_j(object), m_file(std::move(file)) {}

  bool has(const char *key) const; // present and not null
  const nlohmann::json &required(const char *key) const;
  long long integer(const nlohmann::json &value, const std::string &key, long long minimum, long long maximum) const;
  long long integer(const char *key, long long minimum, long long maximum) const;
  long long integer(const char *key, long long minimum, long long maximum, long long fallback) const;
  double number(const char *key, double fallback) const;
  bool boolean(const char *key, bool fallback) const;
  std::string string(const char *key, const std::string &fallback) const;
  [[noreturn]] void fail(ErrorCode code, const std::string &message) const; // "FILE: message"

protected:
  const nlohmann::json &m_j;
  std::string m_file;
};

} // namespace dragoman::torchrt
