#pragma once
// ModelError (the Qt-free runtime's error) to Error, at the engine boundary.

#include "core/common/result.h"

#include <exception>

namespace dragoman {

// Call inside a catch block: maps the exception in flight (ModelError, std::exception, anything)
// to an Error whose message starts with `context`.
Error currentExceptionToError(const QString &context);

} // namespace dragoman
