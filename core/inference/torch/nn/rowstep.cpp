#include "core/inference/torch/nn/rowstep.h"

#include "core/inference/torch/nn/project.h"
#include "core/inference/torch/nn/rowkernels.h"
#include "core/inference/torch/runtime/rowpool.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

namespace dragoman::torchrt::nn {

namespace {

// Below this many multiply-adds the attention runs on the calling thread: waking the pool costs more.
constexpr long long kParallelWork = 1LL << 15;

const float *cptr(const at::Tensor &t) { return t.defined() ? t.data_ptr<float>() : nullptr; }

bool plain(const at::Tensor &t) { return t.defined() && t.is_contiguous() && t.scalar_type() == at::kFloat && t.device().is_cpu(); }

bool shaped(const at::Tensor &t, std::initializer_list<long long> sizes) {
  return plain(t) && t.sizes() == at::IntArrayRef(std::vector<int64_t>(sizes.begin(), sizes.end()));
}

bool optionalShaped(const at::Tensor &t, std::initializer_list<long long> sizes) { return !t.defined() || shaped(t, sizes); }

bool normShaped(const RowNorm &n, long long d) { return shaped(n.w, {d}) && shaped(n.b, {d}); }

void addInto(float *x, const float *y, long long n) {
  for (long long j = 0; j < n; ++j)
    x[j] += y[j];
}

// [begin, end) of part `part` out of `parts` over n items.
std::pair<long long, long long> share(long long n, int part, int parts) {
  auto edge = [&](int p) { return p == parts ? n : n * p / parts; };
  return {edge(part), edge(part + 1)};
}

void forParts(long long work, long long items, const std::function<void(long long, long long)> &body) {
  if (work < kParallelWork) {
    body(0, items);
    return;
  }
  RowPool::shared().run([&](int part, int parts) {
    const auto [first, last] = share(items, part, parts);
    body(first, last);
  });
}

} // namespace

bool RowDecoder::usable() const {
  const long long d = dModel;
  if (d <= 0 || heads <= 0 || d % heads != 0 || ffn <= 0 || vocab <= 0 || layers.empty())
    return false;
  for (const RowLayer &l : layers) {
    const bool ok = normShaped(l.selfNorm, d) && shaped(l.wqkv, {3 * d, d}) && optionalShaped(l.bqkv, {3 * d}) &&
                    shaped(l.wo, {d, d}) && optionalShaped(l.bo, {d}) && normShaped(l.crossNorm, d) &&
                    shaped(l.crossWq, {d, d}) && optionalShaped(l.crossBq, {d}) && shaped(l.crossWo, {d, d}) &&
                    optionalShaped(l.crossBo, {d}) && normShaped(l.ffnNorm, d) && shaped(l.w1, {ffn, d}) &&
                    optionalShaped(l.b1, {ffn}) && shaped(l.w2, {d, ffn}) && optionalShaped(l.b2, {d});
    if (!ok)
      return false;
  }
  return (!finalNorm.w.defined() || normShaped(finalNorm, d)) && shaped(lmHead, {vocab, d}) && optionalShaped(logitsBias, {vocab});
}

bool RowStep::fits(const RowDecoder &decoder, long long rows, const RowCaches &c) {
  const std::size_t layers = decoder.layers.size();
  if (rows < 1 || rows > kMaxRows || c.selfK.size() != layers || c.selfV.size() != layers || c.crossK.size() != layers ||
      c.crossV.size() != layers)
    return false;
  const long long h = decoder.heads, dh = decoder.dModel / decoder.heads;
  for (std::size_t i = 0; i < layers; ++i) {
    const at::Tensor &k = c.selfK[i], &v = c.selfV[i], &ck = c.crossK[i], &cv = c.crossV[i];
    if (!plain(k) || k.dim() != 4 || k.size(0) != rows || k.size(1) != h || k.size(3) != dh || !plain(v) || v.sizes() != k.sizes())
      return false;
    if (!plain(ck) || ck.dim() != 4 || (ck.size(0) != rows && ck.size(0) != 1) || ck.size(1) != h || ck.size(3) != dh ||
        !plain(cv) || cv.sizes() != ck.sizes())
      return false;
  }
  return true;
}

RowStep::RowStep(const RowDecoder &decoder)
    : m_decoder(decoder), d(decoder.dModel), heads(decoder.heads), dh(decoder.dModel / decoder.heads) {
  const auto rows = static_cast<std::size_t>(kMaxRows);
  const auto width = static_cast<std::size_t>(d);
  m_x.resize(rows * width);
  m_h.resize(rows * width);
  m_qkv.resize(3 * rows * width);
  m_q.resize(rows * width);
  m_ctx.resize(rows * width);
  m_out.resize(rows * width);
  m_ffn.resize(rows * static_cast<std::size_t>(decoder.ffn));
}

RowStep::~RowStep() = default;

// LayerNorm of each row, statistics in double (d is at most a few thousand). `in` may be `out`.
void RowStep::norm(const RowNorm &n, const float *in, float *out, long long rows) const {
  const float *g = cptr(n.w), *b = cptr(n.b);
  for (long long r = 0; r < rows; ++r) {
    const float *x = in + r * d;
    float *y = out + r * d;
    double sum = 0.0;
    for (long long j = 0; j < d; ++j)
      sum += x[j];
    const double mean = sum / static_cast<double>(d);
    double sq = 0.0;
    for (long long j = 0; j < d; ++j) {
      const double c = x[j] - mean;
      sq += c * c;
    }
    const auto inv = static_cast<float>(1.0 / std::sqrt(sq / static_cast<double>(d) + m_decoder.normEps));
    const auto m = static_cast<float>(mean);
    for (long long j = 0; j < d; ++j)
      y[j] = (x[j] - m) * inv * g[j] + b[j];
  }
}

// Each row's query against its own keys [0, position]: this position's keys and values are
// written into the cache first (qkv holds q, k, v side by side for each row).
void RowStep::selfAttention(long long rows, long long position, const at::Tensor &kCache, const at::Tensor &vCache) {
  const long long capacity = kCache.size(2), total = position + 1;
  if (static_cast<long long>(m_selfScores.size()) < total)
    m_selfScores.resize(static_cast<std::size_t>(std::max(total, 2 * static_cast<long long>(m_selfScores.size()))));
  float *kc = kCache.data_ptr<float>(), *vc = vCache.data_ptr<float>();
  float *scores = m_selfScores.data();
  for (long long r = 0; r < rows; ++r) {
    const float *row = m_qkv.data() + r * 3 * d;
    for (long long i = 0; i < heads; ++i) {
      float *kh = kc + ((r * heads + i) * capacity) * dh, *vh = vc + ((r * heads + i) * capacity) * dh;
      std::memcpy(kh + position * dh, row + d + i * dh, static_cast<std::size_t>(dh) * sizeof(float));
      std::memcpy(vh + position * dh, row + 2 * d + i * dh, static_cast<std::size_t>(dh) * sizeof(float));
      matVecRows(kh, dh, row + i * dh, nullptr, scores, 0, total);
      const float top = *std::max_element(scores, scores + total);
      float sum = 0.0f;
      for (long long s = 0; s < total; ++s) {
        scores[s] = std::exp(scores[s] - top);
        sum += scores[s];
      }
      for (long long s = 0; s < total; ++s)
        scores[s] /= sum;
      vecMat(scores, vh, total, dh, m_ctx.data() + r * d + i * dh);
    }
  }
}

// Each row's query against the encoder's keys (its own row of them, or the one row all share).
void RowStep::crossAttention(long long rows, const at::Tensor &k, const at::Tensor &v, const float *mask) {
  const long long sources = k.size(2), pairs = rows * heads;
  const long long kRows = k.size(0);
  if (!m_crossScores.defined() || m_crossScores.size(1) != sources) {
    m_crossScores = at::empty({kMaxRows * heads, sources}, at::kFloat);
    m_crossProbs = at::empty_like(m_crossScores);
  }
  const float *kp = k.data_ptr<float>(), *vp = v.data_ptr<float>(), *qp = m_q.data();
  float *scores = m_crossScores.data_ptr<float>(), *probs = m_crossProbs.data_ptr<float>(), *ctx = m_ctx.data();
  auto source = [&](long long pair) { return ((kRows == 1 ? 0 : pair / heads) * heads + pair % heads) * sources * dh; };
  const long long work = pairs * sources * dh;
  forParts(work, pairs, [&](long long first, long long last) {
    for (long long p = first; p < last; ++p) {
      float *sp = scores + p * sources;
      matVecRows(kp + source(p), dh, qp + p * dh, nullptr, sp, 0, sources);
      if (mask)
        addInto(sp, mask + (p / heads) * sources, sources);
    }
  });
  at::Tensor probsIn = m_crossProbs.narrow(0, 0, pairs);
  at::_softmax_out(probsIn, m_crossScores.narrow(0, 0, pairs), 1, false);
  forParts(work, pairs, [&](long long first, long long last) {
    for (long long p = first; p < last; ++p)
      vecMat(probs + p * sources, vp + source(p), sources, dh, ctx + p * dh);
  });
}

void RowStep::step(const float *input, long long rows, long long position, const RowCaches &c, float *logits) {
  const RowDecoder &w = m_decoder;
  const bool pre = w.preLayerNorm;
  const long long n = rows * d;
  float *x = m_x.data(), *h = m_h.data(), *out = m_out.data(), *f = m_ffn.data();
  std::memcpy(x, input, static_cast<std::size_t>(n) * sizeof(float));
  // A block's input: the normed residual stream (pre-LN), or the stream itself (post-LN, normed
  // after the residual is added).
  auto blockInput = [&](const RowNorm &nrm) -> const float * {
    if (!pre)
      return x;
    norm(nrm, x, h, rows);
    return h;
  };
  auto residual = [&](const RowNorm &nrm) {
    addInto(x, out, n);
    if (!pre)
      norm(nrm, x, x, rows);
  };
  for (std::size_t i = 0; i < w.layers.size(); ++i) {
    const RowLayer &l = w.layers[i];
    projectRows(cptr(l.wqkv), 3 * d, d, blockInput(l.selfNorm), rows, cptr(l.bqkv), m_qkv.data());
    selfAttention(rows, position, c.selfK[i], c.selfV[i]);
    projectRows(cptr(l.wo), d, d, m_ctx.data(), rows, cptr(l.bo), out);
    residual(l.selfNorm);
    projectRows(cptr(l.crossWq), d, d, blockInput(l.crossNorm), rows, cptr(l.crossBq), m_q.data());
    crossAttention(rows, c.crossK[i], c.crossV[i], c.crossMask);
    projectRows(cptr(l.crossWo), d, d, m_ctx.data(), rows, cptr(l.crossBo), out);
    residual(l.crossNorm);
    projectRows(cptr(l.w1), w.ffn, d, blockInput(l.ffnNorm), rows, cptr(l.b1), f);
    const long long fn = rows * w.ffn;
    switch (w.activation) {
    case RowActivation::Relu:
      for (long long j = 0; j < fn; ++j)
        f[j] = f[j] > 0.0f ? f[j] : 0.0f;
      break;
    case RowActivation::Silu: {
      at::Tensor t = at::from_blob(f, {fn}, at::kFloat);
      at::silu_(t);
      break;
    }
    case RowActivation::Gelu: {
      at::Tensor t = at::from_blob(f, {fn}, at::kFloat);
      at::gelu_(t);
      break;
    }
    case RowActivation::GeluTanh: {
      at::Tensor t = at::from_blob(f, {fn}, at::kFloat);
      at::gelu_(t, "tanh");
      break;
    }
    }
    projectRows(cptr(l.w2), d, w.ffn, f, rows, cptr(l.b2), out);
    residual(l.ffnNorm);
  }
  const float *last = x;
  if (w.finalNorm.w.defined()) {
    norm(w.finalNorm, x, h, rows);
    last = h;
  }
  projectRows(cptr(w.lmHead), w.vocab, d, last, rows, cptr(w.logitsBias), logits);
}

} // namespace dragoman::torchrt::nn
