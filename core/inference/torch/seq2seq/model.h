#pragma once
// Internal to core/inference/torch/seq2seq: the encoder-decoder transformer shared by Marian
// (post-LayerNorm, static sinusoidal positions, final_logits_bias) and M2M100 / NLLB-200
// (pre-LayerNorm with final norms, sinusoidal positions offset by the padding index). Names ATen
// types, so only .cpp files of this folder and its tests include it.

#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/generation/search.h"
#include "core/inference/torch/seq2seq/config.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

namespace dragoman::torchrt::nn {
class RowStep;
}

namespace dragoman::torchrt::seq2seq {

class Seq2SeqModel;

// The decoder's state for R rows against encoded source sentences: self-attention K/V grow with
// each step, cross-attention K/V are computed once per source row and follow reorder().
class DecoderState final : public generation::IDecoderSteps {
public:
  DecoderState(const Seq2SeqModel &model, const at::Tensor &encoderOut, const at::Tensor &mask);
  ~DecoderState() override;
  // tokens [R, T] int64 -> logits [R, T, vocab] float32 on the CPU (raw: lm_head + final_logits_bias).
  at::Tensor forward(const at::Tensor &tokens);
  void step(const std::vector<long long> &tokens, std::vector<float> &logits) override;
  void reorder(const std::vector<long long> &index) override;
  long long vocabSize() const override;
  long long rows() const { return m_rows; }
  long long cachedLength() const { return m_length; }
  // True once a step went through nn::RowStep (tests: the fast path was the one compared).
  bool rowStepUsed() const { return m_rowStep != nullptr; }

private:
  void reserve(long long needed);
  // One position of up to 32 rows through nn::RowStep (CPU float32), logits into `out`
  // [R, vocab]; false when the step does not fit it (the operators then run).
  bool rowStep(const at::Tensor &tokens, float *out);
  const Seq2SeqModel &m;
  std::unique_ptr<nn::RowStep> m_rowStep;
  long long m_rows;
  long long m_length = 0, m_capacity = 0;
  std::vector<long long> m_source; // encoder row of each decoder row
  at::Tensor m_mask;               // additive [R, 1, 1, S]
  std::vector<at::Tensor> m_selfK, m_selfV, m_crossK, m_crossV;
};

class Seq2SeqModel {
public:
  // Throws ModelError naming the weights file and tensor at fault.
  Seq2SeqModel(const std::string &folder, const Seq2SeqConfig &config, const ResolvedRuntime &runtime);
  ~Seq2SeqModel();
  const Seq2SeqConfig &config() const { return c; }
  // ids [B, S] int64 right-padded, mask [B, S] (1 real token, 0 padding) -> [B, S, d_model].
  at::Tensor encode(const at::Tensor &ids, const at::Tensor &mask) const;
  std::unique_ptr<DecoderState> startDecoding(const at::Tensor &encoderOut, const at::Tensor &mask) const;
  std::string deviceName() const;
  long long parameterBytes() const { return m_bytes; }
  std::string weightsSource() const { return m_source; }

  struct Weights; // the tensors (model.cpp)
  const Weights &weights() const { return *w; }
  at::Tensor positions(const at::Tensor &tokens, long long past) const; // [B, T, d]
  at::Tensor embed(const at::Tensor &tokens, const at::Tensor &table) const;

private:
  Seq2SeqConfig c;
  std::unique_ptr<Weights> w;
  long long m_bytes = 0;
  std::string m_source;
};

} // namespace dragoman::torchrt::seq2seq
