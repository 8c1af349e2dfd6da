#pragma once
// Errors of the inference runtime. This folder has no Qt, so it has its own error type; engines
// (core/inference/*) catch it at their boundary and turn it into a Result (DESIGN.md habit 6).

#include <stdexcept>
#include <string>

namespace dragoman::torchrt {

enum class ErrorCode {
  NotFound,    // a file or folder is missing
  Corrupt,     // a file is malformed, truncated or inconsistent
  Unsupported, // a valid file asks for something we do not implement (model type, dtype, ...)
  Input,       // the caller's input is unusable (empty audio, unknown language, ...)
  Device,      // CUDA missing, out of memory, ...
  Cancelled,   // the abort flag was set
};

class ModelError : public std::runtime_error {
public:
  ModelError(ErrorCode code, const std::string &message) : std::runtime_error(message), m_code(code) {}
  ErrorCode code() const { return m_code; }

private:
  ErrorCode m_code;
};

} // namespace dragoman::torchrt
