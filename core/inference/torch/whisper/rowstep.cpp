#include "core/inference/torch/whisper/rowstep.h"

#include "core/inference/torch/nn/rowkernels.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dragoman::torchrt::whisper {

namespace {

float *ptr(const at::Tensor &t) { return t.data_ptr<float>(); }

// Below this many weights a product runs on the calling thread: splitting costs more.
constexpr long long kParallelWeights = 1LL << 15;

// LayerNorm of one row, statistics in double (d is at most 1280).
void layerNorm(const float *in, const Norm &n, float *outRow, long long d) {
  double sum = 0.0;
  for (long long j = 0; j < d; ++j)
    sum += in[j];
  const double mean = sum / static_cast<double>(d);
  double sq = 0.0;
  for (long long j = 0; j < d; ++j) {
    const double c = in[j] - mean;
    sq += c * c;
  }
  const auto inv = static_cast<float>(1.0 / std::sqrt(sq / static_cast<double>(d) + 1e-5));
  const auto m = static_cast<float>(mean);
  const float *g = ptr(n.w), *b = ptr(n.b);
  for (long long j = 0; j < d; ++j)
    outRow[j] = (in[j] - m) * inv * g[j] + b[j];
}

void addInto(float *x, const float *y, long long d) {
  for (long long j = 0; j < d; ++j)
    x[j] += y[j];
}

bool plain(const at::Tensor &t) { return !t.defined() || (t.is_contiguous() && t.scalar_type() == at::kFloat && t.device().is_cpu()); }

// [begin, end) of part `part` out of `parts` over n items, split at multiples of `align`.
std::pair<long long, long long> share(long long n, int part, int parts, long long align = 1) {
  auto edge = [&](int p) { return p == parts ? n : (n * p / parts) / align * align; };
  return {edge(part), edge(part + 1)};
}

} // namespace

bool RowStep::usable(const DecoderWeights &weights, const std::vector<at::Tensor> &crossK, const std::vector<at::Tensor> &crossV) {
  std::vector<at::Tensor> all{weights.tokenEmbedding, weights.positions, weights.finalNorm->w, weights.finalNorm->b};
  for (const DecoderLayer &l : *weights.layers)
    all.insert(all.end(), {l.norm1.w, l.norm1.b, l.self.wqkv, l.self.bqkv, l.self.wo, l.self.bo, l.norm2.w, l.norm2.b,
                           l.cross.wq, l.cross.bq, l.cross.wo, l.cross.bo, l.norm3.w, l.norm3.b, l.mlp.w1, l.mlp.b1,
                           l.mlp.w2, l.mlp.b2});
  all.insert(all.end(), crossK.begin(), crossK.end());
  all.insert(all.end(), crossV.begin(), crossV.end());
  return !crossK.empty() && crossK.front().size(0) == 1 && std::all_of(all.begin(), all.end(), plain);
}

RowStep::RowStep(const DecoderWeights &weights, const std::vector<at::Tensor> &crossKeys, const std::vector<at::Tensor> &crossValues)
    : w(weights), d(weights.config->dModel), heads(weights.config->decoderHeads), dh(d / heads), crossK(crossKeys),
      crossV(crossValues), pool(RowPool::shared()) {
  const auto f = at::TensorOptions().dtype(at::kFloat);
  const long long sources = crossKeys.front().size(2);
  x = at::empty({d}, f);
  h = at::empty({d}, f);
  qkv = at::empty({3 * d}, f);
  q = at::empty({d}, f);
  ctx = at::empty({d}, f);
  out = at::empty({d}, f);
  ffn = at::empty({w.config->decoderFfn}, f);
  selfScores = at::empty({w.config->maxTargetPositions}, f);
  crossScores = at::empty({heads, sources}, f);
  crossProbs = at::empty({heads, sources}, f);
}

RowStep::~RowStep() = default;

void RowStep::gemv(const at::Tensor &weight, const float *in, float *result, const at::Tensor &bias) {
  const float *wp = ptr(weight), *bp = bias.defined() ? ptr(bias) : nullptr;
  const long long rows = weight.size(0), cols = weight.size(1);
  if (rows * cols < kParallelWeights) {
    matVecRows(wp, cols, in, bp, result, 0, rows);
    return;
  }
  pool.run([&](int part, int parts) {
    const auto [begin, end] = share(rows, part, parts, 4);
    matVecRows(wp, cols, in, bp, result, begin, end);
  });
}

void RowStep::selfAttention(long long position, const at::Tensor &kCache, const at::Tensor &vCache) {
  const long long capacity = kCache.size(2), total = position + 1;
  float *kc = ptr(kCache), *vc = ptr(vCache);
  const float *qkvRow = ptr(qkv);
  float *scores = ptr(selfScores), *c = ptr(ctx);
  for (long long i = 0; i < heads; ++i) {
    float *kh = kc + i * capacity * dh, *vh = vc + i * capacity * dh;
    std::memcpy(kh + position * dh, qkvRow + d + i * dh, static_cast<std::size_t>(dh) * sizeof(float));
    std::memcpy(vh + position * dh, qkvRow + 2 * d + i * dh, static_cast<std::size_t>(dh) * sizeof(float));
    // The query arrives scaled by 1/sqrt(dh) (folded into the weights at load).
    matVecRows(kh, dh, qkvRow + i * dh, nullptr, scores, 0, total);
    const float top = *std::max_element(scores, scores + total);
    float sum = 0.0f;
    for (long long s = 0; s < total; ++s) {
      scores[s] = std::exp(scores[s] - top);
      sum += scores[s];
    }
    for (long long s = 0; s < total; ++s)
      scores[s] /= sum;
    vecMat(scores, vh, total, dh, c + i * dh);
  }
}

void RowStep::crossAttention(std::size_t layer) {
  const float *kp = ptr(crossK[layer]), *vp = ptr(crossV[layer]), *qp = ptr(q);
  const long long sources = crossK[layer].size(2);
  float *scores = ptr(crossScores), *probs = ptr(crossProbs), *c = ptr(ctx);
  pool.run([&](int part, int parts) {
    const auto [first, last] = share(heads, part, parts);
    for (long long i = first; i < last; ++i)
      matVecRows(kp + i * sources * dh, dh, qp + i * dh, nullptr, scores + i * sources, 0, sources);
  });
  at::_softmax_out(crossProbs, crossScores, 1, false);
  pool.run([&](int part, int parts) {
    const auto [first, last] = share(heads, part, parts);
    for (long long i = first; i < last; ++i)
      vecMat(probs + i * sources, vp + i * sources * dh, sources, dh, c + i * dh);
  });
}

at::Tensor RowStep::step(long long token, long long position, const std::vector<at::Tensor> &selfK,
                         const std::vector<at::Tensor> &selfV) {
  float *xr = ptr(x), *hr = ptr(h);
  const float *e = ptr(w.tokenEmbedding) + token * d, *p = ptr(w.positions) + position * d;
  const float scale = w.config->scaleEmbedding ? std::sqrt(static_cast<float>(d)) : 1.0f;
  for (long long j = 0; j < d; ++j)
    xr[j] = e[j] * scale + p[j];
  for (std::size_t i = 0; i < w.layers->size(); ++i) {
    const DecoderLayer &l = (*w.layers)[i];
    layerNorm(xr, l.norm1, hr, d);
    gemv(l.self.wqkv, hr, ptr(qkv), l.self.bqkv);
    selfAttention(position, selfK[i], selfV[i]);
    gemv(l.self.wo, ptr(ctx), ptr(out), l.self.bo);
    addInto(xr, ptr(out), d);
    layerNorm(xr, l.norm2, hr, d);
    gemv(l.cross.wq, hr, ptr(q), l.cross.bq);
    crossAttention(i);
    gemv(l.cross.wo, ptr(ctx), ptr(out), l.cross.bo);
    addInto(xr, ptr(out), d);
    layerNorm(xr, l.norm3, hr, d);
    gemv(l.mlp.w1, hr, ptr(ffn), l.mlp.b1);
    at::gelu_(ffn);
    gemv(l.mlp.w2, ptr(ffn), ptr(out), l.mlp.b2);
    addInto(xr, ptr(out), d);
  }
  layerNorm(xr, *w.finalNorm, hr, d);
  at::Tensor logits = at::empty({w.config->vocabSize}, at::TensorOptions().dtype(at::kFloat));
  gemv(w.tokenEmbedding, hr, ptr(logits));
  return logits.view({1, 1, w.config->vocabSize});
}

} // namespace dragoman::torchrt::whisper
