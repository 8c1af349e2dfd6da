#include "core/inference/torch/vits/model.h"
#include "core/inference/torch/vits/conv.h"
#include "core/inference/torch/vits/layers.h"
#include "core/inference/torch/vits/spline.h"
#include "core/inference/torch/vits/weightsource.h"

#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/weights.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <map>
#include <cstdint>
#include <optional>

namespace dragoman::torchrt::vits {


namespace {

Norm norm(Source &loader, const std::string &name, int64_t size, double eps) {
  return Norm{loader.get(name + ".weight", {size}), loader.get(name + ".bias", {size}), eps};
}

DepthSeparable depthSeparable(Source &loader, const std::string &name, const VitsConfig &c) {
  DepthSeparable d;
  const int64_t ch = c.hiddenSize, k = c.durationPredictorKernelSize;
  int64_t dilation = 1;
  for (int i = 0; i < c.depthSeparableNumLayers; ++i, dilation *= k) {
    const std::string n = std::to_string(i);
    d.dilated.push_back(conv(loader, name + ".convs_dilated." + n, ch, ch, k, dilation, ch));
    d.pointwise.push_back(conv(loader, name + ".convs_pointwise." + n, ch, ch, 1));
    d.norms1.push_back(norm(loader, name + ".norms_1." + n, ch, 1e-5));
    d.norms2.push_back(norm(loader, name + ".norms_2." + n, ch, 1e-5));
  }
  return d;
}

// The duration predictor reads one sentence, no padding: its mask (all ones) is left out.
at::Tensor runDepthSeparable(const DepthSeparable &d, at::Tensor x) {
  for (std::size_t i = 0; i < d.dilated.size(); ++i) {
    at::Tensor h = d.dilated[i](x);
    h = at::gelu(d.norms1[i].channels(h));
    h = d.pointwise[i](h);
    h = at::gelu(d.norms2[i].channels(h));
    x = x + h;
  }
  return x;
}

at::Tensor convFlowReverse(const ConvFlow &f, const at::Tensor &x, const at::Tensor &conditioning, const VitsConfig &c) {
  const at::Tensor first = x.slice(1, 0, 1), second = x.slice(1, 1, 2);
  at::Tensor h = f.pre(first);
  h = runDepthSeparable(f.dds, h + conditioning);
  h = f.proj(h); // [1, 3 bins - 1, L]
  const int64_t length = x.size(2), bins = c.durationPredictorFlowBins;
  h = h.reshape({1, 1, -1, length}).permute({0, 1, 3, 2}).reshape({length, 3 * bins - 1});
  const double scale = std::sqrt(static_cast<double>(c.hiddenSize));
  const at::Tensor uw = h.slice(1, 0, bins) / scale;
  const at::Tensor uh = h.slice(1, bins, 2 * bins) / scale;
  const at::Tensor ud = h.slice(1, 2 * bins);
  const at::Tensor moved =
      splineInverse(second.reshape({length}), uw, uh, ud, c.durationPredictorTailBound).reshape({1, 1, length});
  return at::cat({first, moved}, 1);
}

// speaker: [1, embedding, 1] or undefined; mask: [1, 1, frames], undefined where every frame counts.
at::Tensor wavenet(const WaveNet &wn, at::Tensor x, const at::Tensor &mask, int64_t hidden, const at::Tensor &speaker) {
  at::Tensor out = at::zeros_like(x);
  const std::size_t layers = wn.in.size();
  const at::Tensor conditioning = speaker.defined() ? wn.cond(speaker) : at::Tensor(); // [1, 2 hidden layers, 1]
  for (std::size_t i = 0; i < layers; ++i) {
    at::Tensor h = wn.in[i](x);
    if (conditioning.defined())
      h = h + conditioning.slice(1, static_cast<int64_t>(i) * 2 * hidden, static_cast<int64_t>(i + 1) * 2 * hidden);
    const at::Tensor acts = at::tanh(h.slice(1, 0, hidden)) * at::sigmoid(h.slice(1, hidden));
    const at::Tensor rs = wn.resSkip[i](acts);
    if (i + 1 < layers) {
      x = x + rs.slice(1, 0, hidden);
      if (mask.defined())
        x.mul_(mask);
      out.add_(rs.slice(1, hidden));
    } else {
      out.add_(rs);
    }
  }
  return mask.defined() ? out.mul_(mask) : out;
}

at::Tensor relativeEmbeddings(const at::Tensor &rel, int64_t length, int64_t window) {
  const int64_t pad = std::max<int64_t>(length - (window + 1), 0);
  at::Tensor r = rel;
  if (pad > 0)
    r = at::constant_pad_nd(rel, {0, 0, pad, pad, 0, 0});
  const int64_t start = std::max<int64_t>(window + 1 - length, 0);
  return r.slice(1, start, start + 2 * length - 1);
}

void buildWeights(VitsModel::Weights &W, const VitsConfig &c, Source &loader) {
  const int64_t H = c.hiddenSize, F = c.flowSize, heads = c.numAttentionHeads, headDim = H / heads;
  // As the reference: the speaker modules exist when speaker_embedding_size != 0 and are used when
  // num_speakers > 1.
  const bool multi = c.numSpeakers > 1;
  const int64_t S = c.speakerEmbeddingSize;
  if (multi)
    W.speakers = loader.get("embed_speaker.weight", {c.numSpeakers, S});

  W.embedTokens = loader.get("text_encoder.embed_tokens.weight", {c.vocabSize, H});
  for (int i = 0; i < c.numHiddenLayers; ++i) {
    const std::string p = "text_encoder.encoder.layers." + std::to_string(i) + ".";
    EncoderLayer l;
    auto linear = [&](const std::string &n) {
      return Linear{loader.get(p + "attention." + n + ".weight", {H, H}),
                    loader.get(p + "attention." + n + ".bias", {H})};
    };
    l.q = linear("q_proj");
    l.k = linear("k_proj");
    l.v = linear("v_proj");
    l.out = linear("out_proj");
    if (c.windowSize > 0) {
      l.relK = loader.get(p + "attention.emb_rel_k", {1, 2LL * c.windowSize + 1, headDim});
      l.relV = loader.get(p + "attention.emb_rel_v", {1, 2LL * c.windowSize + 1, headDim});
    }
    l.norm = norm(loader, p + "layer_norm", H, c.layerNormEps);
    l.finalNorm = norm(loader, p + "final_layer_norm", H, c.layerNormEps);
    l.ffn1 = conv(loader, p + "feed_forward.conv_1", H, c.ffnDim, c.ffnKernelSize);
    l.ffn2 = conv(loader, p + "feed_forward.conv_2", c.ffnDim, H, c.ffnKernelSize);
    l.ffn1.padding = l.ffn2.padding = 0; // padded explicitly (asymmetric for even kernels)
    W.layers.push_back(std::move(l));
  }
  W.project = conv(loader, "text_encoder.project", H, 2 * F, 1);

  if (c.useStochasticDurationPrediction) {
    const std::string p = "duration_predictor.";
    W.sdp.pre = conv(loader, p + "conv_pre", H, H, 1);
    W.sdp.proj = conv(loader, p + "conv_proj", H, H, 1);
    W.sdp.dds = depthSeparable(loader, p + "conv_dds", c);
    if (multi)
      W.sdp.cond = conv(loader, p + "cond", S, H, 1);
    W.sdp.translate = loader.get(p + "flows.0.translate", {2, 1});
    W.sdp.logScale = loader.get(p + "flows.0.log_scale", {2, 1});
    const int64_t bins = c.durationPredictorFlowBins;
    for (int i = 1; i <= c.durationPredictorNumFlows; ++i) {
      ConvFlow f;
      const std::string q = p + "flows." + std::to_string(i) + ".";
      if (i > 1) { // flows.1 is skipped in reverse
        f.pre = conv(loader, q + "conv_pre", 1, H, 1);
        f.dds = depthSeparable(loader, q + "conv_dds", c);
        f.proj = conv(loader, q + "conv_proj", H, 3 * bins - 1, 1);
      }
      W.sdp.flows.push_back(std::move(f));
    }
  } else {
    const std::string p = "duration_predictor.";
    const int64_t fc = c.durationPredictorFilterChannels, k = c.durationPredictorKernelSize;
    W.dp.conv1 = conv(loader, p + "conv_1", H, fc, k);
    W.dp.conv2 = conv(loader, p + "conv_2", fc, fc, k);
    W.dp.conv1.padding = W.dp.conv2.padding = k / 2;
    W.dp.norm1 = norm(loader, p + "norm_1", fc, c.layerNormEps);
    W.dp.norm2 = norm(loader, p + "norm_2", fc, c.layerNormEps);
    W.dp.proj = conv(loader, p + "proj", fc, 1, 1);
    if (multi)
      W.dp.cond = conv(loader, p + "cond", S, H, 1);
  }

  for (int i = 0; i < c.priorEncoderNumFlows; ++i) {
    const std::string p = "flow.flows." + std::to_string(i) + ".";
    Coupling cp;
    cp.pre = conv(loader, p + "conv_pre", F / 2, H, 1);
    cp.post = conv(loader, p + "conv_post", H, F / 2, 1);
    int64_t dilation = 1;
    for (int j = 0; j < c.priorEncoderNumWavenetLayers; ++j, dilation *= c.wavenetDilationRate) {
      const std::string n = std::to_string(j);
      cp.wavenet.in.push_back(conv(loader, p + "wavenet.in_layers." + n, H, 2 * H, c.wavenetKernelSize, dilation));
      const int64_t resSkip = j + 1 < c.priorEncoderNumWavenetLayers ? 2 * H : H;
      cp.wavenet.resSkip.push_back(conv(loader, p + "wavenet.res_skip_layers." + n, H, resSkip, 1));
    }
    if (multi)
      cp.wavenet.cond = conv(loader, p + "wavenet.cond_layer", S, 2 * H * c.priorEncoderNumWavenetLayers, 1);
    W.flows.push_back(std::move(cp));
  }

  const int64_t initial = c.upsampleInitialChannel;
  W.decPre = conv(loader, "decoder.conv_pre", F, initial, 7);
  if (multi)
    W.decCond = conv(loader, "decoder.cond", S, initial, 1);
  int64_t channels = initial;
  for (std::size_t i = 0; i < c.upsampleRates.size(); ++i) {
    const int64_t in = initial >> i, out = initial >> (i + 1);
    const int64_t rate = c.upsampleRates[i], kernel = c.upsampleKernelSizes[i];
    Conv up;
    up.transposed = true;
    up.weight = convWeight(loader, "decoder.upsampler." + std::to_string(i), {in, out, kernel});
    up.bias = loader.get("decoder.upsampler." + std::to_string(i) + ".bias", {out});
    up.stride = rate;
    up.padding = (kernel - rate) / 2;
    W.upsampler.push_back(std::move(up));
    channels = out;
    for (std::size_t j = 0; j < c.resblockKernelSizes.size(); ++j) {
      const std::string p = "decoder.resblocks." + std::to_string(i * c.resblockKernelSizes.size() + j) + ".";
      ResBlock rb;
      const int64_t k = c.resblockKernelSizes[j];
      for (std::size_t m = 0; m < c.resblockDilationSizes[j].size(); ++m) {
        rb.convs1.push_back(
            conv(loader, p + "convs1." + std::to_string(m), out, out, k, c.resblockDilationSizes[j][m]));
        if (c.resblockType == 1)
          rb.convs2.push_back(conv(loader, p + "convs2." + std::to_string(m), out, out, k, 1));
      }
      W.resblocks.push_back(std::move(rb));
    }
  }
  W.decPost = conv(loader, "decoder.conv_post", channels, 1, 7, 1, 1, false);
}

// Calls onConv for every convolution of the network and onTensor for every other parameter.
template <class OnConv, class OnTensor> void visitParameters(VitsModel::Weights &W, OnConv onConv, OnTensor onTensor) {
  const auto convs = [&](std::vector<Conv> &all) {
    for (Conv &cv : all)
      onConv(cv);
  };
  const auto norms = [&](std::vector<Norm> &all) {
    for (Norm &n : all) {
      onTensor(n.weight);
      onTensor(n.bias);
    }
  };
  const auto separable = [&](DepthSeparable &d) {
    convs(d.dilated);
    convs(d.pointwise);
    norms(d.norms1);
    norms(d.norms2);
  };
  onTensor(W.embedTokens);
  onTensor(W.speakers);
  for (EncoderLayer &l : W.layers) {
    for (Linear *linear : {&l.q, &l.k, &l.v, &l.out}) {
      onTensor(linear->weight);
      onTensor(linear->bias);
    }
    for (at::Tensor *t : {&l.relK, &l.relV, &l.norm.weight, &l.norm.bias, &l.finalNorm.weight, &l.finalNorm.bias})
      onTensor(*t);
    onConv(l.ffn1);
    onConv(l.ffn2);
  }
  for (Conv *cv : {&W.project, &W.sdp.pre, &W.sdp.proj, &W.sdp.cond, &W.dp.conv1, &W.dp.conv2, &W.dp.proj, &W.dp.cond,
                   &W.decPre, &W.decPost, &W.decCond})
    onConv(*cv);
  separable(W.sdp.dds);
  for (at::Tensor *t : {&W.sdp.translate, &W.sdp.logScale, &W.dp.norm1.weight, &W.dp.norm1.bias, &W.dp.norm2.weight,
                        &W.dp.norm2.bias})
    onTensor(*t);
  for (ConvFlow &f : W.sdp.flows) {
    onConv(f.pre);
    onConv(f.proj);
    separable(f.dds);
  }
  for (Coupling &cp : W.flows) {
    onConv(cp.pre);
    onConv(cp.post);
    onConv(cp.wavenet.cond);
    convs(cp.wavenet.in);
    convs(cp.wavenet.resSkip);
  }
  convs(W.upsampler);
  for (ResBlock &rb : W.resblocks) {
    convs(rb.convs1);
    convs(rb.convs2);
  }
}

// Once the weights are all read: every convolution in oneDNN's layout (conv.h), and every CPU
// tensor left in its own memory, so that nothing keeps the file's bytes (a Piper voice's parsed
// ONNX file, a safetensors mapping) alive beside the laid-out copies.
void prepareWeights(VitsModel::Weights &W) {
  const auto own = [](at::Tensor &t) {
    if (t.defined() && t.device().is_cpu())
      t = t.clone();
  };
  visitParameters(
      W,
      [&](Conv &cv) {
        cv.prepare();
        own(cv.weight);
        own(cv.bias);
      },
      own);
}

void checkSpeakers(const VitsConfig &c, const std::string &where) {
  if (c.numSpeakers > 1 && c.speakerEmbeddingSize <= 0)
    throw ModelError(ErrorCode::Corrupt, where + ": num_speakers is " + std::to_string(c.numSpeakers) +
                                             " but speaker_embedding_size is 0 (no speaker embedding)");
}

} // namespace

VitsModel::VitsModel(const std::string &folder, const VitsConfig &config, const ResolvedRuntime &runtime)
    : c(config), w(std::make_unique<Weights>()) {
  checkSpeakers(c, folder);
  WeightLoader loader(folder, runtime);
  m_source = loader.source();
  w->device = at::Device(runtime.device);
  w->dtype = scalarTypeOf(runtime.dtype);
  LoaderSource source(loader);
  buildWeights(*w, c, source);
  prepareWeights(*w);
}

VitsModel::VitsModel(const std::map<std::string, at::Tensor> &tensors, const std::map<std::string, std::string> &origins,
                     const std::string &source, const VitsConfig &config, const ResolvedRuntime &runtime)
    : c(config), w(std::make_unique<Weights>()), m_source(source) {
  checkSpeakers(c, source);
  w->device = at::Device(runtime.device);
  w->dtype = scalarTypeOf(runtime.dtype);
  MapSource map(tensors, origins, source, runtime);
  buildWeights(*w, c, map);
  prepareWeights(*w);
}

VitsModel::~VitsModel() = default;

std::map<std::string, at::Tensor> VitsModel::randomWeights(const VitsConfig &c, std::uint64_t seed, int framesPerId) {
  checkSpeakers(c, "random VITS weights");
  RandomSource source(seed);
  Weights w;
  buildWeights(w, c, source);
  std::map<std::string, at::Tensor> t = source.take();
  const double logFrames = std::log(static_cast<double>(std::max(1, framesPerId)) - 0.5); // ceil gives framesPerId
  if (c.useStochasticDurationPrediction) {
    // Zero noise, identity splines (their parameters 0), then (0 - translate) · exp(-0) = log frames.
    t["duration_predictor.flows.0.translate"].fill_(-logFrames);
    t["duration_predictor.flows.0.log_scale"].zero_();
    for (int i = 2; i <= c.durationPredictorNumFlows; ++i) {
      const std::string p = "duration_predictor.flows." + std::to_string(i) + ".conv_proj.";
      t[p + "weight"].zero_();
      t[p + "bias"].zero_();
    }
  } else {
    t["duration_predictor.proj.weight"].zero_();
    t["duration_predictor.proj.bias"].fill_(logFrames);
  }
  return t;
}

SynthesisOptions VitsModel::defaultOptions() const {
  SynthesisOptions o;
  o.noiseScale = c.noiseScale;
  o.noiseScaleDuration = c.noiseScaleDuration;
  o.lengthScale = 1.0 / c.speakingRate;
  return o;
}

namespace {

// The HiFi-GAN decoder: latents [1, flow, frames] to samples [frames × hop], float32 on the CPU.
// Every intermediate is a fresh tensor, so the activations and sums run in place.
at::Tensor decode(const VitsModel::Weights &W, const VitsConfig &c, const at::Tensor &latents, const at::Tensor &speaker) {
  at::Tensor y = W.decPre(latents);
  if (speaker.defined())
    y.add_(W.decCond(speaker));
  const std::size_t kernels = c.resblockKernelSizes.size();
  for (std::size_t i = 0; i < W.upsampler.size(); ++i) {
    y = W.upsampler[i](at::leaky_relu_(y, c.leakyReluSlope));
    at::Tensor sum;
    for (std::size_t j = 0; j < kernels; ++j) {
      const ResBlock &rb = W.resblocks[i * kernels + j];
      at::Tensor r = y;
      for (std::size_t m = 0; m < rb.convs1.size(); ++m) {
        at::Tensor t = rb.convs1[m](at::leaky_relu(r, c.leakyReluSlope));
        if (m < rb.convs2.size()) // ResBlock1; ResBlock2 has one convolution per dilation
          t = rb.convs2[m](at::leaky_relu_(t, c.leakyReluSlope));
        r = t.add_(r);
      }
      if (!sum.defined())
        sum = r.is_same(y) ? r.clone() : r;
      else
        sum.add_(r);
    }
    y = sum.div_(static_cast<double>(kernels));
  }
  y = W.decPost(at::leaky_relu_(y, 0.01)).tanh_(); // the reference's default slope here
  return y.reshape({-1}).to(at::kCPU).to(at::kFloat);
}

// Decodes [from, to) of the latents' frames with `context` frames of the latents on each side
// (where there are any) and keeps the samples of [from, to) only.
at::Tensor decodeSpan(const VitsModel::Weights &W, const VitsConfig &c, const at::Tensor &latents, const at::Tensor &speaker,
                      int64_t from, int64_t to, int64_t context) {
  const int64_t frames = latents.size(2), hop = c.hopLength();
  const int64_t a = std::max<int64_t>(0, from - context), b = std::min(frames, to + context);
  const at::Tensor samples = decode(W, c, latents.slice(2, a, b), speaker);
  return samples.slice(0, (from - a) * hop, (to - a) * hop);
}

} // namespace

int VitsModel::framesOf(double seconds) const {
  return std::max(1, static_cast<int>(std::ceil(seconds * c.samplingRate / c.hopLength())));
}

int VitsModel::decoderContextFrames() const {
  // How far one output sample of the decoder sees on each side, in output samples, summed from the
  // output back to the input: conv_post, then per upsampling stage (the last first) its widest
  // residual block and its transposed convolution (an output sample reads ⌈kernel / stride⌉ inputs
  // around it), then conv_pre. Rounded up to frames, plus one.
  double samples = 3.0; // conv_post, kernel 7
  double scale = 1.0;   // output samples per sample at the current stage's output
  for (std::size_t i = c.upsampleRates.size(); i-- > 0;) {
    double widest = 0;
    for (std::size_t j = 0; j < c.resblockKernelSizes.size(); ++j) {
      const double half = (c.resblockKernelSizes[j] - 1) / 2.0;
      double reach = 0;
      for (const int d : c.resblockDilationSizes[j])
        reach += half * d + (c.resblockType == 1 ? half : 0.0);
      widest = std::max(widest, reach);
    }
    samples += widest * scale;
    scale *= c.upsampleRates[i];
    samples += std::ceil(double(c.upsampleKernelSizes[i]) / double(c.upsampleRates[i])) * scale;
  }
  samples += 3.0 * scale; // conv_pre, kernel 7
  return static_cast<int>(std::ceil(samples / double(c.hopLength()))) + 1;
}

Synthesis VitsModel::synthesize(const std::vector<long long> &ids, const SynthesisOptions &options, const WaveformPiece &piece) const {
  if (ids.empty())
    throw ModelError(ErrorCode::Input, "VITS: no input ids (the text has no character of the vocabulary)");
  if (ids.size() > static_cast<std::size_t>(kMaxIds))
    throw ModelError(ErrorCode::Input, "VITS: " + std::to_string(ids.size()) + " input ids at once; at most " + std::to_string(kMaxIds) +
                                           " (speak a long text sentence by sentence)");
  const Weights &W = *w;
  // Convolutions make most of the work: they get the thread budget (runtime/device.h).
  std::optional<ScopedConvolutionThreads> convolutionThreads;
  if (W.device.is_cpu())
    convolutionThreads.emplace();
  const at::TensorOptions fopts = at::TensorOptions().dtype(W.dtype).device(W.device);
  const int64_t L = static_cast<int64_t>(ids.size());
  const int64_t H = c.hiddenSize, F = c.flowSize, heads = c.numAttentionHeads, headDim = H / heads;
  std::optional<at::Generator> generator;
  auto normal = [&](const std::vector<int64_t> &shape) {
    if (!generator)
      generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    return at::randn(shape, *generator, at::TensorOptions().dtype(at::kFloat)).to(fopts);
  };
  auto injected = [&](const at::Tensor &t, const std::vector<int64_t> &shape, const char *what) {
    if (!t.defined())
      return normal(shape);
    if (t.sizes() != at::IntArrayRef(shape))
      throw ModelError(ErrorCode::Input, std::string("VITS: injected ") + what + " noise has the wrong shape");
    return t.to(fopts);
  };

  if (options.speakerId < 0 || options.speakerId >= c.numSpeakers)
    throw ModelError(ErrorCode::Input, "VITS: speaker " + std::to_string(options.speakerId) + " does not exist (the voice has " +
                                           std::to_string(c.numSpeakers) + (c.numSpeakers == 1 ? " speaker)" : " speakers, 0 to " +
                                           std::to_string(c.numSpeakers - 1) + ")"));
  // [1, embedding, 1] for a multi-speaker model, else undefined.
  const at::Tensor speaker =
      W.speakers.defined() ? W.speakers.slice(0, options.speakerId, options.speakerId + 1).unsqueeze(-1) : at::Tensor();

  Synthesis s;
  // Text encoder.
  std::vector<int64_t> clipped(ids.begin(), ids.end());
  for (int64_t &id : clipped)
    if (id < 0 || id >= c.vocabSize)
      id = 0;
  const at::Tensor idTensor = at::tensor(clipped, at::TensorOptions().dtype(at::kLong)).to(W.device);
  at::Tensor x = W.embedTokens.index_select(0, idTensor).unsqueeze(0) * std::sqrt(static_cast<double>(H));
  const double scaling = 1.0 / std::sqrt(static_cast<double>(headDim));
  at::Tensor relIndex, relBack;
  if (c.windowSize > 0) {
    const at::Tensor i = at::arange(L, at::TensorOptions().dtype(at::kLong).device(W.device));
    relIndex =
        (i.unsqueeze(0) - i.unsqueeze(1) + (L - 1)).unsqueeze(0).expand({heads, L, L}); // [h, i, j] -> j - i + L - 1
    const at::Tensor r = at::arange(2 * L - 1, at::TensorOptions().dtype(at::kLong).device(W.device));
    relBack = (r.unsqueeze(0) + i.unsqueeze(1)).unsqueeze(0).expand({heads, L, 2 * L - 1}); // [h, i, r] -> r + i
  }
  for (const EncoderLayer &l : W.layers) {
    const at::Tensor q = (l.q(x) * scaling).view({L, heads, headDim}).transpose(0, 1);
    const at::Tensor k = l.k(x).view({L, heads, headDim}).transpose(0, 1);
    const at::Tensor v = l.v(x).view({L, heads, headDim}).transpose(0, 1);
    at::Tensor scores = at::matmul(q, k.transpose(1, 2)); // [heads, L, L]
    if (c.windowSize > 0) {
      const at::Tensor keyRel = relativeEmbeddings(l.relK, L, c.windowSize); // [1, 2L-1, d]
      const at::Tensor relLogits = at::matmul(q, keyRel.transpose(1, 2));    // [heads, L, 2L-1]
      scores = scores + relLogits.gather(2, relIndex);
    }
    const at::Tensor probs = at::softmax(scores, -1);
    at::Tensor ctx = at::matmul(probs, v);
    if (c.windowSize > 0) {
      const at::Tensor valueRel = relativeEmbeddings(l.relV, L, c.windowSize);
      const at::Tensor padded = at::constant_pad_nd(probs, {L - 1, L - 1});
      ctx = ctx + at::matmul(padded.gather(2, relBack), valueRel);
    }
    const at::Tensor attn = l.out(ctx.transpose(0, 1).reshape({1, L, H}));
    x = l.norm(x + attn);
    const int64_t kf = c.ffnKernelSize, left = (kf - 1) / 2, right = kf / 2;
    at::Tensor h = x.transpose(1, 2);
    h = l.ffn1(at::constant_pad_nd(h, {left, right}));
    h = c.hiddenAct == VitsActivation::Relu ? at::relu(h) : at::gelu(h);
    h = l.ffn2(at::constant_pad_nd(h, {left, right}));
    x = l.finalNorm(x + h.transpose(1, 2));
  }
  s.textEncoderOut = x;
  const at::Tensor stats = W.project(x.transpose(1, 2)).transpose(1, 2);
  s.priorMeans = stats.slice(2, 0, F);
  s.priorLogVariances = stats.slice(2, F);

  // Durations.
  const at::Tensor hidden = x.transpose(1, 2); // [1, H, L]
  at::Tensor logDuration;
  if (c.useStochasticDurationPrediction) {
    const StochasticDuration &d = W.sdp;
    at::Tensor cond = d.pre(hidden);
    if (speaker.defined())
      cond = cond + d.cond(speaker);
    cond = runDepthSeparable(d.dds, cond);
    cond = d.proj(cond);
    at::Tensor latents = injected(options.noiseDuration, {1, 2, L}, "duration") * options.noiseScaleDuration;
    // Reverse order, without flows.1.
    for (std::size_t i = d.flows.size(); i >= 2; --i) {
      latents = at::flip(latents, {1});
      latents = convFlowReverse(d.flows[i - 1], latents, cond, c);
    }
    latents = at::flip(latents, {1});
    latents = (latents - d.translate) * at::exp(-d.logScale);
    logDuration = latents.slice(1, 0, 1);
  } else {
    const PlainDuration &d = W.dp;
    at::Tensor h = d.conv1(speaker.defined() ? hidden + d.cond(speaker) : hidden);
    h = d.norm1.channels(at::relu(h));
    h = d.conv2(h);
    h = d.norm2.channels(at::relu(h));
    logDuration = d.proj(h);
  }
  s.logDuration = logDuration;
  const at::Tensor duration = at::ceil(at::exp(logDuration) * options.lengthScale);
  s.durations = duration.reshape({L}).to(at::kCPU).to(at::kLong);
  const int64_t total = s.durations.sum().item<int64_t>();
  const int64_t frames = std::max<int64_t>(total, 1);

  // Prior expanded to frames.
  const at::Tensor repeats = s.durations.to(W.device);
  auto expand = [&](const at::Tensor &t) {
    at::Tensor e = at::repeat_interleave(t[0], repeats, 0, total); // [total, F]
    if (total < frames)
      e = at::cat({e, at::zeros({frames - total, F}, fopts)}, 0);
    return e.t().unsqueeze(0); // [1, F, frames]
  };
  const at::Tensor means = expand(s.priorMeans), logVariances = expand(s.priorLogVariances);
  const at::Tensor noise = injected(options.noisePrior, {1, F, frames}, "prior");
  at::Tensor latents = means + noise * at::exp(logVariances) * options.noiseScale;
  // The frames past the durations' sum (one, when every duration is 0) are masked as the reference
  // masks them; otherwise every frame counts and the mask (all ones) is left out.
  const at::Tensor frameMask =
      total < frames ? (at::arange(frames, fopts) < static_cast<double>(total)).to(W.dtype).view({1, 1, frames})
                     : at::Tensor();
  const auto masked = [&](at::Tensor t) { return frameMask.defined() ? t.mul_(frameMask) : t; };

  // Flow in reverse.
  for (auto it = W.flows.rbegin(); it != W.flows.rend(); ++it) {
    latents = at::flip(latents, {1});
    const at::Tensor first = latents.slice(1, 0, F / 2), second = latents.slice(1, F / 2);
    at::Tensor h = masked(it->pre(first));
    h = wavenet(it->wavenet, h, frameMask, H, speaker);
    const at::Tensor mean = masked(it->post(h));
    latents = at::cat({first, masked(second - mean)}, 1);
  }
  s.spectrogram = masked(latents);

  if (!piece || frames < 2 * options.firstPieceFrames || options.firstPieceFrames <= 0) {
    s.waveform = decode(W, c, s.spectrogram, speaker);
    if (piece)
      piece(s.waveform);
    return s;
  }
  // In pieces, each twice as long as the one before, each decoded with the latents around it.
  const int64_t context = decoderContextFrames();
  std::vector<at::Tensor> pieces;
  int64_t from = 0, length = options.firstPieceFrames;
  while (from < frames) {
    // A rest shorter than this piece goes with it.
    const int64_t to = frames - (from + length) < length ? frames : from + length;
    pieces.push_back(decodeSpan(W, c, s.spectrogram, speaker, from, to, context));
    piece(pieces.back());
    from = to;
    length *= 2;
  }
  s.waveform = at::cat(pieces);
  return s;
}

} // namespace dragoman::torchrt::vits
