// dragoman-torch-probe: the Qt-free runtime on its own (built with -DDRAGOMAN_ML_ONLY=ON on a GPU
// machine). Prints what LibTorch offers, writes random-weight Whisper folders and benchmarks them.
//   dragoman-torch-probe [info]
//   dragoman-torch-probe random-whisper --size tiny|base|small|medium|large-v3|large-v3-turbo --out DIR [--fp16] [--seed N]
//   dragoman-torch-probe bench-asr --model DIR [--device auto|cpu|cuda] [--dtype auto|float32|float16|bfloat16]
//                                  [--threads N] [--tokens N] [--beams N] [--windows N]
//   dragoman-torch-probe bench-pair --asr WHISPER_DIR --mt MT_DIR [--threads N] [--rounds N]
//                                  (ASR and MT decoding at once, as in a live session, against each alone)
//   dragoman-torch-probe transcribe --model DIR --raw AUDIO.f32 [--language LANG] [--beam N] [--device D] [--dtype T]
//                                  (AUDIO.f32: 16 kHz mono float32 samples, e.g. `sox IN -r 16000 -c 1 -e float -t raw OUT.f32`)
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/runtime/runtime.h"
#include "core/inference/torch/seq2seq/bench.h"
#include "core/inference/torch/whisper/bench.h"
#include "core/inference/torch/whisper/randommodel.h"
#include "core/inference/torch/whisper/recognizer.h"

#include <atomic>
#include <chrono>
#include <fstream>
#include <vector>

#include <cstdio>
#include <cstring>
#include <algorithm>
#include <map>
#include <string>
#include <thread>

using namespace dragoman::torchrt;

namespace {

int usage() {
  std::fprintf(stderr, "usage: dragoman-torch-probe [info | random-whisper --size NAME --out DIR [--fp16] [--seed N] |\n"
                       "       bench-asr --model DIR [--device D] [--dtype T] [--threads N] [--tokens N] [--beams N] [--windows N] |\n"
                       "       bench-mt --model DIR [--device D] [--dtype T] [--threads N] [--runs N] [--concurrent N] |\n"
                       "       bench-pair --asr DIR --mt DIR [--threads N] [--rounds N]]\n");
  return 2;
}

int info() {
  const RuntimeInfo r = runtimeInfo();
  std::printf("libtorch %s\ncuda %s (%d device%s)\nintra-op threads %d\n", r.libtorchVersion.c_str(),
              r.cudaAvailable ? "available" : "not available", r.cudaDeviceCount, r.cudaDeviceCount == 1 ? "" : "s",
              r.intraOpThreads);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  const std::string command = argc > 1 ? argv[1] : "info";
  std::map<std::string, std::string> opt;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--", 0) != 0)
      return usage();
    if (a == "--fp16")
      opt[a] = "1";
    else if (i + 1 < argc)
      opt[a] = argv[++i];
    else
      return usage();
  }
  auto get = [&](const char *k, const std::string &fallback) { return opt.count(k) ? opt[k] : fallback; };
  try {
    if (command == "info")
      return info();
    if (command == "random-whisper") {
      const auto shape = whisper::shapeByName(get("--size", ""));
      if (!shape || !opt.count("--out"))
        return usage();
      whisper::writeRandomModel(opt["--out"], *shape, std::stoull(get("--seed", "1")), opt.count("--fp16") > 0);
      std::printf("wrote %s (%s, %.1f M parameters)\n", opt["--out"].c_str(), shape->name.c_str(),
                  double(shape->parameters()) / 1e6);
      return 0;
    }
    if (command == "bench-asr") {
      whisper::BenchOptions o;
      o.folder = get("--model", "");
      if (o.folder.empty())
        return usage();
      o.runtime = RuntimeOptions{get("--device", "auto"), get("--dtype", "auto"), std::stoi(get("--threads", "0"))};
      o.tokens = std::stoi(get("--tokens", "64"));
      o.beams = std::stoi(get("--beams", "1"));
      o.windows = std::stoi(get("--windows", "5"));
      const whisper::BenchResult r = whisper::benchWhisper(o);
      std::printf("{\"device\":\"%s\",\"dtype\":\"%s\",\"threads\":%d,\"decoder_threads\":%d,\"load_ms\":%.1f,\"weight_mib\":%.1f,"
                  "\"encoder_ms\":%.1f,\"encoder_ms_min\":%.1f,\"encoder_ms_max\":%.1f,\"decoder_ms_per_token\":%.2f,"
                  "\"decoder_ms_per_token_min\":%.2f,\"decoder_ms_per_token_max\":%.2f,\"prompt_ms\":%.1f,"
                  "\"rtf\":%.3f,\"peak_rss_mib\":%.1f}\n",
                  r.device.c_str(), r.dtype.c_str(), r.threads, r.decoderThreads, r.loadMs, double(r.weightBytes) / 1048576.0,
                  r.encoderMsMedian, r.encoderMsMin, r.encoderMsMax, r.decoderMsPerTokenMedian, r.decoderMsPerTokenMin,
                  r.decoderMsPerTokenMax, r.promptMs, r.realTimeFactor, double(r.peakRssBytes) / 1048576.0);
      return 0;
    }
    if (command == "bench-mt") {
      // A Marian or M2M100 folder (e.g. `dragoman bench make-model --kind mt`), timed as `dragoman bench mt` does.
      seq2seq::BenchOptions o;
      o.folder = get("--model", "");
      if (o.folder.empty())
        return usage();
      o.runtime = RuntimeOptions{get("--device", "auto"), get("--dtype", "auto"), std::stoi(get("--threads", "0"))};
      o.runs = std::stoi(get("--runs", "5"));
      o.concurrent = std::stoi(get("--concurrent", "2"));
      const seq2seq::BenchResult r = seq2seq::benchSeq2Seq(o);
      std::printf("{\"family\":\"%s\",\"device\":\"%s\",\"dtype\":\"%s\",\"threads\":%d,\"load_ms\":%.1f,\"weight_mib\":%.1f,"
                  "\"encoder_ms\":%.2f,\"decoder_ms_per_token_1_row\":%.2f,\"decoder_ms_per_token_beam\":%.2f,"
                  "\"sentence_greedy_ms\":%.1f,\"sentence_beam_ms\":%.1f,\"sentences_per_s_one_at_a_time\":%.2f",
                  r.family.c_str(), r.device.c_str(), r.dtype.c_str(), r.threads, r.loadMs, double(r.weightBytes) / 1048576.0,
                  r.encoderMs.median, r.greedyMsPerToken.median, r.beamMsPerToken.median, r.sentenceGreedyMs.median,
                  r.sentenceBeamMs.median, r.sentencesPerSecond);
      for (const seq2seq::BatchTiming &b : r.batches)
        std::printf(",\"sentences_per_s_batch_%d\":%.2f,\"speedup_batch_%d\":%.2f", b.batch, b.sentencesPerSecond, b.batch, b.speedup);
      std::printf(",\"row_pool_threads\":%d,\"blas_threads\":%d,\"concurrent_sentence_ms\":%.1f,\"concurrent_sentences_per_s\":%.2f",
                  r.budget.rowPool, r.budget.blas, r.concurrentSentenceMs.median, r.concurrentSentencesPerSecond);
      std::printf(",\"peak_rss_mib\":%.1f}\n", double(r.peakRssBytes) / 1048576.0);
      return 0;
    }
    if (command == "bench-pair") {
      // A live session's two decoders at once: Whisper (the benchmark's window: encoder, prompt,
      // 64 greedy steps) and an MT model (the benchmark's greedy 20-token sentence). Each alone,
      // then together on the shared thread budget: the MT engine translates for as long as the
      // ASR engine's rounds take.
      if (!opt.count("--asr") || !opt.count("--mt"))
        return usage();
      const RuntimeOptions runtime{"cpu", "float32", std::stoi(get("--threads", "0"))};
      const int rounds = std::max(1, std::stoi(get("--rounds", "4")));
      applyThreads(runtime.threads);
      whisper::WindowLoop asr(opt["--asr"], runtime);
      seq2seq::SentenceLoop mt(opt["--mt"], runtime);
      using Clock = std::chrono::steady_clock;
      const auto ms = [](Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); };
      const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[v.size() / 2];
      };
      const auto asrOnce = [&] {
        const auto t0 = Clock::now();
        asr.decodeOne();
        return ms(t0);
      };
      const auto mtOnce = [&] {
        const auto t0 = Clock::now();
        mt.translateOne();
        return ms(t0);
      };
      (void)asrOnce();
      (void)mtOnce();
      std::vector<double> asrAlone, mtAlone, asrTogether, mtTogether;
      for (int i = 0; i < rounds; ++i)
        asrAlone.push_back(asrOnce());
      for (int i = 0; i < 3 * rounds; ++i)
        mtAlone.push_back(mtOnce());
      std::atomic_bool asrDone{false};
      std::thread asrThread([&] {
        for (int i = 0; i < rounds; ++i)
          asrTogether.push_back(asrOnce());
        asrDone.store(true);
      });
      const auto together = Clock::now();
      while (!asrDone.load())
        mtTogether.push_back(mtOnce());
      asrThread.join();
      const double wall = ms(together);
      const ThreadBudget b = threadBudget();
      std::printf("{\"row_pool_threads\":%d,\"blas_threads\":%d,\"intra_op_threads\":%d,\"asr_window_ms_alone\":%.1f,"
                  "\"asr_window_ms_together\":%.1f,\"mt_sentence_ms_alone\":%.1f,\"mt_sentence_ms_together\":%.1f,"
                  "\"mt_sentences_together\":%zu,\"together_wall_ms\":%.1f}\n",
                  b.rowPool, b.blas, b.intraOp, median(asrAlone), median(asrTogether), median(mtAlone), median(mtTogether),
                  mtTogether.size(), wall);
      return 0;
    }
    if (command == "transcribe") {
      if (!opt.count("--model") || !opt.count("--raw"))
        return usage();
      std::ifstream in(opt["--raw"], std::ios::binary);
      if (!in)
        throw ModelError(ErrorCode::NotFound, opt["--raw"] + ": cannot open");
      std::vector<float> samples;
      in.seekg(0, std::ios::end);
      samples.resize(static_cast<std::size_t>(in.tellg()) / sizeof(float));
      in.seekg(0);
      in.read(reinterpret_cast<char *>(samples.data()), static_cast<std::streamsize>(samples.size() * sizeof(float)));
      const RuntimeOptions runtime{get("--device", "auto"), get("--dtype", "auto"), std::stoi(get("--threads", "0"))};
      auto recognizer = whisper::Recognizer::load(opt["--model"], runtime);
      whisper::DecodeOptions o;
      o.language = get("--language", "");
      o.beamSize = std::stoi(get("--beam", "5"));
      std::atomic_bool abort{false};
      const auto t0 = std::chrono::steady_clock::now();
      const whisper::Transcript t = recognizer->transcribe(samples.data(), samples.size(), o, abort);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      std::printf("%s\nlanguage %s, %d window(s), %d fallback(s), %d tokens, %.0f ms (%.2f ms per token), rtf %.3f\n",
                  t.text.c_str(), t.language.c_str(), t.windows, t.fallbacks, t.decodedTokens, ms,
                  t.decodedTokens ? ms / t.decodedTokens : 0.0, ms / 1000.0 / (double(samples.size()) / 16000.0));
      return 0;
    }
  } catch (const ModelError &e) {
    std::fprintf(stderr, "dragoman-torch-probe: %s\n", e.what());
    return 1;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "dragoman-torch-probe: %s\n", e.what());
    return 1;
  }
  return usage();
}
