// dragoman bench mt | bench make-model --kind mt: Marian (OPUS-MT) and NLLB-200 speed and memory on a
// real folder or a random-weight one of a known size (speed does not depend on the weights' values):
// encoder time, decoder time per token (greedy and beam rows), whole sentences, batches against one
// sentence at a time. tests/benchmarks/mt/ runs eager PyTorch on the same folder beside it.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/headless.h"
#include "app/headless/probeutil.h"
#include "app/headless/mtbench.h"
#include "core/config/config.h"
#include "core/inference/neural/modelerror.h"
#include "core/inference/torch/seq2seq/bench.h"
#include "core/inference/torch/seq2seq/randommodel.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cstdio>

namespace dragoman::headless {
namespace {

namespace ts = torchrt::seq2seq;

Result<ts::ModelShape> shapeOption(const cli::Invocation &inv) {
  const QString name = inv.value(QStringLiteral("size"), QStringLiteral("opus-mt"));
  const auto shape = ts::shapeByName(name.toStdString());
  if (!shape) {
    QStringList names;
    for (const ts::ModelShape &s : ts::knownShapes())
      names << QString::fromStdString(s.name);
    return makeError(ErrorKind::Usage, QStringLiteral("unknown --size '%1' for mt; known: %2").arg(name, names.join(QStringLiteral(", "))));
  }
  return *shape;
}

QJsonArray idsJson(const std::vector<long long> &ids) {
  QJsonArray a;
  for (long long id : ids)
    a.append(qint64(id));
  return a;
}

void addTiming(QJsonObject &o, const QString &key, const ts::Timing &t) {
  o.insert(key, t.median);
  o.insert(key + QStringLiteral("_min"), t.min);
  o.insert(key + QStringLiteral("_max"), t.max);
}

// The keys tests/benchmarks/mt/eager_reference.py prints too (compare.sh puts them side by side).
QJsonObject resultJson(const QString &label, const ts::BenchOptions &o, const ts::BenchResult &r) {
  QJsonObject j{{QStringLiteral("engine"), QStringLiteral("dragoman")},
                {QStringLiteral("model"), label},
                {QStringLiteral("family"), QString::fromStdString(r.family)},
                {QStringLiteral("device"), QString::fromStdString(r.device)},
                {QStringLiteral("dtype"), QString::fromStdString(r.dtype)},
                {QStringLiteral("threads"), r.threads},
                {QStringLiteral("row_pool_threads"), r.budget.rowPool},
                {QStringLiteral("blas_threads"), r.budget.blas},
                {QStringLiteral("source_tokens"), o.sourceTokens},
                {QStringLiteral("new_tokens"), o.newTokens},
                {QStringLiteral("beams"), o.beams},
                {QStringLiteral("runs"), o.runs},
                {QStringLiteral("load_ms"), r.loadMs},
                {QStringLiteral("weight_mib"), double(r.weightBytes) / 1048576.0}};
  addTiming(j, QStringLiteral("encoder_ms"), r.encoderMs);
  addTiming(j, QStringLiteral("cross_kv_ms"), r.crossKvMs);
  addTiming(j, QStringLiteral("decoder_ms_per_token_greedy"), r.greedyMsPerToken);
  addTiming(j, QStringLiteral("decoder_ms_per_token_beam"), r.beamMsPerToken);
  addTiming(j, QStringLiteral("sentence_ms_greedy"), r.sentenceGreedyMs);
  addTiming(j, QStringLiteral("sentence_ms_beam"), r.sentenceBeamMs);
  j.insert(QStringLiteral("sentences_per_second"), r.sentencesPerSecond);
  for (const ts::BatchTiming &b : r.batches) {
    const QString p = QStringLiteral("batch_%1_").arg(b.batch);
    addTiming(j, p + QStringLiteral("ms"), b.ms);
    j.insert(p + QStringLiteral("sentences_per_second"), b.sentencesPerSecond);
    j.insert(p + QStringLiteral("speedup"), b.speedup);
  }
  if (o.concurrent > 1) {
    addTiming(j, QStringLiteral("concurrent_sentence_ms_greedy"), r.concurrentSentenceMs);
    j.insert(QStringLiteral("concurrent_engines"), o.concurrent);
    j.insert(QStringLiteral("concurrent_sentences_per_second"), r.concurrentSentencesPerSecond);
  }
  j.insert(QStringLiteral("peak_rss_mib"), double(r.peakRssBytes) / 1048576.0);
  j.insert(QStringLiteral("greedy_ids"), idsJson(r.greedyIds));
  j.insert(QStringLiteral("beam_ids"), idsJson(r.beamIds));
  return j;
}

void printTable(const QString &label, const ts::BenchOptions &o, const ts::BenchResult &r) {
  auto row = [](const char *what, const ts::Timing &t, const char *unit) {
    std::printf("%-28s %9.2f %s  (min %.2f, max %.2f)\n", what, t.median, unit, t.min, t.max);
  };
  std::printf("model                        %s (%s)\nruntime                      %s %s, %d intra-op thread(s), row pool %d, BLAS %d\n"
              "load                         %.0f ms, weights %.1f MiB\n"
              "sentence                     %d source tokens, %d generated, beam %d, median of %d runs\n",
              qUtf8Printable(label), r.family.c_str(), r.device.c_str(), r.dtype.c_str(), r.threads, r.budget.rowPool,
              r.budget.blas, r.loadMs,
              double(r.weightBytes) / 1048576.0, o.sourceTokens, o.newTokens, o.beams, o.runs);
  row("encoder", r.encoderMs, "ms");
  row("cross-attention K/V", r.crossKvMs, "ms");
  row("decoder per token, 1 row", r.greedyMsPerToken, "ms");
  const std::string beamRows = "decoder per token, " + std::to_string(o.beams) + " rows";
  row(beamRows.c_str(), r.beamMsPerToken, "ms");
  row("sentence, greedy", r.sentenceGreedyMs, "ms");
  const std::string beamSentence = "sentence, beam " + std::to_string(o.beams);
  row(beamSentence.c_str(), r.sentenceBeamMs, "ms");
  std::printf("%-28s %9.2f sentences/s\n", "one at a time, greedy", r.sentencesPerSecond);
  for (const ts::BatchTiming &b : r.batches) {
    const std::string what = "batch of " + std::to_string(b.batch) + ", greedy";
    std::printf("%-28s %9.2f sentences/s  (%.2fx one at a time; %.0f ms per batch)\n", what.c_str(), b.sentencesPerSecond,
                b.speedup, b.ms.median);
  }
  if (o.concurrent > 1) {
    const std::string what = std::to_string(o.concurrent) + " engines at once, greedy";
    std::printf("%-28s %9.2f sentences/s  (%.0f ms per sentence, %.0f alone)\n", what.c_str(), r.concurrentSentencesPerSecond,
                r.concurrentSentenceMs.median, r.sentenceGreedyMs.median);
  }
  std::printf("%-28s %9.1f MiB resident\n", "peak memory", double(r.peakRssBytes) / 1048576.0);
}

// A made-up piece for vocabulary id `id`: the id in letters, most often after a space (" bcd", a
// word of its own) and one id in four without it ("bcd", the end of the word before), so that
// generated text runs about 1.3 pieces a word, as a real subword vocabulary's does (the length of
// what a voice then says depends on it). SentencePiece gives a piece it does not know back as it
// is. A piece the real vocabulary already has keeps its space.
QString madeUpPiece(std::size_t id, const QSet<QString> &taken) {
  const bool wordStart = id % 4 != 3;
  QString letters;
  do {
    letters.prepend(QChar(u'a' + char16_t(id % 26)));
    id /= 26;
  } while (id > 0 || letters.size() < 3);
  return wordStart || taken.contains(letters) ? QLatin1Char(' ') + letters : letters;
}

// Gives a random-weight Marian folder the tokenizer of a real (or test) one: its SentencePiece
// models and settings are copied; vocab.json keeps that folder's pieces at their ids (all of them
// below the pad id), puts <pad> at the model's pad id and fills every other id with a made-up word,
// so that whatever the random weights generate decodes to words a voice can say. Speed does not
// depend on which pieces the ids are.
Status addMarianTokenizer(const QString &from, const QString &to, const ts::ModelShape &shape) {
  QFile vocabFile(QDir(from).filePath(QStringLiteral("vocab.json")));
  if (!vocabFile.open(QIODevice::ReadOnly))
    return makeError(ErrorKind::Input, QStringLiteral("--tokenizer %1: cannot read vocab.json: %2").arg(from, vocabFile.errorString()));
  QJsonParseError parsed{};
  const QJsonObject vocab = QJsonDocument::fromJson(vocabFile.readAll(), &parsed).object();
  if (parsed.error != QJsonParseError::NoError || vocab.isEmpty())
    return makeError(ErrorKind::Input, QStringLiteral("--tokenizer %1: vocab.json is not a JSON object of pieces").arg(from));
  const auto size = std::size_t(shape.vocabSize);
  std::vector<QString> pieces(size);
  for (auto it = vocab.begin(); it != vocab.end(); ++it) {
    const qint64 id = it.value().toInteger(-1);
    if (it.key() == QLatin1String("<pad>"))
      continue;
    if (id < 0 || id >= shape.padTokenId)
      return makeError(ErrorKind::Input, QStringLiteral("--tokenizer %1: piece %2 has id %3, outside the model's %4 pieces")
                                             .arg(from, it.key()).arg(id).arg(shape.padTokenId));
    pieces[std::size_t(id)] = it.key();
  }
  pieces[std::size_t(shape.padTokenId)] = QStringLiteral("<pad>");
  const QSet<QString> taken(pieces.cbegin(), pieces.cend());
  QJsonObject filled;
  for (std::size_t id = 0; id < size; ++id)
    filled.insert(pieces[id].isEmpty() ? madeUpPiece(id, taken) : pieces[id], qint64(id));
  QFile out(QDir(to).filePath(QStringLiteral("vocab.json")));
  if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(QJsonDocument(filled).toJson(QJsonDocument::Compact)) < 0)
    return makeError(ErrorKind::Output, QStringLiteral("%1: %2").arg(out.fileName(), out.errorString()));
  for (const char *name : {"source.spm", "target.spm", "tokenizer_config.json", "special_tokens_map.json"}) {
    const QString source = QDir(from).filePath(QLatin1String(name)), target = QDir(to).filePath(QLatin1String(name));
    QFile::remove(target);
    if (QFileInfo::exists(source) && !QFile::copy(source, target))
      return makeError(ErrorKind::Output, QStringLiteral("cannot copy %1 to %2").arg(source, target));
    if (!QFileInfo::exists(target) && qstrcmp(name, "special_tokens_map.json") != 0)
      return makeError(ErrorKind::Input, QStringLiteral("--tokenizer %1: %2 is missing").arg(from, QLatin1String(name)));
  }
  return Status::success();
}

} // namespace

int runMtMakeModel(const cli::Invocation &inv) {
  Result<ts::ModelShape> shape = shapeOption(inv);
  if (!shape)
    return reportError(shape.error());
  const QString out = inv.value(QStringLiteral("out"));
  if (out.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("make-model needs --out DIR")));
  if (inv.flag(QStringLiteral("fp16")))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("make-model --kind mt writes float32 weights only")));
  Result<int> seed = intOption(inv, "seed", 1, 1);
  if (!seed)
    return reportError(seed.error());
  const QString tokenizer = inv.value(QStringLiteral("tokenizer"));
  if (!tokenizer.isEmpty() && shape->modelType != "marian")
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("--tokenizer: only a Marian (opus-mt) folder takes one")));
  try {
    ts::writeRandomModel(out.toStdString(), *shape, static_cast<unsigned long long>(*seed));
  } catch (...) {
    Error e = currentExceptionToError(QStringLiteral("make-model: "));
    e.kind = ErrorKind::Output;
    return reportError(e);
  }
  if (!tokenizer.isEmpty()) {
    if (Status s = addMarianTokenizer(tokenizer, out, *shape); !s)
      return reportError(s.error());
    std::printf("wrote %s: random-weight %s %s (%.1f M parameters) with the tokenizer of %s (made-up pieces beyond "
                "its vocabulary): `dragoman mt`, live sessions and calls run it\n",
                qUtf8Printable(out), shape->modelType.c_str(), shape->name.c_str(), double(shape->parameters()) / 1e6,
                qUtf8Printable(tokenizer));
    return cli::ExitOk;
  }
  std::printf("wrote %s: random-weight %s %s (%.1f M parameters); it has no tokenizer: `dragoman bench mt --model` "
              "runs it, `dragoman mt` needs a real folder (or --tokenizer DIR)\n",
              qUtf8Printable(out), shape->modelType.c_str(), shape->name.c_str(), double(shape->parameters()) / 1e6);
  return cli::ExitOk;
}

int runMtBench(const cli::Invocation &inv) {
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global, {});
  if (!context)
    return reportError(context.error());
  const config::Config &c = (*context)->config();
  ts::BenchOptions o;
  Result<int> threads = intOption(inv, "threads", 1, c.inference.threads);
  Result<int> runs = intOption(inv, "runs", 1, 5);
  Result<int> tokens = intOption(inv, "tokens", 1, 20);
  Result<int> beams = intOption(inv, "beams", 1, 4);
  for (const Result<int> *r : {&threads, &runs, &tokens, &beams})
    if (!*r)
      return reportError(r->error());
  o.runtime = torchrt::RuntimeOptions{c.inference.device.toStdString(), c.inference.dtype.toStdString(), *threads};
  o.runs = *runs;
  o.newTokens = *tokens;
  o.beams = *beams;
  QString folder = inv.value(QStringLiteral("model"));
  QString label = folder;
  try {
    if (folder.isEmpty()) {
      Result<ts::ModelShape> shape = shapeOption(inv);
      if (!shape)
        return reportError(shape.error());
      // Random weights, written once into the cache and reused.
      folder = QDir(config::cacheDir()).filePath(QStringLiteral("bench/mt-%1-random").arg(QString::fromStdString(shape->name)));
      if (!QFileInfo::exists(folder + QStringLiteral("/model.safetensors")))
        ts::writeRandomModel(folder.toStdString(), *shape, 1);
      label = QStringLiteral("random-weight %1").arg(QString::fromStdString(shape->name));
    }
    o.folder = folder.toStdString();
    const ts::BenchResult r = ts::benchSeq2Seq(o);
    if (inv.flag(QStringLiteral("json"))) {
      std::fputs(QJsonDocument(resultJson(label, o, r)).toJson(QJsonDocument::Compact).constData(), stdout);
      std::fputs("\n", stdout);
    } else {
      printTable(label, o, r);
    }
    return cli::ExitOk;
  } catch (...) {
    return reportError(currentExceptionToError(QStringLiteral("bench mt: ")));
  }
}

} // namespace dragoman::headless
