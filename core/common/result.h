#pragma once
// Result<T>: a value or an Error a person can understand (DESIGN.md habit 6).

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace dragoman {

// Error kinds map one to one onto the command line's exit codes (see app/cli/exitcodes.h).
enum class ErrorKind {
  Internal,          // a bug or an unexpected library failure
  Usage,             // a wrong command line
  Config,            // an invalid configuration value
  Input,             // missing, unreadable or corrupt input
  Unsupported,       // e.g. a language pair no engine offers
  EngineUnavailable, // an engine or its data is not installed
  Output,            // an output file could not be written
  Cancelled,         // stopped by the user or a signal
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  QString message;

  static Error make(ErrorKind k, QString msg) { return Error{k, std::move(msg)}; }
};

template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : m_data(std::move(value)) {}       // NOLINT(google-explicit-constructor)
  Result(Error error) : m_data(std::move(error)) {}   // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(m_data); }
  explicit operator bool() const { return ok(); }

  const T &value() const & { return std::get<T>(m_data); }
  T &value() & { return std::get<T>(m_data); }
  T &&value() && { return std::get<T>(std::move(m_data)); }
  const T &operator*() const & { return value(); }
  T &operator*() & { return value(); }
  const T *operator->() const { return &value(); }
  T *operator->() { return &value(); }

  const Error &error() const { return std::get<Error>(m_data); }

private:
  std::variant<T, Error> m_data;
};

// Result<void> equivalent.
class [[nodiscard]] Status {
public:
  Status() = default;
  Status(Error error) : m_error(std::move(error)) {} // NOLINT(google-explicit-constructor)
  static Status success() { return {}; }

  bool ok() const { return !m_error.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error &error() const { return *m_error; }

private:
  std::optional<Error> m_error;
};

inline Error makeError(ErrorKind kind, QString message) { return Error{kind, std::move(message)}; }

} // namespace dragoman
