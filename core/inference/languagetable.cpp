#include "core/inference/languagetable.h"

#include "core/common/logcategories.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace dragoman {
namespace {

constexpr QLatin1StringView kResource(":/dragoman/languages/nllb-languages.json");

struct Table {
  QList<NllbLanguage> languages;
  QHash<QString, qsizetype> byCode;            // lower-case NLLB code
  QHash<QString, QList<qsizetype>> byLanguage; // lower-case ISO 639-1, ISO 639-3 and "also" codes
  QList<bool> isDefault;
};

Table load() {
  Table t;
  QFile file{QString(kResource)};
  if (!file.open(QIODevice::ReadOnly)) {
    // Compiled into dragoman_inference: missing means a broken build.
    qCCritical(lcInference, "cannot read %s: %s", kResource.data(), qUtf8Printable(file.errorString()));
    Q_ASSERT(false);
    return t;
  }
  const QJsonArray list = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("languages")).toArray();
  for (const QJsonValue &v : list) {
    const QJsonObject o = v.toObject();
    NllbLanguage l{o.value(QLatin1String("code")).toString(), o.value(QLatin1String("iso639_3")).toString(),
                   o.value(QLatin1String("iso639_1")).toString(), o.value(QLatin1String("name")).toString()};
    const qsizetype index = t.languages.size();
    t.byCode.insert(l.code.toLower(), index);
    QStringList keys{l.iso6393, l.iso6391};
    for (const QJsonValue &also : o.value(QLatin1String("also")).toArray())
      keys << also.toString();
    for (const QString &key : keys)
      if (!key.isEmpty() && !t.byLanguage.value(key.toLower()).contains(index))
        t.byLanguage[key.toLower()].append(index);
    t.isDefault.append(o.value(QLatin1String("default")).toBool());
    t.languages.append(std::move(l));
  }
  Q_ASSERT(!t.languages.isEmpty());
  return t;
}

const Table &table() {
  static const Table t = load(); // initialised once, thread-safe
  return t;
}

// The script a region implies, where only one does: Chinese in Taiwan, Hong Kong and Macau is
// written in traditional characters, elsewhere in simplified ones.
QString scriptForRegion(const QString &language, const QString &region) {
  if (language != QLatin1String("zh") && language != QLatin1String("zho") && language != QLatin1String("cmn"))
    return {};
  if (region == QLatin1String("TW") || region == QLatin1String("HK") || region == QLatin1String("MO"))
    return QStringLiteral("Hant");
  if (region == QLatin1String("CN") || region == QLatin1String("SG") || region == QLatin1String("MY"))
    return QStringLiteral("Hans");
  return {};
}

bool isLetters(const QString &s) {
  for (const QChar c : s)
    if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))))
      return false;
  return true;
}

bool isDigits(const QString &s) {
  for (const QChar c : s)
    if (c < QLatin1Char('0') || c > QLatin1Char('9'))
      return false;
  return true;
}

} // namespace

std::optional<QString> toNllbCode(const QString &code) {
  const Table &t = table();
  const QString trimmed = code.trimmed();
  if (trimmed.isEmpty())
    return std::nullopt;
  if (const auto it = t.byCode.constFind(trimmed.toLower()); it != t.byCode.cend())
    return t.languages.at(*it).code;

  // language[-_]Script[-_]Region, e.g. "zh-Hant-TW", "zh_TW", "eng-Latn".
  static const QRegularExpression separator(QStringLiteral("[-_]"));
  const QStringList parts = trimmed.split(separator);
  const QString language = parts.first().toLower();
  if (language.size() < 2 || language.size() > 3 || !isLetters(language))
    return std::nullopt;
  const QList<qsizetype> candidates = t.byLanguage.value(language);
  if (candidates.isEmpty())
    return std::nullopt;
  QString script;
  for (qsizetype i = 1; i < parts.size(); ++i) {
    const QString &part = parts.at(i);
    if (!script.isEmpty())
      break;
    if (part.size() == 4 && isLetters(part))
      script = part.left(1).toUpper() + part.mid(1).toLower();
    else if ((part.size() == 2 && isLetters(part)) || (part.size() == 3 && isDigits(part)))
      script = scriptForRegion(language, part.toUpper());
  }

  qsizetype chosen = candidates.first();
  for (const qsizetype i : candidates)
    if (t.isDefault.at(i)) {
      chosen = i;
      break;
    }
  if (!script.isEmpty()) {
    // The same language in the script asked for, when the model has it; else the default.
    const QString wanted = t.languages.at(chosen).iso6393 + QLatin1Char('_') + script;
    if (const auto it = t.byCode.constFind(wanted.toLower()); it != t.byCode.cend())
      chosen = *it;
  }
  return t.languages.at(chosen).code;
}

QString isoFromNllbCode(const QString &nllb) {
  const Table &t = table();
  const auto it = t.byCode.constFind(nllb.trimmed().toLower());
  if (it == t.byCode.cend())
    return {};
  const NllbLanguage &l = t.languages.at(*it);
  return l.iso6391.isEmpty() ? l.iso6393 : l.iso6391;
}

QList<NllbLanguage> nllbLanguages() {
  return table().languages;
}

QStringList nllbIsoCodes() {
  QStringList codes;
  for (const NllbLanguage &l : nllbLanguages()) {
    const QString code = l.iso6391.isEmpty() ? l.iso6393 : l.iso6391;
    if (!codes.contains(code))
      codes << code;
  }
  codes.sort();
  return codes;
}

} // namespace dragoman
