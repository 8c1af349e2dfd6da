#!/usr/bin/python3
"""Prints `dragoman bench mt --json` and eager_reference.py's JSON side by side, with the ratios
and the targets of docs/BENCHMARKS.md. Usage: sidebyside.py DRAGOMAN.json EAGER.json"""

import json
import sys

ours = json.load(open(sys.argv[1]))
eager = json.load(open(sys.argv[2]))
beams = ours.get("beams", 4)
rows = [
    ("load", "load_ms", "ms", False),
    ("weights", "weight_mib", "MiB", None),
    ("encoder, 1 sentence", "encoder_ms", "ms", False),
    ("cross-attention K/V", "cross_kv_ms", "ms", False),
    ("decoder per token, 1 row", "decoder_ms_per_token_greedy", "ms", False),
    (f"decoder per token, {beams} rows", "decoder_ms_per_token_beam", "ms", False),
    ("sentence, greedy", "sentence_ms_greedy", "ms", False),
    (f"sentence, beam {beams}", "sentence_ms_beam", "ms", False),
    ("one at a time, greedy", "sentences_per_second", "sent/s", True),
]
batch_sizes = sorted(int(k.split("_")[1]) for k in ours if k.startswith("batch_") and k.endswith("_speedup"))
for b in batch_sizes:
    key = f"batch_{b}_sentences_per_second"
    rows.append((f"batch of {b}, greedy", key, "sent/s", True))
    rows.append((f"  batch {b} / one at a time", f"batch_{b}_speedup", "x", None))
rows.append(("peak resident memory", "peak_rss_mib", "MiB", False))

print(f"model {ours.get('model')} ({ours.get('family')}), {ours.get('threads')} thread(s) ours, "
      f"{eager.get('threads')} eager (torch {eager.get('torch')}); {ours.get('source_tokens')} source tokens, "
      f"{ours.get('new_tokens')} generated, median of {ours.get('runs')} runs")
print(f"{'':32} {'dragoman':>12} {'eager torch':>12} {'dragoman is':>14}")
for label, key, unit, higher_better in rows:
    a, b = ours.get(key), eager.get(key)
    if a is None or b is None:
        continue
    ratio = ""
    if higher_better is True and b > 0:
        ratio = f"{a / b:.2f}x faster"
    elif higher_better is False and a > 0:
        ratio = f"{b / a:.2f}x " + ("less" if unit == "MiB" else "faster")
    print(f"{label:32} {a:12.2f} {b:12.2f} {ratio:>14}  {unit}")

print()
print("targets:")
for key, what in (("sentence_ms_greedy", "greedy sentence"), ("sentence_ms_beam", f"beam-{beams} sentence")):
    r = eager[key] / ours[key]
    print(f"  >= 2x eager PyTorch at batch 1 ({what}): {r:.2f}x -> {'met' if r >= 2 else 'MISSED'}")
if ours.get("family") == "marian":
    ms = ours["sentence_ms_beam"]
    print(f"  20-token sentence, beam 4, <= 150 ms (OPUS-MT): {ms:.1f} ms -> {'met' if ms <= 150 else 'MISSED'}")
for b in batch_sizes:
    r = ours[f"batch_{b}_speedup"]
    print(f"  {b}-sentence batches >= 3x one at a time: {r:.2f}x -> {'met' if r >= 3 else 'MISSED'}")
same_g = ours.get("greedy_ids") == eager.get("greedy_ids")
same_b = ours.get("beam_ids") == eager.get("beam_ids")
print(f"same output ids as the reference: greedy {'yes' if same_g else 'NO'}, beam {'yes' if same_b else 'NO'}")
if not same_g:
    print(f"  ours  {ours.get('greedy_ids')}\n  eager {eager.get('greedy_ids')}")
if not same_b:
    print(f"  ours  {ours.get('beam_ids')}\n  eager {eager.get('beam_ids')}")
