// Piper's module paths (the names piper_train gives its weights, as an ONNX export keeps them) and
// the Hugging Face VITS names VitsModel reads.
#include "core/inference/torch/vits/piper.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace dragoman::torchrt::vits {

namespace {

std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos)
      return out;
    start = at + 1;
  }
}

bool isIndex(const std::string &s) {
  return !s.empty() && s.size() < 6 && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

bool isParam(const std::string &s) { return s == "weight" || s == "bias"; }

// gamma / beta of the original VITS layer norm -> weight / bias.
std::string normParam(const std::string &s) { return s == "gamma" ? "weight" : s == "beta" ? "bias" : ""; }


// The depth-separable stack of the duration predictor (and of its flows): convs.<rest>.
std::string ddsName(const std::vector<std::string> &g, std::size_t i, const std::string &prefix) {
  if (g.size() != i + 3 || !isIndex(g[i + 1]))
    return kNotAPiperWeight;
  const std::string &kind = g[i], &n = g[i + 1], &leaf = g[i + 2];
  if ((kind == "convs_sep" || kind == "convs_1x1") && isParam(leaf))
    return prefix + "conv_dds." + (kind == "convs_sep" ? "convs_dilated." : "convs_pointwise.") + n + "." + leaf;
  if ((kind == "norms_1" || kind == "norms_2") && !normParam(leaf).empty())
    return prefix + "conv_dds." + kind + "." + n + "." + normParam(leaf);
  return kNotAPiperWeight;
}

std::string encoderName(const std::vector<std::string> &g) {
  const std::size_t n = g.size();
  if (n == 3 && g[1] == "emb" && g[2] == "weight")
    return "text_encoder.embed_tokens.weight";
  if (n == 3 && g[1] == "proj" && isParam(g[2]))
    return "text_encoder.project." + g[2];
  if (n < 5 || g[1] != "encoder" || !isIndex(g[3]))
    return kNotAPiperWeight;
  const std::string layer = "text_encoder.encoder.layers." + g[3] + ".";
  if (g[2] == "attn_layers") {
    if (n == 5 && (g[4] == "emb_rel_k" || g[4] == "emb_rel_v"))
      return layer + "attention." + g[4];
    static const std::map<std::string, std::string> projections = {
        {"conv_q", "q_proj"}, {"conv_k", "k_proj"}, {"conv_v", "v_proj"}, {"conv_o", "out_proj"}};
    if (n == 6 && projections.count(g[4]) && isParam(g[5]))
      return layer + "attention." + projections.at(g[4]) + "." + g[5];
  }
  if ((g[2] == "norm_layers_1" || g[2] == "norm_layers_2") && n == 5 && !normParam(g[4]).empty())
    return layer + (g[2] == "norm_layers_1" ? "layer_norm." : "final_layer_norm.") + normParam(g[4]);
  if (g[2] == "ffn_layers" && n == 6 && (g[4] == "conv_1" || g[4] == "conv_2") && isParam(g[5]))
    return layer + "feed_forward." + g[4] + "." + g[5];
  return kNotAPiperWeight;
}

std::string durationName(const std::vector<std::string> &g, bool stochastic) {
  const std::size_t n = g.size();
  const std::string p = "duration_predictor.";
  if (n >= 2 && g[1].rfind("post_", 0) == 0)
    return ""; // training only
  if (n == 3 && g[1] == "cond" && isParam(g[2]))
    return p + "cond." + g[2]; // speaker conditioning
  if (stochastic) {
    if (n == 3 && (g[1] == "pre" || g[1] == "proj") && isParam(g[2]))
      return p + "conv_" + g[1] + "." + g[2];
    if (n >= 2 && g[1] == "convs")
      return ddsName(g, 2, p);
    if (n >= 4 && g[1] == "flows" && isIndex(g[2])) {
      const int k = std::stoi(g[2]);
      if (k == 0 && n == 4)
        return g[3] == "m" ? p + "flows.0.translate" : g[3] == "logs" ? p + "flows.0.log_scale" : kNotAPiperWeight;
      if (k % 2 == 0)
        return kNotAPiperWeight; // Flip modules hold no weights
      if (k == 1)
        return ""; // the first ConvFlow is skipped in reverse
      const std::string q = p + "flows." + std::to_string((k + 1) / 2) + ".";
      if (n == 5 && (g[3] == "pre" || g[3] == "proj") && isParam(g[4]))
        return q + "conv_" + g[3] + "." + g[4];
      if (g[3] == "convs")
        return ddsName(g, 4, q);
    }
    return kNotAPiperWeight;
  }
  if (n == 3 && (g[1] == "conv_1" || g[1] == "conv_2" || g[1] == "proj") && isParam(g[2]))
    return p + g[1] + "." + g[2];
  if (n == 3 && (g[1] == "norm_1" || g[1] == "norm_2") && !normParam(g[2]).empty())
    return p + g[1] + "." + normParam(g[2]);
  return kNotAPiperWeight;
}

std::string flowName(const std::vector<std::string> &g) {
  const std::size_t n = g.size();
  if (n < 5 || g[1] != "flows" || !isIndex(g[2]))
    return kNotAPiperWeight;
  const int k = std::stoi(g[2]);
  if (k % 2 != 0)
    return kNotAPiperWeight; // Flip
  const std::string p = "flow.flows." + std::to_string(k / 2) + ".";
  if (n == 5 && (g[3] == "pre" || g[3] == "post") && isParam(g[4]))
    return p + "conv_" + g[3] + "." + g[4];
  if (g[3] == "enc" && n == 6 && g[4] == "cond_layer" && isParam(g[5]))
    return p + "wavenet.cond_layer." + g[5];
  if (g[3] == "enc" && n == 7 && (g[4] == "in_layers" || g[4] == "res_skip_layers") && isIndex(g[5]) && isParam(g[6]))
    return p + "wavenet." + g[4] + "." + g[5] + "." + g[6];
  return kNotAPiperWeight;
}

std::string decoderName(const std::vector<std::string> &g) {
  const std::size_t n = g.size();
  if (n == 3 && (g[1] == "conv_pre" || g[1] == "conv_post") && isParam(g[2]))
    return "decoder." + g[1] + "." + g[2];
  if (n == 3 && g[1] == "cond" && isParam(g[2]))
    return "decoder.cond." + g[2];
  if (n == 4 && g[1] == "ups" && isIndex(g[2]) && isParam(g[3]))
    return "decoder.upsampler." + g[2] + "." + g[3];
  if (n == 6 && g[1] == "resblocks" && isIndex(g[2]) && isIndex(g[4]) && isParam(g[5])) {
    if (g[3] == "convs1" || g[3] == "convs2")
      return "decoder.resblocks." + g[2] + "." + g[3] + "." + g[4] + "." + g[5];
    if (g[3] == "convs") // resblock "2": one convolution per dilation
      return "decoder.resblocks." + g[2] + ".convs1." + g[4] + "." + g[5];
  }
  return kNotAPiperWeight;
}

} // namespace

std::string hfNameOfPiper(const std::string &piperPath, bool stochasticDuration) {
  const std::vector<std::string> g = split(piperPath, '.');
  if (g.empty())
    return kNotAPiperWeight;
  if (g[0] == "enc_q" && g.size() > 1)
    return ""; // posterior encoder: training only
  if (g[0] == "emb_g" && g.size() == 2 && g[1] == "weight")
    return "embed_speaker.weight";
  if (g[0] == "enc_p")
    return encoderName(g);
  if (g[0] == "dp")
    return durationName(g, stochasticDuration);
  if (g[0] == "flow")
    return flowName(g);
  if (g[0] == "dec")
    return decoderName(g);
  return kNotAPiperWeight;
}

} // namespace dragoman::torchrt::vits
