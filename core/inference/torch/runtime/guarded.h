#pragma once
// Internal to core/inference/torch: exceptions from LibTorch become ModelErrors at the edge of a
// model family's public class (Recognizer, Translator); out of memory is a Device error.

#include "core/inference/torch/runtime/errors.h"

#include <c10/util/Exception.h>

#include <string>

namespace dragoman::torchrt {

template <typename F> auto guarded(const char *what, F &&f) {
  try {
    return f();
  } catch (const ModelError &) {
    throw;
  } catch (const c10::Error &e) {
    const std::string msg = e.what_without_backtrace();
    const bool oom = msg.find("out of memory") != std::string::npos;
    throw ModelError(oom ? ErrorCode::Device : ErrorCode::Input, std::string(what) + ": " + msg);
  }
}

} // namespace dragoman::torchrt
