#pragma once
// Internal: builds the Whisper network from a Hugging Face folder (config.json + weights).

#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/whisper/model.h"

#include <memory>
#include <string>

namespace dragoman::torchrt::whisper {

// Throws ModelError (missing/corrupt files, shapes that disagree with config.json, device errors).
std::unique_ptr<WhisperModel> loadWhisperModel(const std::string &folder, const ResolvedRuntime &runtime);

} // namespace dragoman::torchrt::whisper
