#!/usr/bin/python3
"""Eager PyTorch reference for `dragoman bench mt`.

The computation Hugging Face's generate() performs for MarianMTModel (OPUS-MT) and
M2M100ForConditionalGeneration (NLLB-200) with the eager attention implementation, written with
plain torch.nn.functional operators: embeddings times sqrt(d_model) plus sinusoidal positions,
post-LayerNorm (Marian) or pre-LayerNorm (M2M100) layers, a KV cache grown by torch.cat each step
and reordered by index_select after each beam step (self- and cross-attention, as
EncoderDecoderCache.reorder_cache does), the vocabulary projection plus final_logits_bias, the
logits processors (bad words, forced BOS), greedy search and beam search with BeamSearchScorer's
bookkeeping. Only torch is needed (Debian's python3-torch); the safetensors file is parsed here.

It reads the folder `dragoman bench make-model --kind mt` writes (or a real one), runs the same
measurements on the same token ids as core/inference/torch/seq2seq/bench.cpp and prints them as
one JSON object with the same keys.
"""

import argparse
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn.functional as F

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
          "BOOL": torch.bool}


def read_safetensors(path):
    """name -> tensor viewing one buffer holding the file's data section."""
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
        data = bytearray(os.path.getsize(path) - 8 - header_len)
        view = memoryview(data)
        done = 0
        while done < len(data):
            n = f.readinto(view[done:])
            if not n:
                raise IOError(f"{path}: truncated")
            done += n
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        size = torch.empty((), dtype=dtype).element_size()
        t = torch.frombuffer(data, dtype=dtype, count=(end - begin) // size, offset=begin) if end > begin \
            else torch.empty(0, dtype=dtype)
        tensors[name] = t.view(info["shape"])
    return tensors


def marian_positions(rows, dim):
    """MarianSinusoidalPositionalEmbedding's table (computed in float64, stored as float32)."""
    pos = torch.arange(rows, dtype=torch.float64).unsqueeze(1)
    j = torch.arange(dim, dtype=torch.float64)
    enc = pos / torch.pow(torch.tensor(10000.0, dtype=torch.float64), 2 * torch.div(j, 2, rounding_mode="floor") / dim)
    out = torch.empty(rows, dim, dtype=torch.float64)
    sentinel = dim // 2 if dim % 2 == 0 else dim // 2 + 1
    out[:, :sentinel] = torch.sin(enc[:, 0::2])
    out[:, sentinel:] = torch.cos(enc[:, 1::2])
    return out.to(torch.float32)


def m2m_positions(rows, dim, padding_idx):
    """M2M100SinusoidalPositionalEmbedding.get_embedding."""
    half = dim // 2
    step = math.log(10000) / (half - 1)
    freq = torch.exp(torch.arange(half, dtype=torch.int64).float() * -step)
    angles = torch.arange(rows, dtype=torch.int64).float().unsqueeze(1) * freq.unsqueeze(0)
    table = torch.cat([torch.sin(angles), torch.cos(angles)], dim=1).view(rows, -1)
    if dim % 2 == 1:
        table = torch.cat([table, torch.zeros(rows, 1)], dim=1)
    table[padding_idx, :] = 0
    return table


class Model:
    def __init__(self, folder):
        with open(os.path.join(folder, "config.json")) as f:
            c = json.load(f)
        g = {}
        if os.path.exists(os.path.join(folder, "generation_config.json")):
            with open(os.path.join(folder, "generation_config.json")) as f:
                g = json.load(f)
        self.marian = c["model_type"] == "marian"
        self.d = c["d_model"]
        self.heads = c["decoder_attention_heads"]
        self.enc_heads = c["encoder_attention_heads"]
        self.vocab = c["vocab_size"]
        self.pad = c.get("pad_token_id", self.vocab - 1 if self.marian else 1)
        eos = g.get("eos_token_id", c.get("eos_token_id", 0 if self.marian else 2))
        self.eos = eos if isinstance(eos, list) else [eos]
        self.start = g.get("decoder_start_token_id", c.get("decoder_start_token_id", self.pad if self.marian else 2))
        self.embed_scale = math.sqrt(self.d) if c.get("scale_embedding", False) else 1.0
        act = c.get("activation_function", "swish" if self.marian else "relu")
        self.act = {"swish": F.silu, "silu": F.silu, "relu": F.relu, "gelu": F.gelu}[act]
        w = read_safetensors(os.path.join(folder, "model.safetensors"))
        self.weight_bytes = sum(t.numel() * t.element_size() for t in w.values())
        p = "model." if "model.shared.weight" in w or "model.encoder.embed_tokens.weight" in w else ""
        shared = w.get(p + "shared.weight")
        self.enc_embed = w.get(p + "encoder.embed_tokens.weight", shared)
        self.dec_embed = w.get(p + "decoder.embed_tokens.weight", shared)
        self.lm_head = w.get("lm_head.weight", self.dec_embed)
        bias = w.get("final_logits_bias")
        self.logits_bias = bias.view(-1) if bias is not None else None
        maxpos = c["max_position_embeddings"]
        if self.marian:
            self.positions = marian_positions(maxpos, self.d)
        else:
            self.offset = 2
            self.positions = m2m_positions(maxpos + self.offset, self.d, self.pad)

        def attn(n):
            return {k: (w[f"{n}.{k}_proj.weight"], w[f"{n}.{k}_proj.bias"]) for k in ("q", "k", "v", "out")}

        def norm(n):
            return (w[n + ".weight"], w[n + ".bias"])

        def ffn(n):
            return (w[n + "fc1.weight"], w[n + "fc1.bias"], w[n + "fc2.weight"], w[n + "fc2.bias"])

        self.encoder = []
        for i in range(c["encoder_layers"]):
            n = f"{p}encoder.layers.{i}."
            self.encoder.append({"attn": attn(n + "self_attn"), "attn_ln": norm(n + "self_attn_layer_norm"),
                                 "ffn": ffn(n), "ffn_ln": norm(n + "final_layer_norm")})
        self.decoder = []
        for i in range(c["decoder_layers"]):
            n = f"{p}decoder.layers.{i}."
            self.decoder.append({"self": attn(n + "self_attn"), "self_ln": norm(n + "self_attn_layer_norm"),
                                 "cross": attn(n + "encoder_attn"), "cross_ln": norm(n + "encoder_attn_layer_norm"),
                                 "ffn": ffn(n), "ffn_ln": norm(n + "final_layer_norm")})
        self.enc_ln = None if self.marian else norm(p + "encoder.layer_norm")
        self.dec_ln = None if self.marian else norm(p + "decoder.layer_norm")

    # -- pieces ------------------------------------------------------------------------------

    def ln(self, x, wb):
        return F.layer_norm(x, (self.d,), wb[0], wb[1], 1e-5)

    def pos(self, ids, past):
        if self.marian:  # MarianSinusoidalPositionalEmbedding(input_ids.shape, past_key_values_length)
            return F.embedding(torch.arange(past, past + ids.shape[1], dtype=torch.long), self.positions)
        # create_position_ids_from_input_ids
        mask = ids.ne(self.pad).int()
        idx = (torch.cumsum(mask, dim=1).type_as(mask) + past) * mask
        position_ids = idx.long() + self.pad
        need = self.pad + 1 + ids.shape[1] + past
        if need > self.positions.shape[0]:
            self.positions = m2m_positions(need + self.offset, self.d, self.pad)
        return self.positions.index_select(0, position_ids.view(-1)).view(ids.shape[0], ids.shape[1], -1)

    def split(self, x, heads):
        b, t, _ = x.shape
        return x.view(b, t, heads, -1).transpose(1, 2)

    def attend(self, q, k, v, mask, out, heads):
        """eager_attention_forward: softmax(q·kᵀ·scaling + mask)·v, then out_proj."""
        b, _, t, dh = q.shape
        w = torch.matmul(q, k.transpose(2, 3)) * (dh ** -0.5)
        if mask is not None:
            w = w + mask
        w = F.softmax(w, dim=-1)
        o = torch.matmul(w, v).transpose(1, 2).contiguous().reshape(b, t, -1)
        return F.linear(o, *out)

    def ffn(self, x, f):
        return F.linear(self.act(F.linear(x, f[0], f[1])), f[2], f[3])

    # -- encoder and decoder -----------------------------------------------------------------

    def encode(self, ids, mask):
        h = F.embedding(ids, self.enc_embed) * self.embed_scale + self.pos(ids, 0)
        # _prepare_4d_attention_mask: [B, 1, S, S], 0 or the dtype's lowest value
        m = (1.0 - mask[:, None, None, :].to(h.dtype).expand(ids.shape[0], 1, ids.shape[1], ids.shape[1])) \
            * torch.finfo(h.dtype).min
        for l in self.encoder:
            a = l["attn"]
            res = h
            x = h if self.marian else self.ln(h, l["attn_ln"])
            q = self.split(F.linear(x, *a["q"]), self.enc_heads)
            k = self.split(F.linear(x, *a["k"]), self.enc_heads)
            v = self.split(F.linear(x, *a["v"]), self.enc_heads)
            h = res + self.attend(q, k, v, m, a["out"], self.enc_heads)
            if self.marian:
                h = self.ln(h, l["attn_ln"])
            res = h
            h = res + self.ffn(h if self.marian else self.ln(h, l["ffn_ln"]), l["ffn"])
            if self.marian:
                h = self.ln(h, l["ffn_ln"])
        return h if self.marian else self.ln(h, self.enc_ln)

    def cross_kv(self, enc):
        """What the first decoder step puts in the cross-attention cache."""
        return [(self.split(F.linear(enc, *l["cross"]["k"]), self.heads), self.split(F.linear(enc, *l["cross"]["v"]), self.heads))
                for l in self.decoder]

    def decode(self, ids, cache, enc_mask):
        """One forward of the decoder over ids [R, T] (T = 1 during generation). cache: a dict with
        'self' (list of (k, v) or None) and 'cross' (list of (k, v)); updated in place."""
        past = 0 if cache["self"][0] is None else cache["self"][0][0].shape[2]
        h = F.embedding(ids, self.dec_embed) * self.embed_scale + self.pos(ids, past)
        t = ids.shape[1]
        causal = None
        if t > 1:  # _prepare_4d_causal_attention_mask only builds a mask for more than one query
            causal = torch.full((t, past + t), torch.finfo(h.dtype).min).triu(past + 1)[None, None]
        cross_mask = (1.0 - enc_mask[:, None, None, :].to(h.dtype).expand(ids.shape[0], 1, t, enc_mask.shape[1])) \
            * torch.finfo(h.dtype).min
        for i, l in enumerate(self.decoder):
            a = l["self"]
            res = h
            x = h if self.marian else self.ln(h, l["self_ln"])
            q = self.split(F.linear(x, *a["q"]), self.heads)
            k = self.split(F.linear(x, *a["k"]), self.heads)
            v = self.split(F.linear(x, *a["v"]), self.heads)
            if cache["self"][i] is not None:  # DynamicCache.update
                k = torch.cat([cache["self"][i][0], k], dim=-2)
                v = torch.cat([cache["self"][i][1], v], dim=-2)
            cache["self"][i] = (k, v)
            h = res + self.attend(q, k, v, causal, a["out"], self.heads)
            if self.marian:
                h = self.ln(h, l["self_ln"])
            c = l["cross"]
            res = h
            x = h if self.marian else self.ln(h, l["cross_ln"])
            q = self.split(F.linear(x, *c["q"]), self.heads)
            ck, cv = cache["cross"][i]
            h = res + self.attend(q, ck, cv, cross_mask, c["out"], self.heads)
            if self.marian:
                h = self.ln(h, l["cross_ln"])
            res = h
            h = res + self.ffn(h if self.marian else self.ln(h, l["ffn_ln"]), l["ffn"])
            if self.marian:
                h = self.ln(h, l["ffn_ln"])
        if not self.marian:
            h = self.ln(h, self.dec_ln)
        logits = F.linear(h, self.lm_head)
        if self.logits_bias is not None:
            logits = logits + self.logits_bias
        return logits

    def new_cache(self, enc):
        return {"self": [None] * len(self.decoder), "cross": self.cross_kv(enc)}

    @staticmethod
    def reorder(cache, index):
        """EncoderDecoderCache.reorder_cache: both caches follow the beams."""
        cache["self"] = [None if kv is None else (kv[0].index_select(0, index), kv[1].index_select(0, index))
                         for kv in cache["self"]]
        cache["cross"] = [(k.index_select(0, index), v.index_select(0, index)) for k, v in cache["cross"]]


# -- generate() ------------------------------------------------------------------------------

class Processors:
    """NoBadWordsLogitsProcessor (single tokens) and ForcedBOSTokenLogitsProcessor, in HF's order."""

    def __init__(self, vocab, bad, forced_bos):
        self.mask = torch.zeros(vocab, dtype=torch.bool)
        for t in bad:
            self.mask[t] = True
        self.forced_bos = forced_bos

    def __call__(self, input_ids, scores):
        scores = scores.masked_fill(self.mask, -math.inf)
        if self.forced_bos is not None and input_ids.shape[-1] == 1:
            scores = torch.full_like(scores, -math.inf)
            scores[:, self.forced_bos] = 0
        return scores


class BeamHypotheses:
    def __init__(self, num_beams, length_penalty):
        self.num_beams = num_beams
        self.length_penalty = length_penalty
        self.beams = []
        self.worst_score = 1e9

    def __len__(self):
        return len(self.beams)

    def add(self, hyp, sum_logprobs, generated_len):
        score = sum_logprobs / (generated_len ** self.length_penalty)
        if len(self) < self.num_beams or score > self.worst_score:
            self.beams.append((score, hyp))
            if len(self) > self.num_beams:
                ranked = sorted([(s, idx) for idx, (s, _) in enumerate(self.beams)])
                del self.beams[ranked[0][1]]
                self.worst_score = ranked[1][0]
            else:
                self.worst_score = min(score, self.worst_score)

    def is_done(self, best_sum_logprobs, cur_len, prompt_len):
        if len(self) < self.num_beams:
            return False
        return self.worst_score >= best_sum_logprobs / ((cur_len - prompt_len) ** self.length_penalty)


def generate(model, ids, mask, num_beams, max_length, processors):
    """Encoder, then greedy search (_sample without sampling) or beam search (_beam_search with
    BeamSearchScorer), to max_length tokens including the decoder start token."""
    batch = ids.shape[0]
    enc = model.encode(ids, mask)
    if num_beams > 1:  # _expand_inputs_for_generation
        enc = enc.repeat_interleave(num_beams, dim=0)
        mask = mask.repeat_interleave(num_beams, dim=0)
    rows = batch * num_beams
    input_ids = torch.full((rows, 1), model.start, dtype=torch.long)
    cache = {"self": [None] * len(model.decoder), "cross": None}
    first = True
    if num_beams == 1:
        unfinished = torch.ones(batch, dtype=torch.long)
        while True:
            if first:  # the first step computes the cross-attention K/V
                cache["cross"] = model.cross_kv(enc)
                first = False
            logits = model.decode(input_ids[:, -1:], cache, mask)
            next_logits = logits[:, -1, :].to(copy=True, dtype=torch.float32)
            scores = processors(input_ids, next_logits)
            next_tokens = torch.argmax(scores, dim=-1)
            next_tokens = next_tokens * unfinished + model.pad * (1 - unfinished)
            input_ids = torch.cat([input_ids, next_tokens[:, None]], dim=-1)
            is_eos = torch.isin(next_tokens, torch.tensor(model.eos))
            unfinished = unfinished & ~(is_eos | (input_ids.shape[-1] >= max_length))
            if unfinished.max() == 0:
                return [input_ids[b, 1:].tolist() for b in range(batch)]
    vocab = model.vocab
    beam_scores = torch.zeros((batch, num_beams), dtype=torch.float)
    beam_scores[:, 1:] = -1e9
    beam_scores = beam_scores.view((rows,))
    hyps = [BeamHypotheses(num_beams, 1.0) for _ in range(batch)]
    done = [False] * batch
    cur_len = 1
    keep = max(2, 1 + len(model.eos)) * num_beams
    while True:
        if first:
            cache["cross"] = model.cross_kv(enc)
            first = False
        logits = model.decode(input_ids[:, -1:], cache, mask)
        next_logits = logits[:, -1, :].to(copy=True, dtype=torch.float32)
        scores = F.log_softmax(next_logits, dim=-1)
        scores = processors(input_ids, scores)
        scores = scores + beam_scores[:, None].expand_as(scores)
        scores = scores.view(batch, num_beams * vocab)
        scores, tokens = torch.topk(scores, keep, dim=1, largest=True, sorted=True)
        indices = torch.div(tokens, vocab, rounding_mode="floor")
        tokens = tokens % vocab
        # BeamSearchScorer.process
        next_scores = torch.zeros((batch, num_beams), dtype=scores.dtype)
        next_tokens = torch.zeros((batch, num_beams), dtype=tokens.dtype)
        next_indices = torch.zeros((batch, num_beams), dtype=indices.dtype)
        for b in range(batch):
            if done[b]:
                next_tokens[b, :] = model.pad
                continue
            beam = 0
            for rank, (tok, score, idx) in enumerate(zip(tokens[b], scores[b], indices[b])):
                row = b * num_beams + idx
                if tok.item() in model.eos:
                    if rank >= num_beams:
                        continue
                    hyps[b].add(input_ids[row].clone(), score.item(), cur_len)
                else:
                    next_scores[b, beam] = score
                    next_tokens[b, beam] = tok
                    next_indices[b, beam] = row
                    beam += 1
                if beam == num_beams:
                    break
            done[b] = done[b] or hyps[b].is_done(scores[b].max().item(), cur_len + 1, 1)
        beam_scores = next_scores.view(-1)
        beam_idx = next_indices.view(-1)
        input_ids = torch.cat([input_ids[beam_idx, :], next_tokens.view(-1).unsqueeze(-1)], dim=-1)
        Model.reorder(cache, beam_idx)
        cur_len += 1
        if all(done) or cur_len >= max_length:
            break
    # BeamSearchScorer.finalize
    out = []
    for b in range(batch):
        if not done[b]:
            for j in range(num_beams):
                row = b * num_beams + j
                hyps[b].add(input_ids[row], beam_scores[row].item(), input_ids.shape[-1] - 1)
        best = max(hyps[b].beams, key=lambda x: x[0])[1]
        out.append(best[1:].tolist())
    return out


# -- the measurements ------------------------------------------------------------------------

def bench_sentence(index, length, vocab, m2m, eos):
    """core/inference/torch/seq2seq/bench.cpp benchSentence()."""
    span = max(vocab - 400, 1)
    ids = [4 + ((index * 131 + i) * 7919 + 104729) % span for i in range(length)]
    if m2m and length > 1:
        ids[0] = vocab - 159
    ids[-1] = eos
    return ids


def source_batch(model, first, sentences, length):
    rows = [bench_sentence(first + s, length, model.vocab, not model.marian, model.eos[0]) for s in range(sentences)]
    return torch.tensor(rows, dtype=torch.long), torch.ones(sentences, length, dtype=torch.long)


def timed(runs, f):
    f()
    v = []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        f()
        v.append((time.perf_counter() - t0) * 1000.0)
    v.sort()
    return v[len(v) // 2], v[0], v[-1]


def peak_rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="a Marian or M2M100 folder (config.json, model.safetensors)")
    ap.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (0: torch's default)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tokens", type=int, default=20, help="generated tokens per sentence")
    ap.add_argument("--source-tokens", type=int, default=20)
    ap.add_argument("--beams", type=int, default=4)
    ap.add_argument("--batches", default="8,32")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    out = {"engine": "eager-pytorch", "torch": torch.__version__, "model": a.model}
    with torch.no_grad():
        t0 = time.perf_counter()
        model = Model(a.model)
        out["load_ms"] = (time.perf_counter() - t0) * 1000.0
        out.update({"family": "marian" if model.marian else "m2m_100", "device": "cpu", "dtype": "float32",
                    "threads": torch.get_num_threads(), "source_tokens": a.source_tokens, "new_tokens": a.tokens,
                    "beams": a.beams, "runs": a.runs, "weight_mib": model.weight_bytes / 1048576.0})

        def put(key, t):
            out[key], out[key + "_min"], out[key + "_max"] = t

        ids, mask = source_batch(model, 0, 1, a.source_tokens)
        enc = [None]

        def encode():
            enc[0] = model.encode(ids, mask)

        put("encoder_ms", timed(a.runs, encode))
        put("cross_kv_ms", timed(a.runs, lambda: model.cross_kv(enc[0])))

        def steps(rows):
            cache = model.new_cache(enc[0])
            m = mask
            if rows > 1:
                expand = torch.zeros(rows, dtype=torch.long)
                Model.reorder(cache, expand)
                m = mask.index_select(0, expand)
            parents = torch.tensor([0 if j == rows - 1 else j for j in range(rows)], dtype=torch.long)
            tokens = torch.full((rows, 1), model.start, dtype=torch.long)
            t0 = time.perf_counter()
            for _ in range(a.tokens):
                logits = model.decode(tokens, cache, m)[:, -1, :].to(copy=True, dtype=torch.float32)
                tokens = logits.argmax(-1, keepdim=True)
                if rows > 1:
                    Model.reorder(cache, parents)
            return (time.perf_counter() - t0) * 1000.0

        def step_timing(rows):
            steps(rows)
            v = sorted(steps(rows) for _ in range(max(1, a.runs)))
            return v[len(v) // 2] / a.tokens, v[0] / a.tokens, v[-1] / a.tokens

        put("decoder_ms_per_token_greedy", step_timing(1))
        put("decoder_ms_per_token_beam", step_timing(a.beams))

        bad = list(model.eos) + ([model.pad] if model.marian else [])
        forced = None if model.marian else model.vocab - 164
        processors = Processors(model.vocab, bad, forced)
        max_length = 1 + a.tokens

        def translate(first, sentences, beams):
            src, src_mask = source_batch(model, first, sentences, a.source_tokens)
            return generate(model, src, src_mask, beams, max_length, processors)

        result = {}

        def greedy():
            result["greedy"] = translate(0, 1, 1)[0]

        def beam():
            result["beam"] = translate(0, 1, a.beams)[0]

        put("sentence_ms_greedy", timed(a.runs, greedy))
        put("sentence_ms_beam", timed(a.runs, beam))
        out["sentences_per_second"] = 1000.0 / out["sentence_ms_greedy"]
        for b in [int(x) for x in a.batches.split(",") if x]:
            key = f"batch_{b}_"
            put(key + "ms", timed(max(1, a.runs // (2 if b >= 32 else 1)), lambda: translate(0, b, 1)))
            out[key + "sentences_per_second"] = 1000.0 * b / out[key + "ms"]
            out[key + "speedup"] = out[key + "sentences_per_second"] / out["sentences_per_second"]
        out["peak_rss_mib"] = peak_rss_bytes() / 1048576.0
        out["greedy_ids"] = result["greedy"]
        out["beam_ids"] = result["beam"]
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
