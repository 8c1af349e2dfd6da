#pragma once
// Marian (OPUS-MT) and NLLB-200 / M2M100 in LibTorch as an ITranslator: translation.engine marian
// or nllb, translation.model <Hugging Face folder>. Texts are split into sentences (ICU), the
// sentences not in the cache are translated as one padded batch, and the text is put back together
// with its whitespace and line breaks.

#include "core/common/turngate.h"
#include "core/inference/engineregistry.h"
#include "core/inference/neural/loadedmodels.h"
#include "core/inference/neural/mtlanguages.h"

#include <QHash>
#include <QStringList>

#include <list>
#include <memory>

namespace dragoman {

namespace torchrt::seq2seq {
class Translator;
}

// Loaded translation models shared by the engines of one registry: an NLLB model serves every pair,
// so the live pipeline and the HTTP API's per-pair engines use one copy of its weights. A model
// is unloaded when its last engine goes. Engines on different threads take turns on a model.
class TranslationModels {
public:
  struct Model {
    std::unique_ptr<torchrt::seq2seq::Translator> translator;
    TurnGate turns; // one forward pass at a time, the longest-waiting speech first
  };
  // Loads the folder on this runtime, or returns the copy already loaded. Throws ModelError.
  std::shared_ptr<Model> acquire(const QString &folder, const RuntimeParams &runtime);

private:
  LoadedModels<Model> m_models;
};

class NeuralTranslator : public ITranslator {
public:
  // engine: "marian" or "nllb" ("m2m100" is taken as "nllb").
  static EngineInfo probe(const QString &engine);
  // Loads the model (or shares one loaded in `models`); errors name the folder, the file or the
  // pair the model does not serve.
  static Result<std::unique_ptr<ITranslator>> create(const TranslatorParams &params, TranslationModels &models);
  ~NeuralTranslator() override;

  QString name() const override { return m_name; }
  EngineFootprint footprint() const override { return m_footprint; }
  Result<QString> translate(const QString &text, const AbortFlag &abort) override;
  // All sentences of all texts in batches of at most kBatch, one forward pass each.
  Result<QStringList> translateBatch(const QStringList &texts, const AbortFlag &abort) override;

  static constexpr int kBatch = 16;
  static constexpr int kCacheEntries = 512;

private:
  NeuralTranslator(std::shared_ptr<TranslationModels::Model> model, const TranslatorParams &params, MtLanguageTokens tokens);
  Result<QStringList> translateSentences(const QStringList &sentences, const AbortFlag &abort);
  // A sentence longer than the model reads at once, cut in halves at whitespace (else between
  // characters) until each piece fits; each piece comes with the text that separated it from the
  // one before ("" for the first).
  void fit(const QString &text, const QString &separator, QList<std::pair<QString, QString>> &pieces) const;
  void remember(const QString &source, const QString &target);

  std::shared_ptr<TranslationModels::Model> m_model;
  QString m_name;
  MtLanguageTokens m_tokens;
  double m_maxTokensPerWord = 0;
  EngineFootprint m_footprint;
  // Least recently used sentences first.
  std::list<QString> m_order;
  QHash<QString, std::pair<QString, std::list<QString>::iterator>> m_cache;
};

// A text cut into sentences (ICU's sentence rules) with the whitespace between them kept, so that
// joining the translated pieces with `gaps` restores the layout: text == gaps[0] + s[0] + gaps[1] + ...
struct SentenceSplit {
  QStringList sentences; // trimmed, never empty
  QStringList gaps;      // sentences.size() + 1 runs of whitespace
};
SentenceSplit splitSentences(const QString &text);

} // namespace dragoman
