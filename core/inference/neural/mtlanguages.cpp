#include "core/inference/neural/mtlanguages.h"

#include "core/inference/languagetable.h"
#include "core/inference/torch/seq2seq/translator.h"

#include <QStringList>

namespace dragoman {

namespace {

// One spelling for comparing codes: the NLLB code when the table knows it, else the code itself.
QString canonical(const QString &code) {
  if (const std::optional<QString> nllb = toNllbCode(code))
    return *nllb;
  return code.trimmed().toLower();
}

bool sameLanguage(const QString &a, const QString &b) {
  const QString x = canonical(a), y = canonical(b);
  // Scripts aside ("zho_Hans" and "zho_Hant" are both Chinese to a model that says "zh").
  return x == y || x.left(3) == y.left(3);
}

// Marian's target tokens spell a language by ISO 639-1 or 639-3, sometimes with a script or region.
QStringList marianTokenCandidates(const QString &to) {
  QStringList out;
  const QString raw = to.trimmed();
  out << raw << raw.toLower();
  if (const std::optional<QString> nllb = toNllbCode(raw)) {
    const QString iso = isoFromNllbCode(*nllb);
    const QString iso3 = nllb->left(3), script = nllb->mid(4);
    out << iso << iso3 << *nllb;
    // OPUS-MT writes Chinese as Mandarin with its script (">>cmn_Hans<<"), Cantonese as yue.
    if (iso3 == QLatin1String("zho"))
      out << QStringLiteral("cmn_") + script << QStringLiteral("cmn") << QStringLiteral("yue_") + script;
  }
  QStringList tokens;
  for (const QString &c : out)
    if (!c.isEmpty() && !tokens.contains(QStringLiteral(">>%1<<").arg(c)))
      tokens << QStringLiteral(">>%1<<").arg(c);
  return tokens;
}

// M2M100 spells a language "__de__": mostly ISO 639-1, ISO 639-3 where there is none ("__ast__").
// The code as given first (a model may use a legacy code such as "__no__"), then the table's.
QStringList m2m100TokenCandidates(const QString &lang) {
  const QString raw = lang.trimmed();
  QStringList codes{raw, raw.toLower()};
  if (const std::optional<QString> nllb = toNllbCode(raw))
    codes << isoFromNllbCode(*nllb) << nllb->left(3);
  QStringList tokens;
  for (const QString &c : codes) {
    if (c.isEmpty())
      continue;
    const QString token = c.startsWith(QLatin1String("__")) && c.endsWith(QLatin1String("__")) ? c : QStringLiteral("__%1__").arg(c);
    if (!tokens.contains(token))
      tokens << token;
  }
  return tokens;
}

Error unsupported(const QString &message) { return makeError(ErrorKind::Unsupported, message); }

} // namespace

Result<MtLanguageTokens> resolveMtLanguages(const torchrt::seq2seq::Translator &t, const QString &from, const QString &to) {
  const QString folder = QString::fromStdString(t.report().folder);
  if (t.isNllb()) {
    const bool m2m100 = t.report().family == "m2m100";
    auto code = [&](const QString &lang, const char *side) -> Result<std::string> {
      const std::optional<QString> nllb = toNllbCode(lang);
      for (const QString &candidate : m2m100 ? m2m100TokenCandidates(lang) : QStringList{lang, nllb.value_or(QString())})
        if (!candidate.isEmpty() && t.knowsLanguageToken(candidate.toStdString()))
          return candidate.toStdString();
      return unsupported(QStringLiteral("the %1 model in %2 has no %3 language '%4'%5")
                             .arg(m2m100 ? QStringLiteral("M2M100") : QStringLiteral("NLLB"), folder, QLatin1String(side), lang,
                                  nllb ? QStringLiteral(" (%1)").arg(*nllb) : QStringLiteral(" (not an ISO 639 or NLLB code)")));
    };
    Result<std::string> source = code(from, "source");
    if (!source)
      return source.error();
    Result<std::string> target = code(to, "target");
    if (!target)
      return target.error();
    return MtLanguageTokens{*source, *target};
  }
  const auto [declaredFrom, declaredTo] = t.declaredPair();
  const QString srcDeclared = QString::fromStdString(declaredFrom), tgtDeclared = QString::fromStdString(declaredTo);
  const std::vector<std::string> targets = t.languageTokens();
  // Marian model names use group codes for many languages ("mul", "ROMANCE"): those accept any.
  const bool anySource = srcDeclared.isEmpty() || !toNllbCode(srcDeclared);
  if (!from.isEmpty() && !anySource && !sameLanguage(from, srcDeclared))
    return unsupported(QStringLiteral("the model in %1 translates from '%2', not from '%3'").arg(folder, srcDeclared, from));
  if (targets.empty()) {
    const bool anyTarget = tgtDeclared.isEmpty() || !toNllbCode(tgtDeclared);
    if (!to.isEmpty() && !anyTarget && !sameLanguage(to, tgtDeclared))
      return unsupported(QStringLiteral("the model in %1 translates into '%2', not into '%3'").arg(folder, tgtDeclared, to));
    return MtLanguageTokens{};
  }
  for (const QString &token : marianTokenCandidates(to))
    if (t.knowsLanguageToken(token.toStdString()))
      return MtLanguageTokens{std::string(), token.toStdString()};
  QStringList known;
  for (const std::string &s : targets)
    known << QString::fromStdString(s);
  return unsupported(QStringLiteral("the multi-target model in %1 has no target token for '%2'; it knows %3")
                         .arg(folder, to, known.join(QStringLiteral(", "))));
}

QString describeMtLanguages(const torchrt::seq2seq::Translator &t) {
  if (t.isNllb())
    return QStringLiteral("%1 languages, any to any").arg(t.languageTokens().size());
  const auto [from, to] = t.declaredPair();
  const QString src = from.empty() ? QStringLiteral("*") : QString::fromStdString(from);
  if (!t.languageTokens().empty()) {
    QStringList targets;
    for (const std::string &s : t.languageTokens())
      targets << QString::fromStdString(s);
    return QStringLiteral("%1 → %2").arg(src, targets.join(QStringLiteral(" ")));
  }
  return QStringLiteral("%1 → %2").arg(src, to.empty() ? QStringLiteral("*") : QString::fromStdString(to));
}

} // namespace dragoman
