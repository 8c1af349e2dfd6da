#pragma once
// translation.engine auto: which engine and model serve a language pair on this machine.
// In order: an installed Marian (OPUS-MT) model for the pair; an installed multi-target Marian
// model that has the target language; an installed NLLB model; two installed Marian models through
// English; apertium when it has the pair; else an error naming the models that would serve the
// pair and the command that downloads one. A translation.model set by hand is used as it is.

#include "core/inference/engineregistry.h"
#include "core/models/catalogue.h"

#include <QSet>
#include <QString>
#include <QStringList>

namespace dragoman {

struct TranslationRoute {
  enum class Kind { Direct, MultiTarget, Nllb, Pivot, Apertium, Configured, None };
  Kind kind = Kind::None;
  QList<TranslatorParams> steps; // one engine, or two through English (Pivot)
  QString summary;               // one line: what serves the pair
  QStringList considered;        // each option tried, in order, and why it was or was not taken
  QStringList wouldServe;        // catalogue ids that would serve the pair once downloaded
};

struct RouteInputs {
  TranslatorParams base;         // languages, runtime, timeouts; engine "auto"
  models::Catalogue catalogue;
  QSet<QString> installed;       // catalogue ids installed (complete) in the models folder
  QString modelsRoot;            // models.dir: installed models live in modelsRoot/id
  QList<LanguagePair> apertiumPairs;
};

TranslationRoute planTranslationRoute(const RouteInputs &inputs);

// The inputs on this machine: the built-in catalogue, what the models folder holds, apertium's pairs.
Result<RouteInputs> routeInputsHere(const EngineRegistry &registry, const QString &modelsRoot, const TranslatorParams &params);

// Registers the "auto" translator: plans a route for each pair asked for and creates its engines
// through `registry` (which must outlive the engines it makes). modelsRoot: models.dir.
void registerAutoTranslator(EngineRegistry &registry, const QString &modelsRoot);

QString routeKindName(TranslationRoute::Kind kind);

} // namespace dragoman
