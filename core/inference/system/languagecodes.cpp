#include "core/inference/system/languagecodes.h"

#include <array>
#include <utility>

namespace dragoman::languages {
namespace {

constexpr std::array<std::pair<const char *, const char *>, 44> kCodes{{
    {"af", "afr"}, {"an", "arg"}, {"ar", "ara"}, {"ast", "ast"}, {"be", "bel"}, {"bg", "bul"}, {"br", "bre"},
    {"ca", "cat"}, {"cs", "ces"}, {"cy", "cym"}, {"da", "dan"}, {"de", "deu"}, {"el", "ell"}, {"en", "eng"},
    {"eo", "epo"}, {"es", "spa"}, {"et", "est"}, {"eu", "eus"}, {"fi", "fin"}, {"fr", "fra"}, {"ga", "gle"},
    {"gl", "glg"}, {"he", "heb"}, {"hi", "hin"}, {"hr", "hrv"}, {"hu", "hun"}, {"is", "isl"}, {"it", "ita"},
    {"kk", "kaz"}, {"lt", "lit"}, {"lv", "lav"}, {"mk", "mkd"}, {"mt", "mlt"}, {"nb", "nob"}, {"nl", "nld"},
    {"nn", "nno"}, {"oc", "oci"}, {"pl", "pol"}, {"pt", "por"}, {"ro", "ron"}, {"ru", "rus"}, {"sv", "swe"},
    {"tr", "tur"}, {"uk", "ukr"},
}};

} // namespace

QString toIso639_3(const QString &code) {
  const QString c = code.toLower();
  for (const auto &[two, three] : kCodes)
    if (c == QLatin1String(two) || c == QLatin1String(three))
      return QLatin1String(three);
  return c;
}

QString toIso639_1(const QString &code) {
  const QString c = code.toLower();
  for (const auto &[two, three] : kCodes)
    if (c == QLatin1String(two) || c == QLatin1String(three))
      return QLatin1String(two);
  return c;
}

} // namespace dragoman::languages
