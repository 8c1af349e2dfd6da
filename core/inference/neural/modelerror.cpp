#include "core/inference/neural/modelerror.h"

#include "core/inference/torch/runtime/errors.h"

namespace dragoman {

Error currentExceptionToError(const QString &context) {
  using torchrt::ErrorCode;
  try {
    throw;
  } catch (const torchrt::ModelError &e) {
    ErrorKind kind = ErrorKind::Internal;
    switch (e.code()) {
    case ErrorCode::NotFound: kind = ErrorKind::EngineUnavailable; break;
    case ErrorCode::Corrupt: kind = ErrorKind::Input; break;
    case ErrorCode::Unsupported: kind = ErrorKind::Unsupported; break;
    case ErrorCode::Input: kind = ErrorKind::Input; break;
    case ErrorCode::Device: kind = ErrorKind::EngineUnavailable; break;
    case ErrorCode::Cancelled: kind = ErrorKind::Cancelled; break;
    }
    return Error::make(kind, context + QString::fromStdString(e.what()));
  } catch (const std::exception &e) {
    return Error::make(ErrorKind::Internal, context + QString::fromStdString(e.what()));
  } catch (...) {
    return Error::make(ErrorKind::Internal, context + QStringLiteral("unknown failure"));
  }
}

} // namespace dragoman
