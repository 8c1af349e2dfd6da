// ONNX Runtime reference for `dragoman tts` on a Piper voice (NAME.onnx beside NAME.onnx.json):
// runs the exported VITS graph with onnxruntime-node on the same phoneme ids and prints ONE JSON
// object, to compare load time, latency per sentence, real-time factor and peak memory with the
// LibTorch implementation on the same CPU and thread count.
// Usage:
//   node tests/benchmarks/tts/ort_reference.mjs --model VOICE.onnx --ids 1,0,20,0,2 [--ids ...]
//        [--threads N] [--runs N] [--warmup N] [--sid N] [--config VOICE.onnx.json]
//        [--noise-scale X] [--length-scale X] [--noise-w X] [--no-spin]
// onnxruntime-node comes from ORT_NODE_DIR (a folder where `npm install onnxruntime-node` was run,
// i.e. one holding node_modules/, or the package folder itself), else from normal resolution.
// Its postinstall downloads CUDA files from outside the npm registry; offline, install it with
// ONNXRUNTIME_NODE_INSTALL=skip (the CPU binaries are inside the package).
// Inputs as piper feeds them: input int64 [1,L], input_lengths int64 [1], scales float32 [3] =
// [noise_scale, length_scale, noise_w], and sid int64 [1] only where the graph has that input.
// The scales default to the .onnx.json's inference section; sample_rate is its audio.sample_rate.
// The stochastic duration predictor makes the length vary with the noise, so each run's length is
// kept: samples is the median (samples_min/samples_max where they differ) and rtf is the median
// time over the audio of the median length. peak_rss_mib is the process's maximum resident set.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

function fail(message) {
  process.stderr.write(`tts_ort: ${message}\n`);
  process.exit(2);
}

function loadOrt() {
  const dir = process.env.ORT_NODE_DIR;
  const attempts = [];
  if (dir) {
    // Resolution from DIR/x.js looks in DIR/node_modules; DIR may also be the package itself.
    attempts.push(() => createRequire(path.join(path.resolve(dir), 'x.js'))
      .resolve('onnxruntime-node/package.json'));
    attempts.push(() => {
      const p = path.join(path.resolve(dir), 'package.json');
      if (JSON.parse(fs.readFileSync(p, 'utf8')).name !== 'onnxruntime-node') throw new Error(p);
      return p;
    });
  }
  attempts.push(() => createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  attempts.push(() => createRequire(path.join(process.cwd(), 'x.js'))
    .resolve('onnxruntime-node/package.json'));
  for (const attempt of attempts) {
    let pkgJson;
    try { pkgJson = attempt(); } catch { continue; }
    const req = createRequire(pkgJson);
    return { ort: req(path.dirname(pkgJson)), version: JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version };
  }
  fail('cannot find onnxruntime-node: set ORT_NODE_DIR to a folder where `npm install onnxruntime-node` was run');
}

function parseIds(text) {
  const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => {
    if (!/^\d+$/.test(s)) fail(`--ids: '${s}' is not a non-negative integer`);
    return BigInt(s);
  });
  if (ids.length === 0) fail('--ids: empty list');
  return ids;
}

function number(value, name) {
  const v = Number(value);
  if (!Number.isFinite(v)) fail(`${name}: '${value}' is not a number`);
  return v;
}

function count(value, name, min) {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) fail(`${name}: '${value}' must be an integer >= ${min}`);
  return v;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (v, digits = 3) => Number(v.toFixed(digits));

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    config: { type: 'string' },
    ids: { type: 'string', multiple: true },
    threads: { type: 'string', default: '2' },
    runs: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    sid: { type: 'string', default: '0' },
    'noise-scale': { type: 'string' },
    'length-scale': { type: 'string' },
    'noise-w': { type: 'string' },
    'no-spin': { type: 'boolean', default: false },
  },
  strict: true,
});

if (!args.model) fail('--model VOICE.onnx is required');
if (!args.ids || args.ids.length === 0) fail('at least one --ids list is required');
const modelPath = path.resolve(args.model);
if (!fs.existsSync(modelPath)) fail(`no such model: ${modelPath}`);
const configPath = path.resolve(args.config ?? `${modelPath}.json`);
if (!fs.existsSync(configPath)) fail(`no config beside the model: ${configPath} (or give --config)`);
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));

const sampleRate = config?.audio?.sample_rate;
if (!Number.isFinite(sampleRate) || sampleRate <= 0) fail(`${configPath}: no audio.sample_rate`);
const inference = config.inference ?? {};
const scales = [
  args['noise-scale'] !== undefined ? number(args['noise-scale'], '--noise-scale') : (inference.noise_scale ?? 0.667),
  args['length-scale'] !== undefined ? number(args['length-scale'], '--length-scale') : (inference.length_scale ?? 1.0),
  args['noise-w'] !== undefined ? number(args['noise-w'], '--noise-w') : (inference.noise_w ?? 0.8),
];
const threads = count(args.threads, '--threads', 1);
const runs = count(args.runs, '--runs', 1);
const warmup = count(args.warmup, '--warmup', 0);
const sid = count(args.sid, '--sid', 0);

const numSymbols = config.num_symbols
  ?? (config.phoneme_id_map ? Math.max(...Object.values(config.phoneme_id_map).flat()) + 1 : undefined);
const sentences = args.ids.map(parseIds);
for (const ids of sentences) {
  const bad = ids.find((id) => numSymbols !== undefined && id >= BigInt(numSymbols));
  if (bad !== undefined) fail(`--ids: ${bad} is not below num_symbols ${numSymbols}`);
}
if (config.num_speakers > 1 && sid >= config.num_speakers) fail(`--sid ${sid}: the voice has ${config.num_speakers} speakers`);

const { ort, version } = loadOrt();

const options = {
  executionProviders: ['cpu'],
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};
if (args['no-spin']) options.extra = { session: { intra_op: { allow_spinning: '0' } } };

const t0 = performance.now();
const session = await ort.InferenceSession.create(modelPath, options);
const loadMs = performance.now() - t0;

const hasSid = session.inputNames.includes('sid');
for (const name of ['input', 'input_lengths', 'scales']) {
  if (!session.inputNames.includes(name)) fail(`the graph has no '${name}' input (inputs: ${session.inputNames.join(', ')})`);
}
const outputName = session.outputNames[0];

function feeds(ids) {
  const f = {
    input: new ort.Tensor('int64', BigInt64Array.from(ids), [1, ids.length]),
    input_lengths: new ort.Tensor('int64', BigInt64Array.of(BigInt(ids.length)), [1]),
    scales: new ort.Tensor('float32', Float32Array.from(scales), [3]),
  };
  if (hasSid) f.sid = new ort.Tensor('int64', BigInt64Array.of(BigInt(sid)), [1]);
  return f;
}

const results = [];
for (const ids of sentences) {
  const input = feeds(ids);
  for (let i = 0; i < warmup; ++i) await session.run(input);
  const times = [];
  const lengths = [];
  for (let i = 0; i < runs; ++i) {
    const start = performance.now();
    const out = await session.run(input);
    times.push(performance.now() - start);
    const audio = out[outputName];
    let finite = true;
    for (const v of audio.data) if (!Number.isFinite(v)) { finite = false; break; }
    if (!finite) fail('the output holds non-finite samples');
    lengths.push(audio.size);
  }
  const samples = Math.round(median(lengths));
  const audioS = samples / sampleRate;
  const msMedian = median(times);
  const entry = {
    ids: ids.length,
    samples,
    audio_s: round(audioS, 4),
    ms_median: round(msMedian),
    ms_min: round(Math.min(...times)),
    rtf: round(msMedian / 1000 / audioS, 4),
  };
  if (Math.min(...lengths) !== Math.max(...lengths)) {
    entry.samples_min = Math.min(...lengths);
    entry.samples_max = Math.max(...lengths);
  }
  results.push(entry);
}
await session.release?.();

const report = {
  runtime: 'onnxruntime-node',
  version,
  threads,
  load_ms: round(loadMs),
  sentences: results,
  peak_rss_mib: round(process.resourceUsage().maxRSS / 1024, 1),
  model: path.basename(modelPath),
  sample_rate: sampleRate,
  scales,
  sid: hasSid ? sid : null,
  runs,
  warmup,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
