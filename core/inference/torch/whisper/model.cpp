#include "core/inference/torch/whisper/model.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/nn/kvcache.h"
#include "core/inference/torch/nn/rowstep.h"
#include "core/inference/torch/runtime/weights.h"
#include "core/inference/torch/whisper/layers.h"
#include "core/inference/torch/whisper/loader.h"
#include "core/telemetry/profiler/profiler.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

namespace dragoman::torchrt::whisper {

namespace {

// [B, T, d] -> [B, H, T, d/H]
at::Tensor splitHeads(const at::Tensor &x, long long heads) {
  return x.view({x.size(0), x.size(1), heads, x.size(2) / heads}).transpose(1, 2);
}

// [B, H, T, dh] -> [B, T, H*dh]; for one position of a contiguous tensor that is a view.
at::Tensor mergeHeads(const at::Tensor &x) {
  if (x.size(2) == 1 && x.is_contiguous())
    return x.view({x.size(0), 1, x.size(1) * x.size(3)});
  return x.transpose(1, 2).reshape({x.size(0), x.size(2), x.size(1) * x.size(3)});
}

at::Tensor attendChunk(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask) {
  // q arrives scaled by 1/sqrt(head size): the factor is folded into the query weights at load.
  at::Tensor scores = at::matmul(q, k.transpose(-1, -2));
  if (mask.defined())
    scores = scores + mask;
  // Softmax in float32 whatever the model's dtype (fp16 overflows here).
  const at::Tensor p = q.scalar_type() == at::kFloat ? at::softmax(scores, -1) : at::softmax(scores, -1, at::kFloat).to(q.scalar_type());
  return at::matmul(p, v);
}

// Scores of all heads at once take B·H·T·S floats: 54 MB for whisper-tiny's encoder, 180 MB for
// large-v3's. Past kScoreBytes the heads go a few at a time, which bounds the peak and keeps each
// buffer small enough for the allocator to reuse instead of mapping fresh pages every layer.
constexpr long long kScoreBytes = 16LL << 20;

at::Tensor attendHeads(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask);

at::Tensor attend(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask) {
  if (k.size(0) == 1 && q.size(0) > 1 && !mask.defined()) {
    // Cross-attention of B rows (beams, samples) against one window's K/V: fold the rows into the
    // query length rather than let matmul broadcast (it would copy K and V B times per layer).
    const long long b = q.size(0), h = q.size(1), t = q.size(2), dh = q.size(3);
    const at::Tensor folded = q.permute({1, 0, 2, 3}).reshape({1, h, b * t, dh});
    return attendHeads(folded, k, v, mask).view({h, b, t, dh}).permute({1, 0, 2, 3});
  }
  return attendHeads(q, k, v, mask);
}

at::Tensor attendHeads(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask) {
  const long long heads = q.size(1);
  const long long perHead = q.size(0) * q.size(2) * k.size(2) * 4;
  const long long chunk = std::max(1LL, std::min(heads, kScoreBytes / std::max(1LL, perHead)));
  if (chunk >= heads)
    return attendChunk(q, k, v, mask);
  std::vector<at::Tensor> parts;
  for (long long h = 0; h < heads; h += chunk) {
    const long long n = std::min(chunk, heads - h);
    // Cross-attention K/V may have batch 1 against B query rows: narrow heads only.
    parts.push_back(attendChunk(q.narrow(1, h, n), k.narrow(1, h, n), v.narrow(1, h, n), mask));
  }
  return at::cat(parts, 1);
}

class Model;

class Session final : public IDecoderSession {
public:
  Session(Model &model, const at::Tensor &encoderOut, long long batch);
  at::Tensor forward(const at::Tensor &tokens) override;
  void reorder(const at::Tensor &index) override;
  long long cachedLength() const override { return m_length; }
  void reset() override { m_length = 0; }
  long long batchSize() const override { return m_batch; }

private:
  void reserve(long long needed);
  Model &m;
  long long m_batch;
  long long m_length = 0;
  long long m_capacity = 0;
  std::vector<at::Tensor> m_selfK, m_selfV;   // [B, H, capacity, dh]
  std::vector<at::Tensor> m_crossK, m_crossV; // [1 or B, H, 1500, dh]
  std::unique_ptr<nn::RowStep> m_row;         // steps of up to eight rows on the CPU, built at the first one
};

class Model final : public WhisperModel {
public:
  Model(const std::string &folder, const WhisperConfig &config, const ResolvedRuntime &runtime);
  const WhisperConfig &config() const override { return c; }
  at::Tensor encode(const at::Tensor &mel) override;
  std::unique_ptr<IDecoderSession> startDecoding(const at::Tensor &encoderOut, long long batch) override {
    return std::make_unique<Session>(*this, encoderOut, batch);
  }
  at::Tensor logitsFull(const at::Tensor &encoderOut, const at::Tensor &tokens) override {
    Session s(*this, encoderOut, tokens.size(0));
    return s.forward(tokens);
  }
  std::string deviceName() const override { return device.str(); }
  long long parameterBytes() const override { return bytes; }

  WhisperConfig c;
  at::Device device = at::kCPU;
  at::ScalarType dtype = at::kFloat;
  long long bytes = 0;
  at::Tensor conv1w, conv1b, conv2w, conv2b, encPositions;
  std::vector<EncoderLayer> encoder;
  Norm encNorm;
  at::Tensor tokenEmbedding, decPositions;
  std::vector<DecoderLayer> decoder;
  Norm decNorm;
  nn::RowDecoder rows; // the decoder as nn::RowStep reads it (CPU float32)
  bool rowsUsable = false;
};

Model::Model(const std::string &folder, const WhisperConfig &config, const ResolvedRuntime &runtime)
    : c(config), device(runtime.device), dtype(scalarTypeOf(runtime.dtype)) {
  WeightLoader w(folder, runtime);
  const long long d = c.dModel;
  auto norm = [&](const std::string &p) { return Norm{w.get(p + ".weight", {d}), w.get(p + ".bias", {d})}; };
  auto mlp = [&](const std::string &p, long long ffn) {
    return Mlp{w.get(p + "fc1.weight", {ffn, d}), w.get(p + "fc1.bias", {ffn}), w.get(p + "fc2.weight", {d, ffn}),
               w.get(p + "fc2.bias", {d})};
  };
  const at::Tensor zeroBias = at::zeros({d}, at::TensorOptions().dtype(dtype).device(device));
  // k_proj has no bias in Whisper; accept one if a converted checkpoint carries it.
  auto kBias = [&](const std::string &p) {
    const at::Tensor b = w.getOptional(p + ".k_proj.bias", {d});
    return b.defined() ? b : zeroBias;
  };
  // Attention scores are q·kᵀ/sqrt(head size); the factor goes into the query projection once.
  auto qScale = [&](int heads) { return 1.0 / std::sqrt(static_cast<double>(d / heads)); };
  auto selfAttention = [&](const std::string &p, int heads) {
    Attention a;
    const double s = qScale(heads);
    a.wqkv = at::cat({w.get(p + ".q_proj.weight", {d, d}) * s, w.get(p + ".k_proj.weight", {d, d}),
                      w.get(p + ".v_proj.weight", {d, d})});
    a.bqkv = at::cat({w.get(p + ".q_proj.bias", {d}) * s, kBias(p), w.get(p + ".v_proj.bias", {d})});
    a.wo = w.get(p + ".out_proj.weight", {d, d});
    a.bo = w.get(p + ".out_proj.bias", {d});
    return a;
  };
  auto crossAttention = [&](const std::string &p, int heads) {
    Attention a;
    a.wq = w.get(p + ".q_proj.weight", {d, d}) * qScale(heads);
    a.bq = w.get(p + ".q_proj.bias", {d}) * qScale(heads);
    a.wkv = at::cat({w.get(p + ".k_proj.weight", {d, d}), w.get(p + ".v_proj.weight", {d, d})});
    a.bkv = at::cat({kBias(p), w.get(p + ".v_proj.bias", {d})});
    a.wo = w.get(p + ".out_proj.weight", {d, d});
    a.bo = w.get(p + ".out_proj.bias", {d});
    return a;
  };

  const long long mels = c.numMelBins;
  conv1w = w.get("model.encoder.conv1.weight", {d, mels, 3});
  conv1b = w.get("model.encoder.conv1.bias", {d});
  conv2w = w.get("model.encoder.conv2.weight", {d, d, 3});
  conv2b = w.get("model.encoder.conv2.bias", {d});
  encPositions = w.get("model.encoder.embed_positions.weight", {c.maxSourcePositions, d});
  for (int i = 0; i < c.encoderLayers; ++i) {
    const std::string p = "model.encoder.layers." + std::to_string(i) + ".";
    encoder.push_back(EncoderLayer{norm(p + "self_attn_layer_norm"), selfAttention(p + "self_attn", c.encoderHeads),
                                   norm(p + "final_layer_norm"), mlp(p, c.encoderFfn)});
  }
  encNorm = norm("model.encoder.layer_norm");
  tokenEmbedding = w.get("model.decoder.embed_tokens.weight", {c.vocabSize, d});
  decPositions = w.get("model.decoder.embed_positions.weight", {c.maxTargetPositions, d});
  for (int i = 0; i < c.decoderLayers; ++i) {
    const std::string p = "model.decoder.layers." + std::to_string(i) + ".";
    decoder.push_back(DecoderLayer{norm(p + "self_attn_layer_norm"), selfAttention(p + "self_attn", c.decoderHeads),
                                   norm(p + "encoder_attn_layer_norm"), crossAttention(p + "encoder_attn", c.decoderHeads),
                                   norm(p + "final_layer_norm"), mlp(p, c.decoderFfn)});
  }
  decNorm = norm("model.decoder.layer_norm");
  // A separate proj_out must equal the tied embedding; Whisper checkpoints tie them.
  bytes = w.bytesLoaded();
  if (device.is_cpu() && dtype == at::kFloat) {
    rows.dModel = d;
    rows.heads = c.decoderHeads;
    rows.ffn = c.decoderFfn;
    rows.vocab = c.vocabSize;
    rows.preLayerNorm = true;
    rows.activation = nn::RowActivation::Gelu;
    for (const DecoderLayer &l : decoder)
      rows.layers.push_back(nn::RowLayer{{l.norm1.w, l.norm1.b}, l.self.wqkv, l.self.bqkv, l.self.wo, l.self.bo,
                                         {l.norm2.w, l.norm2.b}, l.cross.wq, l.cross.bq, l.cross.wo, l.cross.bo,
                                         {l.norm3.w, l.norm3.b}, l.mlp.w1, l.mlp.b1, l.mlp.w2, l.mlp.b2});
    rows.finalNorm = {decNorm.w, decNorm.b};
    rows.lmHead = tokenEmbedding;
    rowsUsable = rows.usable();
  }
}

at::Tensor Model::encode(const at::Tensor &melIn) {
  DRAGOMAN_PROFILE_SCOPE("whisper.encode");
  at::Tensor mel = melIn.dim() == 2 ? melIn.unsqueeze(0) : melIn;
  if (mel.dim() != 3 || mel.size(1) != c.numMelBins || mel.size(2) != 2 * c.maxSourcePositions)
    throw ModelError(ErrorCode::Input, "encoder input must be [batch, " + std::to_string(c.numMelBins) + ", " +
                                           std::to_string(2 * c.maxSourcePositions) + "] log-mel frames");
  mel = mel.to(device, dtype);
  at::Tensor x = at::gelu(at::conv1d(mel, conv1w, conv1b, 1, 1));
  x = at::gelu(at::conv1d(x, conv2w, conv2b, 2, 1));
  x = x.transpose(1, 2) + encPositions;
  const long long heads = c.encoderHeads;
  for (const EncoderLayer &l : encoder) {
    const at::Tensor qkv = at::linear(l.norm1(x), l.attn.wqkv, l.attn.bqkv);
    const auto parts = qkv.chunk(3, -1);
    const at::Tensor a = attend(splitHeads(parts[0], heads), splitHeads(parts[1], heads), splitHeads(parts[2], heads), {});
    x = x + at::linear(mergeHeads(a), l.attn.wo, l.attn.bo);
    x = x + l.mlp(l.norm2(x));
  }
  return encNorm(x);
}

Session::Session(Model &model, const at::Tensor &encoderOut, long long batch) : m(model), m_batch(batch) {
  DRAGOMAN_PROFILE_SCOPE("whisper.cross_kv");
  const at::Tensor enc = (encoderOut.dim() == 2 ? encoderOut.unsqueeze(0) : encoderOut).to(m.device, m.dtype);
  if (enc.size(0) != 1 && enc.size(0) != batch)
    throw ModelError(ErrorCode::Input, "decoder batch " + std::to_string(batch) + " does not match " +
                                           std::to_string(enc.size(0)) + " encoded windows");
  const long long heads = m.c.decoderHeads;
  for (const DecoderLayer &l : m.decoder) {
    const auto kv = at::linear(enc, l.cross.wkv, l.cross.bkv).chunk(2, -1);
    m_crossK.push_back(splitHeads(kv[0], heads).contiguous());
    m_crossV.push_back(splitHeads(kv[1], heads).contiguous());
  }
}

void Session::reserve(long long needed) {
  const long long heads = m.c.decoderHeads;
  m_capacity = nn::growCache(m_selfK, m_selfV, m.decoder.size(), m_batch, heads, m.c.dModel / heads, m_length, m_capacity, needed,
                             m.c.maxTargetPositions, at::TensorOptions().dtype(m.dtype).device(m.device));
}

at::Tensor Session::forward(const at::Tensor &tokensIn) {
  if (tokensIn.dim() != 2 || tokensIn.size(0) != m_batch)
    throw ModelError(ErrorCode::Input, "decoder tokens must be [" + std::to_string(m_batch) + ", T]");
  const long long t = tokensIn.size(1);
  if (m_length + t > m.c.maxTargetPositions)
    throw ModelError(ErrorCode::Input, "decoder context full: " + std::to_string(m_length + t) + " positions, the model has " +
                                           std::to_string(m.c.maxTargetPositions));
  // Checked on the CPU copy (tokens arrive from the search there): no device round trip per step.
  const at::Tensor host = tokensIn.to(at::kCPU, at::kLong).contiguous();
  const int64_t *ids = host.data_ptr<int64_t>();
  for (int64_t i = 0; i < host.numel(); ++i)
    if (ids[i] < 0 || ids[i] >= m.c.vocabSize)
      throw ModelError(ErrorCode::Input, "decoder token id " + std::to_string(ids[i]) + " outside the vocabulary of " +
                                             std::to_string(m.c.vocabSize));
  reserve(m_length + t);
  const nn::RowCaches caches{m_selfK, m_selfV, m_crossK, m_crossV};
  if (t == 1 && m.rowsUsable && nn::RowStep::fits(m.rows, m_batch, caches)) {
    DRAGOMAN_PROFILE_SCOPE("whisper.decode.step");
    const long long d = m.c.dModel;
    const float scale = m.c.scaleEmbedding ? std::sqrt(static_cast<float>(d)) : 1.0f;
    std::vector<float> input(static_cast<std::size_t>(m_batch * d));
    const float *p = m.decPositions.data_ptr<float>() + m_length * d;
    for (long long r = 0; r < m_batch; ++r) {
      const float *e = m.tokenEmbedding.data_ptr<float>() + ids[r] * d;
      for (long long j = 0; j < d; ++j)
        input[static_cast<std::size_t>(r * d + j)] = e[j] * scale + p[j];
    }
    if (!m_row)
      m_row = std::make_unique<nn::RowStep>(m.rows);
    at::Tensor logits = at::empty({m_batch, 1, m.c.vocabSize}, at::kFloat);
    m_row->step(input.data(), m_batch, m_length, caches, logits.data_ptr<float>());
    m_length += 1;
    return logits;
  }
  DRAGOMAN_PROFILE_SCOPE("whisper.decode.batch"); // prompts, beams, GPU steps
  const at::Tensor tokens = host.to(m.device);
  at::Tensor x = at::embedding(m.tokenEmbedding, tokens);
  if (m.c.scaleEmbedding)
    x = x * std::sqrt(static_cast<double>(m.c.dModel));
  x = x + m.decPositions.narrow(0, m_length, t);
  const long long total = m_length + t;
  at::Tensor mask;
  if (t > 1) {
    // New position i (absolute m_length + i) sees keys 0 .. m_length + i.
    mask = at::full({t, total}, -std::numeric_limits<float>::infinity(), at::TensorOptions().dtype(m.dtype).device(m.device))
               .triu(m_length + 1);
  }
  const long long heads = m.c.decoderHeads;
  for (std::size_t i = 0; i < m.decoder.size(); ++i) {
    const DecoderLayer &l = m.decoder[i];
    const auto qkv = project(l.norm1(x), l.self.wqkv, l.self.bqkv).chunk(3, -1);
    m_selfK[i].narrow(2, m_length, t).copy_(splitHeads(qkv[1], heads));
    m_selfV[i].narrow(2, m_length, t).copy_(splitHeads(qkv[2], heads));
    const at::Tensor a = attend(splitHeads(qkv[0], heads), m_selfK[i].narrow(2, 0, total), m_selfV[i].narrow(2, 0, total), mask);
    x = x + project(mergeHeads(a), l.self.wo, l.self.bo);
    const at::Tensor q = splitHeads(project(l.norm2(x), l.cross.wq, l.cross.bq), heads);
    x = x + project(mergeHeads(attend(q, m_crossK[i], m_crossV[i], {})), l.cross.wo, l.cross.bo);
    x = x + l.mlp(l.norm3(x));
  }
  m_length = total;
  return project(m.decNorm(x), m.tokenEmbedding).to(at::kCPU, at::kFloat);
}

void Session::reorder(const at::Tensor &indexIn) {
  const at::Tensor index = indexIn.to(m.device, at::kLong);
  const long long newBatch = index.size(0);
  // Only the filled positions move; the rest of the capacity stays unused.
  nn::selectCacheRows(m_selfK, m_selfV, index, m_length);
  for (std::size_t i = 0; i < m_crossK.size(); ++i)
    if (m_crossK[i].size(0) != 1) {
      m_crossK[i] = m_crossK[i].index_select(0, index);
      m_crossV[i] = m_crossV[i].index_select(0, index);
    }
  m_batch = newBatch;
}

} // namespace

std::unique_ptr<WhisperModel> loadWhisperModel(const std::string &folder, const ResolvedRuntime &runtime) {
  DRAGOMAN_PROFILE_SCOPE("whisper.load");
  const WhisperConfig config = loadConfig(folder);
  tuneAllocator();
  try {
    return std::make_unique<Model>(folder, config, runtime);
  } catch (const c10::Error &e) {
    // Out of memory on a GPU, mostly: name it.
    throw ModelError(ErrorCode::Device, folder + ": cannot load the model on " + runtime.device + ": " +
                                            e.what_without_backtrace());
  }
}

} // namespace dragoman::torchrt::whisper
