#include "app/context/translationroute.h"

#include "core/inference/languagetable.h"
#include "core/models/modelstore.h"

#include <QDir>
#include <QFile>

#include <functional>

namespace dragoman {

namespace {

bool listed(const QStringList &codes, const QString &code) {
  return codes.contains(QStringLiteral("*")) || codes.contains(code, Qt::CaseInsensitive);
}

bool isMt(const models::CatalogueEntry &e, const char *engine) { return e.kind == QLatin1String("mt") && e.engine == QLatin1String(engine); }

bool directFor(const models::CatalogueEntry &e, const QString &from, const QString &to) {
  return isMt(e, "marian") && !e.targetTokens && listed(e.sourceLanguages, from) && e.targetLanguages.contains(to, Qt::CaseInsensitive);
}

bool multiTargetFor(const models::CatalogueEntry &e, const QString &from, const QString &to) {
  return isMt(e, "marian") && e.targetTokens && listed(e.sourceLanguages, from) && e.targetLanguages.contains(to, Qt::CaseInsensitive);
}

bool nllbFor(const models::CatalogueEntry &e, const QString &from, const QString &to) {
  return isMt(e, "nllb") && listed(e.sourceLanguages.isEmpty() ? e.languages : e.sourceLanguages, from) &&
         listed(e.targetLanguages.isEmpty() ? e.languages : e.targetLanguages, to);
}

TranslatorParams stepOf(const RouteInputs &in, const QString &engine, const QString &id, const QString &from, const QString &to) {
  TranslatorParams p = in.base;
  p.engine = engine;
  p.model = QDir(in.modelsRoot).filePath(id);
  p.sourceLanguage = from;
  p.targetLanguage = to;
  return p;
}

// The first installed entry that `serves`, else empty; every entry that serves goes to wouldServe.
QString pick(const RouteInputs &in, const std::function<bool(const models::CatalogueEntry &)> &serves, QStringList &wouldServe) {
  QString chosen;
  for (const models::CatalogueEntry &e : in.catalogue.entries()) {
    if (!serves(e))
      continue;
    if (in.installed.contains(e.id)) {
      if (chosen.isEmpty())
        chosen = e.id;
    } else if (!wouldServe.contains(e.id)) {
      wouldServe << e.id;
    }
  }
  return chosen;
}

} // namespace

QString routeKindName(TranslationRoute::Kind kind) {
  switch (kind) {
  case TranslationRoute::Kind::Direct: return QStringLiteral("marian");
  case TranslationRoute::Kind::MultiTarget: return QStringLiteral("marian (multi-target)");
  case TranslationRoute::Kind::Nllb: return QStringLiteral("nllb");
  case TranslationRoute::Kind::Pivot: return QStringLiteral("marian through English");
  case TranslationRoute::Kind::Apertium: return QStringLiteral("apertium");
  case TranslationRoute::Kind::Configured: return QStringLiteral("translation.model");
  case TranslationRoute::Kind::None: break;
  }
  return QStringLiteral("none");
}

TranslationRoute planTranslationRoute(const RouteInputs &in) {
  TranslationRoute r;
  const QString from = in.base.sourceLanguage, to = in.base.targetLanguage;
  const QString pair = QStringLiteral("%1→%2").arg(from, to);
  auto done = [&](TranslationRoute::Kind kind, QList<TranslatorParams> steps, const QString &summary) {
    r.kind = kind;
    r.steps = std::move(steps);
    r.summary = summary;
    return r;
  };
  if (!in.base.model.isEmpty()) {
    // A folder set by hand: its config.json says which engine reads it.
    QFile config(QDir(in.base.model).filePath(QStringLiteral("config.json")));
    const bool nllb = config.open(QIODevice::ReadOnly) && config.readAll().contains("\"m2m_100\"");
    TranslatorParams p = in.base;
    p.engine = nllb ? QStringLiteral("nllb") : QStringLiteral("marian");
    r.considered << QStringLiteral("translation.model is set: %1 with %2").arg(p.engine, in.base.model);
    return done(TranslationRoute::Kind::Configured, {p}, QStringLiteral("%1 %2 (translation.model)").arg(p.engine, in.base.model));
  }
  const QString direct = pick(in, [&](const auto &e) { return directFor(e, from, to); }, r.wouldServe);
  r.considered << (direct.isEmpty() ? QStringLiteral("no OPUS-MT model for %1 is installed").arg(pair)
                                    : QStringLiteral("OPUS-MT model %1 serves %2").arg(direct, pair));
  if (!direct.isEmpty())
    return done(TranslationRoute::Kind::Direct, {stepOf(in, QStringLiteral("marian"), direct, from, to)},
                QStringLiteral("marian %1").arg(direct));
  const QString multi = pick(in, [&](const auto &e) { return multiTargetFor(e, from, to); }, r.wouldServe);
  r.considered << (multi.isEmpty() ? QStringLiteral("no multi-target OPUS-MT model with '%1' is installed").arg(to)
                                   : QStringLiteral("multi-target OPUS-MT model %1 has '%2'").arg(multi, to));
  if (!multi.isEmpty())
    return done(TranslationRoute::Kind::MultiTarget, {stepOf(in, QStringLiteral("marian"), multi, from, to)},
                QStringLiteral("marian %1 (multi-target)").arg(multi));
  const QString nllb = pick(in, [&](const auto &e) { return nllbFor(e, from, to); }, r.wouldServe);
  r.considered << (nllb.isEmpty() ? QStringLiteral("no NLLB model is installed") : QStringLiteral("NLLB model %1 serves any pair").arg(nllb));
  if (!nllb.isEmpty())
    return done(TranslationRoute::Kind::Nllb, {stepOf(in, QStringLiteral("nllb"), nllb, from, to)}, QStringLiteral("nllb %1").arg(nllb));
  const QString en = QStringLiteral("en");
  if (from != en && to != en) {
    QStringList unused;
    const QString first = pick(in, [&](const auto &e) { return directFor(e, from, en) || multiTargetFor(e, from, en); }, unused);
    const QString second = pick(in, [&](const auto &e) { return directFor(e, en, to) || multiTargetFor(e, en, to); }, unused);
    r.considered << ((first.isEmpty() || second.isEmpty())
                         ? QStringLiteral("no pair of installed OPUS-MT models through English (%1→en: %2, en→%3: %4)")
                               .arg(from, first.isEmpty() ? QStringLiteral("none") : first, to,
                                    second.isEmpty() ? QStringLiteral("none") : second)
                         : QStringLiteral("OPUS-MT models %1 and %2 through English").arg(first, second));
    if (!first.isEmpty() && !second.isEmpty())
      return done(TranslationRoute::Kind::Pivot,
                  {stepOf(in, QStringLiteral("marian"), first, from, en), stepOf(in, QStringLiteral("marian"), second, en, to)},
                  QStringLiteral("marian %1 + %2 through English").arg(first, second));
  }
  const bool apertium = in.apertiumPairs.contains(LanguagePair{from, to});
  r.considered << (apertium ? QStringLiteral("apertium has %1 (the offline tier)").arg(pair)
                            : QStringLiteral("apertium has no %1 pair here").arg(pair));
  if (apertium) {
    TranslatorParams p = in.base;
    p.engine = QStringLiteral("apertium");
    return done(TranslationRoute::Kind::Apertium, {p}, QStringLiteral("apertium (offline tier)"));
  }
  r.summary = r.wouldServe.isEmpty()
                  ? QStringLiteral("no installed engine or known model translates %1").arg(pair)
                  : QStringLiteral("no installed engine translates %1; download a model that does: dragoman models download %2 "
                                   "(also: %3)")
                        .arg(pair, r.wouldServe.front(), r.wouldServe.mid(1).join(QStringLiteral(", ")));
  if (r.wouldServe.size() == 1)
    r.summary = QStringLiteral("no installed engine translates %1; download the model that does: dragoman models download %2")
                    .arg(pair, r.wouldServe.front());
  return r;
}

namespace {

// Two translators one after the other: source → English → target.
class PivotTranslator : public ITranslator {
public:
  PivotTranslator(std::unique_ptr<ITranslator> first, std::unique_ptr<ITranslator> second)
      : m_first(std::move(first)), m_second(std::move(second)) {}
  QString name() const override { return m_first->name() + QStringLiteral("+") + m_second->name(); }
  EngineFootprint footprint() const override {
    EngineFootprint f = m_first->footprint();
    const EngineFootprint s = m_second->footprint();
    f.model += QStringLiteral(" + ") + s.model;
    f.bytes += s.bytes;
    return f;
  }
  Result<QString> translate(const QString &text, const AbortFlag &abort) override {
    Result<QString> english = m_first->translate(text, abort);
    if (!english)
      return english.error();
    return m_second->translate(*english, abort);
  }
  Result<QStringList> translateBatch(const QStringList &texts, const AbortFlag &abort) override {
    Result<QStringList> english = m_first->translateBatch(texts, abort);
    if (!english)
      return english.error();
    return m_second->translateBatch(*english, abort);
  }

private:
  std::unique_ptr<ITranslator> m_first, m_second;
};

} // namespace

Result<RouteInputs> routeInputsHere(const EngineRegistry &registry, const QString &modelsRoot, const TranslatorParams &params) {
  Result<models::Catalogue> catalogue = models::Catalogue::builtIn();
  if (!catalogue)
    return catalogue.error();
  RouteInputs in{params, *catalogue, {}, modelsRoot, {}};
  const models::ModelStore store(modelsRoot);
  for (const models::CatalogueEntry &e : catalogue->entries())
    if (e.kind == QLatin1String("mt") && store.inspect(e.id).state == models::ModelState::Installed)
      in.installed.insert(e.id);
  if (Result<EngineInfo> apertium = registry.info(Stage::Translation, QStringLiteral("apertium")); apertium && apertium->available)
    in.apertiumPairs = apertium->pairs;
  return in;
}

void registerAutoTranslator(EngineRegistry &registry, const QString &modelsRoot) {
  const EngineRegistry *engines = &registry;
  auto inputs = [engines, modelsRoot](const TranslatorParams &params) { return routeInputsHere(*engines, modelsRoot, params); };
  registry.addTranslator(
      QStringLiteral("auto"),
      [] {
        EngineInfo info;
        info.name = QStringLiteral("auto");
        info.stage = Stage::Translation;
        info.description = QStringLiteral("the best installed engine per pair: OPUS-MT, multi-target OPUS-MT, NLLB, OPUS-MT through "
                                          "English, then apertium (`dragoman engines --pair en:de` says which)");
        info.available = true;
        info.pairsFromModel = true;
        info.languages = nllbIsoCodes(); // what NLLB, the widest route, can reach
        return info;
      },
      [engines, inputs](const TranslatorParams &params) -> Result<std::unique_ptr<ITranslator>> {
        Result<RouteInputs> in = inputs(params);
        if (!in)
          return in.error();
        const TranslationRoute route = planTranslationRoute(*in);
        if (route.steps.isEmpty())
          return makeError(ErrorKind::Unsupported, route.summary);
        Result<std::unique_ptr<ITranslator>> first = engines->createTranslator(route.steps.front());
        if (!first || route.steps.size() == 1)
          return first;
        Result<std::unique_ptr<ITranslator>> second = engines->createTranslator(route.steps.at(1));
        if (!second)
          return second.error();
        return std::unique_ptr<ITranslator>(new PivotTranslator(std::move(first).value(), std::move(second).value()));
      });
}

} // namespace dragoman
