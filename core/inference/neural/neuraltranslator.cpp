#include "core/inference/neural/neuraltranslator.h"

#include "core/common/logcategories.h"
#include "core/inference/languagetable.h"
#include "core/inference/neural/modelerror.h"
#include "core/inference/torch/seq2seq/translator.h"

#include <QDir>

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>

namespace dragoman {

namespace ts = torchrt::seq2seq;

SentenceSplit splitSentences(const QString &text) {
  SentenceSplit out;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  QList<qsizetype> bounds{0};
  if (U_SUCCESS(status)) {
    const icu::UnicodeString u(reinterpret_cast<const UChar *>(text.utf16()), static_cast<int32_t>(text.size()));
    it->setText(u);
    for (int32_t b = it->next(); b != icu::BreakIterator::DONE; b = it->next())
      bounds.append(b);
  }
  if (bounds.last() != text.size())
    bounds.append(text.size());
  QString gap;
  for (qsizetype i = 0; i + 1 < bounds.size(); ++i) {
    const QString piece = text.mid(bounds[i], bounds[i + 1] - bounds[i]);
    qsizetype start = 0, end = piece.size();
    while (start < end && piece.at(start).isSpace())
      ++start;
    while (end > start && piece.at(end - 1).isSpace())
      --end;
    gap += piece.left(start);
    if (start == end) {
      gap += piece.mid(end);
      continue;
    }
    out.gaps.append(gap);
    out.sentences.append(piece.mid(start, end - start));
    gap = piece.mid(end);
  }
  out.gaps.append(gap);
  return out;
}

std::shared_ptr<TranslationModels::Model> TranslationModels::acquire(const QString &folder, const RuntimeParams &runtime) {
  return m_models.acquire(folder, runtime, [&] {
    auto model = std::make_shared<Model>();
    model->translator = ts::Translator::load(folder.toStdString(), torchrt::RuntimeOptions{runtime.device.toStdString(),
                                                                                          runtime.dtype.toStdString(), runtime.threads});
    return model;
  });
}

EngineInfo NeuralTranslator::probe(const QString &engine) {
  EngineInfo info;
  info.name = engine;
  info.stage = Stage::Translation;
  info.description = engine == QLatin1String("marian")
                         ? QStringLiteral("Marian / OPUS-MT in LibTorch (translation.model: a Hugging Face opus-mt folder)")
                         : QStringLiteral("NLLB-200 (202 languages) or M2M100 (the languages its files list) in LibTorch (translation.model: a Hugging Face NLLB or M2M100 folder)");
  info.available = true;
  info.pairsFromModel = true;
  if (engine != QLatin1String("marian"))
    info.languages = nllbIsoCodes();
  return info;
}

Result<std::unique_ptr<ITranslator>> NeuralTranslator::create(const TranslatorParams &params, TranslationModels &models) {
  if (params.model.isEmpty())
    return Error::make(ErrorKind::EngineUnavailable,
                       QStringLiteral("%1 needs a model folder: set translation.model, e.g. to the folder `dragoman models path "
                                      "opus-mt-en-de` prints after `dragoman models download opus-mt-en-de`")
                           .arg(params.engine));
  if (!QDir(params.model).exists())
    return Error::make(ErrorKind::EngineUnavailable,
                       QStringLiteral("translation model folder %1 does not exist (translation.model)").arg(params.model));
  try {
    std::shared_ptr<TranslationModels::Model> model = models.acquire(params.model, params.runtime);
    const ts::Translator *t = model->translator.get();
    const bool wantNllb = params.engine != QLatin1String("marian");
    if (t->isNllb() != wantNllb)
      return Error::make(ErrorKind::Config, QStringLiteral("translation.engine is %1 but %2 holds a %3 model")
                                                .arg(params.engine, params.model, QString::fromStdString(t->report().family)));
    Result<MtLanguageTokens> tokens = resolveMtLanguages(*t, params.sourceLanguage, params.targetLanguage);
    if (!tokens)
      return tokens.error();
    const ts::LoadReport &r = t->report();
    qCInfo(lcInference, "%s: loaded %s on %s (%s) in %.0f ms: %d+%d layers, d_model %d, weights %.1f MiB, resident +%.1f MiB",
           qUtf8Printable(params.engine), qUtf8Printable(params.model), r.device.c_str(), r.dtype.c_str(), r.loadMs,
           r.encoderLayers, r.decoderLayers, r.dModel, double(r.weightBytes) / 1048576.0, double(r.rssGrowthBytes) / 1048576.0);
    return std::unique_ptr<ITranslator>(new NeuralTranslator(std::move(model), params, *tokens));
  } catch (...) {
    return currentExceptionToError(params.engine + QStringLiteral(": "));
  }
}

NeuralTranslator::NeuralTranslator(std::shared_ptr<TranslationModels::Model> model, const TranslatorParams &params, MtLanguageTokens tokens)
    : m_model(std::move(model)), m_name(params.engine == QLatin1String("marian") ? params.engine : QStringLiteral("nllb")),
      m_tokens(std::move(tokens)), m_maxTokensPerWord(params.maxTokensPerWord),
      m_footprint{params.model, QString::fromStdString(m_model->translator->report().device), m_model->translator->report().weightBytes} {}

NeuralTranslator::~NeuralTranslator() = default;

void NeuralTranslator::remember(const QString &source, const QString &target) {
  if (auto it = m_cache.find(source); it != m_cache.end()) {
    m_order.erase(it->second);
    m_cache.erase(it);
  }
  m_order.push_back(source);
  m_cache.insert(source, {target, std::prev(m_order.end())});
  while (m_cache.size() > kCacheEntries) {
    m_cache.remove(m_order.front());
    m_order.pop_front();
  }
}

Result<QStringList> NeuralTranslator::translateSentences(const QStringList &sentences, const AbortFlag &abort) {
  QStringList out(sentences.size());
  QStringList todo;
  for (qsizetype i = 0; i < sentences.size(); ++i) {
    if (auto it = m_cache.find(sentences[i]); it != m_cache.end()) {
      out[i] = it->first;
      m_order.splice(m_order.end(), m_order, it->second);
    } else if (!todo.contains(sentences[i])) {
      todo.append(sentences[i]);
    }
  }
  try {
    const TurnGate::Turn turn(m_model->turns);
    if (!turn.held())
      return makeError(ErrorKind::Cancelled, QStringLiteral("translation was overtaken by newer work"));
    ts::Translator &t = *m_model->translator;
    // Each sentence may generate up to twice its length plus 16 tokens, rounded up to 32 (a model
    // caught in a loop stops soon; the folder's max_length is often 512). Sentences batch with
    // those of the same budget, so that a sentence translates the same alone as in any batch.
    std::map<int, QStringList> byBudget;
    for (const QString &sentence : todo) {
      const std::size_t tokens = t.inputIds(sentence.toStdString(), m_tokens.source, m_tokens.target).size();
      int budget = static_cast<int>(std::min<std::size_t>((2 * tokens + 16 + 31) / 32 * 32, 512));
      if (m_maxTokensPerWord > 0) {
        const qsizetype words = sentence.split(QLatin1Char(' '), Qt::SkipEmptyParts).size();
        budget = std::min(budget, std::max(1, int(std::ceil(double(words) * m_maxTokensPerWord))));
      }
      byBudget[budget].append(sentence);
    }
    for (auto &[budget, group] : byBudget) {
      // Similar lengths batch together: less padding to compute.
      std::stable_sort(group.begin(), group.end(), [](const QString &a, const QString &b) { return a.size() < b.size(); });
      for (qsizetype start = 0; start < group.size(); start += kBatch) {
        if (abort.load())
          return makeError(ErrorKind::Cancelled, QStringLiteral("translation cancelled"));
        std::vector<std::string> batch;
        for (qsizetype i = start; i < std::min<qsizetype>(group.size(), start + kBatch); ++i)
          batch.push_back(group[i].toStdString());
        ts::GenerateOptions options;
        options.maxNewTokens = budget;
        const std::vector<ts::Translation> done = t.translate(batch, m_tokens.source, m_tokens.target, options, abort);
        for (std::size_t i = 0; i < done.size(); ++i)
          remember(group[start + static_cast<qsizetype>(i)], QString::fromStdString(done[i].text));
      }
    }
  } catch (...) {
    return currentExceptionToError(m_name + QStringLiteral(": "));
  }
  for (qsizetype i = 0; i < sentences.size(); ++i)
    if (out[i].isNull())
      out[i] = m_cache.value(sentences[i]).first;
  return out;
}

Result<QString> NeuralTranslator::translate(const QString &text, const AbortFlag &abort) {
  Result<QStringList> one = translateBatch({text}, abort);
  if (!one)
    return one.error();
  return one->front();
}

void NeuralTranslator::fit(const QString &text, const QString &separator, QList<std::pair<QString, QString>> &pieces) const {
  const ts::Translator &t = *m_model->translator;
  const std::size_t limit = static_cast<std::size_t>(t.maxInputTokens());
  if (text.size() <= 1 || t.tokenCount(text.toStdString(), m_tokens.source, m_tokens.target) <= limit) {
    pieces.append({text, separator});
    return;
  }
  // The whitespace nearest the middle, else the middle (kept off a surrogate pair).
  const qsizetype middle = text.size() / 2;
  qsizetype cut = -1;
  for (qsizetype d = 0; d < middle && cut < 0; ++d) {
    if (text.at(middle + d).isSpace())
      cut = middle + d;
    else if (middle - d > 0 && text.at(middle - d).isSpace())
      cut = middle - d;
  }
  if (cut > 0) {
    qsizetype end = cut;
    while (end < text.size() && text.at(end).isSpace())
      ++end;
    qsizetype start = cut;
    while (start > 0 && text.at(start - 1).isSpace())
      --start;
    fit(text.left(start), separator, pieces);
    fit(text.mid(end), text.mid(start, end - start), pieces);
    return;
  }
  const qsizetype at = text.at(middle).isLowSurrogate() ? middle + 1 : middle;
  fit(text.left(at), separator, pieces);
  fit(text.mid(at), QString(), pieces);
}

Result<QStringList> NeuralTranslator::translateBatch(const QStringList &texts, const AbortFlag &abort) {
  std::vector<SentenceSplit> splits;
  std::vector<QList<std::pair<QString, QString>>> pieces; // of each sentence, in order
  QStringList all;
  try {
    for (const QString &t : texts) {
      if (t.contains(QChar::ReplacementCharacter))
        return makeError(ErrorKind::Input, QStringLiteral("%1: the text is not valid UTF-8").arg(m_name));
      splits.push_back(splitSentences(t));
      for (const QString &sentence : splits.back().sentences) {
        pieces.emplace_back();
        fit(sentence, QString(), pieces.back());
        for (const auto &piece : pieces.back())
          all.append(piece.first);
      }
    }
  } catch (...) {
    return currentExceptionToError(m_name + QStringLiteral(": "));
  }
  Result<QStringList> translated = translateSentences(all, abort);
  if (!translated)
    return translated.error();
  QStringList out;
  qsizetype next = 0;
  std::size_t sentence = 0;
  for (const SentenceSplit &s : splits) {
    QString text = s.gaps.front();
    for (qsizetype i = 0; i < s.sentences.size(); ++i) {
      for (const auto &piece : pieces[sentence++])
        text += piece.second + translated->at(next++);
      text += s.gaps.at(i + 1);
    }
    out.append(text);
  }
  return out;
}

} // namespace dragoman
