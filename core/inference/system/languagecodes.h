#pragma once
// ISO 639-1 (two letters, what Dragoman speaks) and ISO 639-3 (what apertium names its pairs with).

#include <QString>

namespace dragoman::languages {

// "en" or "eng" → "eng"; unknown codes come back unchanged.
QString toIso639_3(const QString &code);
// "eng" or "en" → "en"; a code with no two-letter form comes back unchanged.
QString toIso639_1(const QString &code);

} // namespace dragoman::languages
