#pragma once
// Internal to core/inference/torch/whisper: the Whisper network. This header names ATen types, so
// only .cpp files of this folder include it (DESIGN.md rule 3: no torch type in a public header).

#include "core/inference/torch/whisper/config.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>

namespace dragoman::torchrt::whisper {

// Decoding state for a batch of B token sequences against one encoded window: the self-attention
// KV cache grows with each forward(); cross-attention K/V are computed once when the session starts.
class IDecoderSession {
public:
  virtual ~IDecoderSession() = default;
  // tokens [B, T] int64 (on any device), appended after the cached positions.
  // Returns logits [B, T, vocab] float32 on the CPU.
  virtual at::Tensor forward(const at::Tensor &tokens) = 0;
  // Beam search: row i of the cache becomes old row index[i] (index: [B'] int64; B' may differ
  // from B, e.g. to go from 1 prompt row to beamSize rows).
  virtual void reorder(const at::Tensor &index) = 0;
  // Positions held in the self-attention cache.
  virtual long long cachedLength() const = 0;
  // Drops the self-attention cache (cross-attention K/V are kept): start a new sequence.
  virtual void reset() = 0;
  virtual long long batchSize() const = 0;
};

class WhisperModel {
public:
  virtual ~WhisperModel() = default;
  virtual const WhisperConfig &config() const = 0;
  // mel [B, n_mels, 3000] float32 (any device) -> encoder output [B, 1500, d_model] on the model's device.
  virtual at::Tensor encode(const at::Tensor &mel) = 0;
  // A decoder session over encoderOut [1 or B, 1500, d_model], replicated to batch rows.
  virtual std::unique_ptr<IDecoderSession> startDecoding(const at::Tensor &encoderOut, long long batch) = 0;
  // Without cache: logits [B, T, vocab] for tokens [B, T] (reference for tests).
  virtual at::Tensor logitsFull(const at::Tensor &encoderOut, const at::Tensor &tokens) = 0;
  virtual std::string deviceName() const = 0;   // "cpu", "cuda:0"
  virtual long long parameterBytes() const = 0;  // bytes of weights as loaded
};

} // namespace dragoman::torchrt::whisper
