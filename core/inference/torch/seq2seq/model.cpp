#include "core/inference/torch/seq2seq/model.h"

#include "core/inference/torch/nn/rowkernels.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/nn/kvcache.h"
#include "core/inference/torch/nn/project.h"
#include "core/inference/torch/nn/rowstep.h"
#include "core/inference/torch/runtime/weights.h"
#include "core/telemetry/profiler/profiler.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

namespace dragoman::torchrt::seq2seq {

namespace {

struct Norm {
  at::Tensor w, b;
  at::Tensor operator()(const at::Tensor &x) const { return at::layer_norm(x, {w.size(0)}, w, b, 1e-5); }
};

struct Attention {
  at::Tensor wq, bq, wk, bk, wv, bv, wo, bo;
  at::Tensor wkv, bkv; // k and v fused (cross-attention reads the encoder once)
  at::Tensor wqkv, bqkv; // q, k and v fused (self-attention)
};

struct Ffn {
  at::Tensor w1, b1, w2, b2;
};

struct EncoderLayer {
  Attention attn;
  Norm attnNorm;
  Ffn ffn;
  Norm ffnNorm;
};

struct DecoderLayer {
  Attention self;
  Norm selfNorm;
  Attention cross;
  Norm crossNorm;
  Ffn ffn;
  Norm ffnNorm;
};

// [B, T, d] -> [B, H, T, d/H]
at::Tensor splitHeads(const at::Tensor &x, long long heads) {
  return x.view({x.size(0), x.size(1), heads, x.size(2) / heads}).transpose(1, 2);
}

// [B, H, T, dh] -> [B, T, H*dh]
at::Tensor mergeHeads(const at::Tensor &x) {
  return x.transpose(1, 2).reshape({x.size(0), x.size(2), x.size(1) * x.size(3)});
}

// softmax(q·kᵀ + mask)·v; q arrives scaled. Softmax in float32 whatever the weights' dtype.
at::Tensor attend(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor &mask) {
  at::Tensor scores = at::matmul(q, k.transpose(-1, -2));
  if (mask.defined())
    scores = scores + mask;
  const at::Tensor p = q.scalar_type() == at::kFloat ? at::softmax(scores, -1) : at::softmax(scores, -1, at::kFloat).to(q.scalar_type());
  return at::matmul(p, v);
}

// The padding mask as an additive bias [B, 1, 1, S]: 0 on real tokens, the dtype's lowest value on
// padding (as Hugging Face's models do, so that a row is never all -inf).
at::Tensor additiveMask(const at::Tensor &mask, at::ScalarType dtype, const at::Device &device) {
  const at::Tensor m = mask.to(device, at::kFloat).unsqueeze(1).unsqueeze(1);
  const double lowest = dtype == at::kHalf ? -65504.0 : (dtype == at::kBFloat16 ? -3.38e38 : std::numeric_limits<float>::lowest());
  return ((1.0 - m) * lowest).to(dtype);
}

// Marian's static table: row p = [sin(p·f_i)] ++ [cos(p·f_i)], f_i = 10000^(-2i/d).
at::Tensor marianPositions(long long rows, long long d) {
  at::Tensor table = at::zeros({rows, d}, at::kFloat);
  auto acc = table.accessor<float, 2>();
  const long long half = (d + 1) / 2; // sin columns (an odd d gets one more sine, as the reference)
  for (long long p = 0; p < rows; ++p)
    for (long long j = 0; j < d; ++j) {
      const long long i = j < half ? j : j - half;
      const double angle = static_cast<double>(p) / std::pow(10000.0, 2.0 * static_cast<double>(i) / static_cast<double>(d));
      acc[p][j] = static_cast<float>(j < half ? std::sin(angle) : std::cos(angle));
    }
  return table;
}

// M2M100's table, computed in float32 as the reference does: row k = [sin(k·f_i)] ++ [cos(k·f_i)],
// f_i = exp(-i·ln(10000)/(d/2 - 1)); the padding row is zero.
at::Tensor m2mPositions(long long rows, long long d, long long paddingIdx) {
  const long long half = d / 2;
  const double step = std::log(10000.0) / static_cast<double>(std::max<long long>(half - 1, 1));
  const at::Tensor freq = at::exp(at::arange(static_cast<int64_t>(half), at::kLong).to(at::kFloat) * -step);
  const at::Tensor angles = at::arange(static_cast<int64_t>(rows), at::kLong).to(at::kFloat).unsqueeze(1) * freq.unsqueeze(0);
  at::Tensor table = at::cat({at::sin(angles), at::cos(angles)}, 1);
  if (d % 2 == 1)
    table = at::cat({table, at::zeros({rows, 1}, at::kFloat)}, 1);
  if (paddingIdx >= 0 && paddingIdx < rows)
    table[paddingIdx].zero_();
  return table;
}

} // namespace

struct Seq2SeqModel::Weights {
  at::Device device = at::kCPU;
  at::ScalarType dtype = at::kFloat;
  at::Tensor encEmbed, decEmbed, lmHead, logitsBias, positionTable;
  std::vector<EncoderLayer> encoder;
  std::vector<DecoderLayer> decoder;
  Norm encNorm, decNorm; // M2M100 only
  double embedScale = 1.0;
  nn::RowDecoder rows; // the decoder as nn::RowStep reads it
  bool rowsUsable = false;
};

Seq2SeqModel::Seq2SeqModel(const std::string &folder, const Seq2SeqConfig &config, const ResolvedRuntime &runtime)
    : c(config), w(std::make_unique<Weights>()) {
  WeightLoader loader(folder, runtime);
  m_source = loader.source();
  Weights &W = *w;
  W.device = at::Device(runtime.device);
  W.dtype = scalarTypeOf(runtime.dtype);
  const long long d = c.dModel, vocab = c.vocabSize;
  // Checkpoints saved from MarianModel / M2M100Model lack the "model." prefix.
  const std::string p = loader.has("model.shared.weight") || loader.has("model.encoder.embed_tokens.weight") ? "model." : "";
  auto norm = [&](const std::string &name) { return Norm{loader.get(name + ".weight", {d}), loader.get(name + ".bias", {d})}; };
  auto attention = [&](const std::string &name, int heads, bool self) {
    Attention a;
    const double scale = 1.0 / std::sqrt(static_cast<double>(d / heads));
    a.wq = loader.get(name + ".q_proj.weight", {d, d}) * scale;
    a.bq = loader.get(name + ".q_proj.bias", {d}) * scale;
    a.wk = loader.get(name + ".k_proj.weight", {d, d});
    a.bk = loader.get(name + ".k_proj.bias", {d});
    a.wv = loader.get(name + ".v_proj.weight", {d, d});
    a.bv = loader.get(name + ".v_proj.bias", {d});
    a.wo = loader.get(name + ".out_proj.weight", {d, d});
    a.bo = loader.get(name + ".out_proj.bias", {d});
    if (self) {
      a.wqkv = at::cat({a.wq, a.wk, a.wv});
      a.bqkv = at::cat({a.bq, a.bk, a.bv});
      a.wq = a.wk = a.wv = at::Tensor();
      a.bq = a.bk = a.bv = at::Tensor();
    } else {
      a.wkv = at::cat({a.wk, a.wv});
      a.bkv = at::cat({a.bk, a.bv});
      a.wk = a.wv = at::Tensor();
      a.bk = a.bv = at::Tensor();
    }
    return a;
  };
  auto ffn = [&](const std::string &name, long long dim) {
    return Ffn{loader.get(name + "fc1.weight", {dim, d}), loader.get(name + "fc1.bias", {dim}), loader.get(name + "fc2.weight", {d, dim}),
               loader.get(name + "fc2.bias", {d})};
  };
  const at::Tensor shared = loader.getOptional(p + "shared.weight", {vocab, d});
  auto embedding = [&](const std::string &name) {
    const at::Tensor t = loader.getOptional(name, {vocab, d});
    if (t.defined())
      return t;
    if (!shared.defined())
      throw ModelError(ErrorCode::Corrupt, loader.source() + ": neither " + name + " nor " + p + "shared.weight is present");
    return shared;
  };
  W.encEmbed = embedding(p + "encoder.embed_tokens.weight");
  W.decEmbed = embedding(p + "decoder.embed_tokens.weight");
  W.lmHead = loader.getOptional("lm_head.weight", {vocab, d});
  if (!W.lmHead.defined()) {
    if (!c.tieWordEmbeddings)
      throw ModelError(ErrorCode::Corrupt, loader.source() + ": lm_head.weight is missing and config.json does not tie the word embeddings");
    W.lmHead = W.decEmbed;
  }
  W.logitsBias = loader.getOptional("final_logits_bias", {1, vocab});
  if (W.logitsBias.defined())
    W.logitsBias = W.logitsBias.view({vocab});
  W.embedScale = c.scaleEmbedding ? std::sqrt(static_cast<double>(d)) : 1.0;
  const auto options = at::TensorOptions().dtype(W.dtype).device(W.device);
  if (c.family == Family::Marian) {
    // save_pretrained leaves the static table out; compute it then.
    at::Tensor stored = loader.getOptional(p + "encoder.embed_positions.weight", {c.maxPositions, d});
    W.positionTable = stored.defined() ? stored : marianPositions(c.maxPositions, d).to(options);
  } else {
    W.positionTable = m2mPositions(c.maxPositions + c.padTokenId + 1, d, c.padTokenId).to(options);
  }
  for (int i = 0; i < c.encoderLayers; ++i) {
    const std::string l = p + "encoder.layers." + std::to_string(i) + ".";
    W.encoder.push_back(EncoderLayer{attention(l + "self_attn", c.encoderHeads, true), norm(l + "self_attn_layer_norm"),
                                     ffn(l, c.encoderFfn), norm(l + "final_layer_norm")});
  }
  for (int i = 0; i < c.decoderLayers; ++i) {
    const std::string l = p + "decoder.layers." + std::to_string(i) + ".";
    W.decoder.push_back(DecoderLayer{attention(l + "self_attn", c.decoderHeads, true), norm(l + "self_attn_layer_norm"),
                                     attention(l + "encoder_attn", c.decoderHeads, false), norm(l + "encoder_attn_layer_norm"),
                                     ffn(l, c.decoderFfn), norm(l + "final_layer_norm")});
  }
  if (c.preLayerNorm) {
    W.encNorm = norm(p + "encoder.layer_norm");
    W.decNorm = norm(p + "decoder.layer_norm");
  }
  // A NaN or infinity in the weights gives garbage silently: name the tensor now.
  auto check = [&](const at::Tensor &t, const std::string &what) {
    if (!t.defined())
      return;
    const bool finite = t.device().is_cpu() && t.scalar_type() == at::kFloat && t.is_contiguous()
                            ? allFinite(t.data_ptr<float>(), t.numel())
                            : at::isfinite(t).all().item<bool>();
    if (!finite)
      throw ModelError(ErrorCode::Corrupt, loader.source() + ": " + what + " holds NaN or infinite values");
  };
  check(W.encEmbed, p + "encoder.embed_tokens / shared");
  check(W.lmHead, "lm_head");
  for (std::size_t i = 0; i < W.encoder.size(); ++i) {
    check(W.encoder[i].attn.wqkv, p + "encoder.layers." + std::to_string(i) + ".self_attn");
    check(W.encoder[i].ffn.w1, p + "encoder.layers." + std::to_string(i) + ".fc1");
    check(W.encoder[i].ffn.w2, p + "encoder.layers." + std::to_string(i) + ".fc2");
  }
  for (std::size_t i = 0; i < W.decoder.size(); ++i) {
    check(W.decoder[i].self.wqkv, p + "decoder.layers." + std::to_string(i) + ".self_attn");
    check(W.decoder[i].cross.wkv, p + "decoder.layers." + std::to_string(i) + ".encoder_attn");
    check(W.decoder[i].ffn.w1, p + "decoder.layers." + std::to_string(i) + ".fc1");
    check(W.decoder[i].ffn.w2, p + "decoder.layers." + std::to_string(i) + ".fc2");
  }
  m_bytes = loader.bytesLoaded();
  if (W.device.is_cpu() && W.dtype == at::kFloat) {
    nn::RowDecoder &r = W.rows;
    r.dModel = d;
    r.heads = c.decoderHeads;
    r.ffn = c.decoderFfn;
    r.vocab = vocab;
    r.preLayerNorm = c.preLayerNorm;
    switch (c.activation) {
    case Activation::Swish: r.activation = nn::RowActivation::Silu; break;
    case Activation::Relu: r.activation = nn::RowActivation::Relu; break;
    case Activation::Gelu: r.activation = nn::RowActivation::Gelu; break;
    case Activation::GeluTanh: r.activation = nn::RowActivation::GeluTanh; break;
    }
    for (const DecoderLayer &l : W.decoder)
      r.layers.push_back(nn::RowLayer{{l.selfNorm.w, l.selfNorm.b}, l.self.wqkv, l.self.bqkv, l.self.wo, l.self.bo,
                                      {l.crossNorm.w, l.crossNorm.b}, l.cross.wq, l.cross.bq, l.cross.wo, l.cross.bo,
                                      {l.ffnNorm.w, l.ffnNorm.b}, l.ffn.w1, l.ffn.b1, l.ffn.w2, l.ffn.b2});
    if (c.preLayerNorm)
      r.finalNorm = {W.decNorm.w, W.decNorm.b};
    r.lmHead = W.lmHead;
    r.logitsBias = W.logitsBias;
    W.rowsUsable = r.usable();
  }
}

Seq2SeqModel::~Seq2SeqModel() = default;

std::string Seq2SeqModel::deviceName() const { return w->device.str(); }

namespace {

at::Tensor activate(Activation a, const at::Tensor &x) {
  switch (a) {
  case Activation::Swish: return at::silu(x);
  case Activation::Relu: return at::relu(x);
  case Activation::Gelu: return at::gelu(x);
  case Activation::GeluTanh: return at::gelu(x, "tanh");
  }
  return x;
}

// Projections go through nn::project: a decoding step's few rows as matrix-vector products.
at::Tensor feedForward(Activation a, const Ffn &f, const at::Tensor &x) {
  return nn::project(activate(a, nn::project(x, f.w1, f.b1)), f.w2, f.b2);
}

} // namespace

at::Tensor Seq2SeqModel::embed(const at::Tensor &tokens, const at::Tensor &table) const {
  at::Tensor x = at::embedding(table, tokens);
  if (w->embedScale != 1.0)
    x = x * w->embedScale;
  return x;
}

at::Tensor Seq2SeqModel::positions(const at::Tensor &tokens, long long past) const {
  const long long rows = w->positionTable.size(0);
  if (c.family == Family::Marian) {
    const long long t = tokens.size(1);
    if (past + t > rows)
      throw ModelError(ErrorCode::Input, "a sequence of " + std::to_string(past + t) + " tokens is longer than the model's " +
                                             std::to_string(rows) + " positions");
    return w->positionTable.narrow(0, past, t).unsqueeze(0).expand({tokens.size(0), t, c.dModel});
  }
  // M2M100: the position of a real token counts the real tokens before it, after the padding index.
  const at::Tensor real = tokens.ne(static_cast<int64_t>(c.padTokenId)).to(at::kLong);
  const at::Tensor ids = (at::cumsum(real, 1) + static_cast<int64_t>(past)) * real + static_cast<int64_t>(c.padTokenId);
  if (ids.max().item<int64_t>() >= rows)
    throw ModelError(ErrorCode::Input, "a sequence of " + std::to_string(past + tokens.size(1)) + " tokens is longer than the model's " +
                                           std::to_string(c.maxPositions) + " positions");
  return at::embedding(w->positionTable, ids);
}

at::Tensor Seq2SeqModel::encode(const at::Tensor &idsIn, const at::Tensor &maskIn) const {
  DRAGOMAN_PROFILE_SCOPE("mt.encode");
  const Weights &W = *w;
  const at::Tensor ids = idsIn.to(W.device, at::kLong);
  if (ids.dim() != 2 || ids.size(1) == 0)
    throw ModelError(ErrorCode::Input, "encoder input must be [batch, length] token ids");
  if (ids.min().item<int64_t>() < 0 || ids.max().item<int64_t>() >= c.vocabSize)
    throw ModelError(ErrorCode::Input, "an encoder token id is outside the vocabulary of " + std::to_string(c.vocabSize));
  const at::Tensor mask = additiveMask(maskIn, W.dtype, W.device);
  at::Tensor x = embed(ids, W.encEmbed) + positions(ids, 0);
  const long long heads = c.encoderHeads;
  for (const EncoderLayer &l : W.encoder) {
    const at::Tensor in = c.preLayerNorm ? l.attnNorm(x) : x;
    const auto qkv = nn::project(in, l.attn.wqkv, l.attn.bqkv).chunk(3, -1);
    const at::Tensor a = attend(splitHeads(qkv[0], heads), splitHeads(qkv[1], heads), splitHeads(qkv[2], heads), mask);
    x = x + nn::project(mergeHeads(a), l.attn.wo, l.attn.bo);
    if (!c.preLayerNorm)
      x = l.attnNorm(x);
    x = x + feedForward(c.activation, l.ffn, c.preLayerNorm ? l.ffnNorm(x) : x);
    if (!c.preLayerNorm)
      x = l.ffnNorm(x);
  }
  return c.preLayerNorm ? W.encNorm(x) : x;
}

std::unique_ptr<DecoderState> Seq2SeqModel::startDecoding(const at::Tensor &encoderOut, const at::Tensor &mask) const {
  return std::make_unique<DecoderState>(*this, encoderOut, mask);
}

DecoderState::DecoderState(const Seq2SeqModel &model, const at::Tensor &encoderOut, const at::Tensor &mask)
    : m(model), m_rows(encoderOut.size(0)) {
  DRAGOMAN_PROFILE_SCOPE("mt.cross_kv");
  const auto &W = m.weights();
  const auto &c = m.config();
  m_mask = additiveMask(mask, W.dtype, W.device);
  for (long long i = 0; i < m_rows; ++i)
    m_source.push_back(i);
  const at::Tensor enc = encoderOut.to(W.device, W.dtype);
  for (const DecoderLayer &l : W.decoder) {
    const auto kv = nn::project(enc, l.cross.wkv, l.cross.bkv).chunk(2, -1);
    m_crossK.push_back(splitHeads(kv[0], c.decoderHeads).contiguous());
    m_crossV.push_back(splitHeads(kv[1], c.decoderHeads).contiguous());
  }
}

DecoderState::~DecoderState() = default;

long long DecoderState::vocabSize() const { return m.config().vocabSize; }

void DecoderState::reserve(long long needed) {
  const auto &W = m.weights();
  const long long heads = m.config().decoderHeads;
  m_capacity = nn::growCache(m_selfK, m_selfV, W.decoder.size(), m_rows, heads, m.config().dModel / heads, m_length, m_capacity, needed,
                             0, at::TensorOptions().dtype(W.dtype).device(W.device));
}

at::Tensor DecoderState::forward(const at::Tensor &tokensIn) {
  const auto &W = m.weights();
  const auto &c = m.config();
  if (tokensIn.dim() != 2 || tokensIn.size(0) != m_rows || tokensIn.size(1) == 0)
    throw ModelError(ErrorCode::Input, "decoder tokens must be [" + std::to_string(m_rows) + ", T]");
  const at::Tensor tokens = tokensIn.to(W.device, at::kLong);
  if (tokens.min().item<int64_t>() < 0 || tokens.max().item<int64_t>() >= c.vocabSize)
    throw ModelError(ErrorCode::Input, "a decoder token id is outside the vocabulary of " + std::to_string(c.vocabSize));
  const long long t = tokens.size(1);
  reserve(m_length + t);
  if (t == 1) {
    at::Tensor logits = at::empty({m_rows, 1, c.vocabSize}, at::kFloat);
    if (rowStep(tokens, logits.data_ptr<float>()))
      return logits;
  }
  at::Tensor x = m.embed(tokens, W.decEmbed) + m.positions(tokens, m_length);
  const long long total = m_length + t;
  at::Tensor causal;
  if (t > 1)
    causal = at::full({t, total}, -std::numeric_limits<float>::infinity(), at::TensorOptions().dtype(W.dtype).device(W.device))
                 .triu(m_length + 1);
  const long long heads = c.decoderHeads;
  for (std::size_t i = 0; i < W.decoder.size(); ++i) {
    const DecoderLayer &l = W.decoder[i];
    const at::Tensor in = c.preLayerNorm ? l.selfNorm(x) : x;
    const auto qkv = nn::project(in, l.self.wqkv, l.self.bqkv).chunk(3, -1);
    m_selfK[i].narrow(2, m_length, t).copy_(splitHeads(qkv[1], heads));
    m_selfV[i].narrow(2, m_length, t).copy_(splitHeads(qkv[2], heads));
    const at::Tensor a = attend(splitHeads(qkv[0], heads), m_selfK[i].narrow(2, 0, total), m_selfV[i].narrow(2, 0, total), causal);
    x = x + nn::project(mergeHeads(a), l.self.wo, l.self.bo);
    if (!c.preLayerNorm)
      x = l.selfNorm(x);
    const at::Tensor q = splitHeads(nn::project(c.preLayerNorm ? l.crossNorm(x) : x, l.cross.wq, l.cross.bq), heads);
    x = x + nn::project(mergeHeads(attend(q, m_crossK[i], m_crossV[i], m_mask)), l.cross.wo, l.cross.bo);
    if (!c.preLayerNorm)
      x = l.crossNorm(x);
    x = x + feedForward(c.activation, l.ffn, c.preLayerNorm ? l.ffnNorm(x) : x);
    if (!c.preLayerNorm)
      x = l.ffnNorm(x);
  }
  m_length = total;
  if (c.preLayerNorm)
    x = W.decNorm(x);
  at::Tensor logits = nn::project(x, W.lmHead, W.logitsBias);
  return logits.to(at::kCPU, at::kFloat);
}

bool DecoderState::rowStep(const at::Tensor &tokens, float *out) {
  const auto &W = m.weights();
  if (!W.rowsUsable)
    return false;
  const nn::RowCaches caches{m_selfK, m_selfV, m_crossK, m_crossV,
                             m_mask.defined() && m_mask.is_contiguous() && m_mask.scalar_type() == at::kFloat ? m_mask.data_ptr<float>() : nullptr};
  if (!m_mask.defined() || caches.crossMask == nullptr || !nn::RowStep::fits(W.rows, m_rows, caches))
    return false;
  // The embedding and position (one operator each: M2M100's positions count the real tokens).
  const at::Tensor x = (m.embed(tokens, W.decEmbed) + m.positions(tokens, m_length)).contiguous();
  if (!m_rowStep)
    m_rowStep = std::make_unique<nn::RowStep>(W.rows);
  m_rowStep->step(x.data_ptr<float>(), m_rows, m_length, caches, out);
  m_length += 1;
  return true;
}

void DecoderState::step(const std::vector<long long> &tokens, std::vector<float> &logits) {
  DRAGOMAN_PROFILE_SCOPE("mt.decode.step");
  const at::Tensor in = at::from_blob(const_cast<long long *>(tokens.data()), {static_cast<long long>(tokens.size()), 1}, at::kLong).clone();
  const at::Tensor out = forward(in).contiguous();
  logits.assign(out.data_ptr<float>(), out.data_ptr<float>() + out.numel());
}

void DecoderState::reorder(const std::vector<long long> &order) {
  const auto &W = m.weights();
  const at::Tensor index = at::tensor(std::vector<int64_t>(order.begin(), order.end()), at::kLong).to(W.device);
  const long long newRows = static_cast<long long>(order.size());
  std::vector<long long> source;
  for (long long i : order)
    source.push_back(m_source.at(static_cast<std::size_t>(i)));
  nn::selectCacheRows(m_selfK, m_selfV, index, m_length);
  // Beams move within their sentence: the cross-attention rows change only when sentences do.
  if (source != m_source) {
    for (std::size_t i = 0; i < m_crossK.size(); ++i) {
      m_crossK[i] = m_crossK[i].index_select(0, index);
      m_crossV[i] = m_crossV[i].index_select(0, index);
    }
    m_mask = m_mask.index_select(0, index);
  }
  m_source = std::move(source);
  m_rows = newRows;
}

} // namespace dragoman::torchrt::seq2seq
