#include "core/inference/system/espeakphonemizer.h"

#include "core/inference/system/espeaklibrary.h"

#include <espeak-ng/speak_lib.h>

#include <QByteArray>
#include <QList>

namespace dragoman {
namespace {

bool isClosing(char32_t c) {
  if (c == U'"' || c == U'\'')
    return true;
  const QChar::Category cat = QChar::category(c);
  return cat == QChar::Punctuation_Close || cat == QChar::Punctuation_FinalQuote;
}

std::string utf8Of(char32_t c) {
  return QString::fromUcs4(&c, 1).toStdString();
}

void appendPhonemes(PiperSentence &s, const QString &text) {
  const QString nfd = text.normalized(QString::NormalizationForm_D);
  s.phonemes += nfd;
  const QList<uint> cps = nfd.toUcs4();
  for (uint c : cps)
    s.codePoints.push_back(static_cast<char32_t>(c));
}

// A clause's IPA without its language switches: libespeak-ng marks words it reads with another
// language's rules as "(en)…(es)"; the marks, and whatever lies between "(" and ")", are dropped.
QString withoutLanguageFlags(const QString &ipa) {
  QString out;
  bool inFlag = false;
  for (const QChar c : ipa) {
    if (inFlag)
      inFlag = c != QLatin1Char(')');
    else if (c == QLatin1Char('('))
      inFlag = true;
    else
      out += c;
  }
  return out;
}

} // namespace

ClauseTerminator clauseTerminator(const QString &consumed, bool moreText) {
  QList<uint> cps = consumed.toUcs4();
  // Before more text, the library has read the first character of the next clause.
  if (moreText && !cps.isEmpty() && !QChar::isSpace(cps.last()))
    cps.removeLast();
  while (!cps.isEmpty() && (QChar::isSpace(cps.last()) || isClosing(cps.last())))
    cps.removeLast();
  if (cps.isEmpty())
    return ClauseTerminator::None;
  switch (cps.last()) {
  case '.': return ClauseTerminator::Period;
  case '?': return ClauseTerminator::Question;
  case '!': return ClauseTerminator::Exclamation;
  case ',': return ClauseTerminator::Comma;
  case ':': return ClauseTerminator::Colon;
  case ';': return ClauseTerminator::Semicolon;
  default: return ClauseTerminator::None;
  }
}

Result<PiperPhonemes> phonemizeForPiper(const QString &text, const QString &espeakVoice) {
  PiperPhonemes out;
  const QByteArray utf8 = text.toUtf8();
  {
    std::lock_guard lock(espeakMutex());
    if (espeakSampleRateLocked() < 0)
      return Error::make(ErrorKind::EngineUnavailable,
                         QStringLiteral("eSpeak NG could not start: its voice data is missing; install the Debian "
                                        "package espeak-ng-data"));
    if (espeak_SetVoiceByName(espeakVoice.toUtf8().constData()) != EE_OK)
      return Error::make(ErrorKind::Unsupported,
                         QStringLiteral("eSpeak NG has no voice %1 (the Piper voice's espeak.voice)").arg(espeakVoice));
    const char *begin = utf8.constData();
    const void *ptr = begin;
    while (ptr != nullptr) {
      const char *before = static_cast<const char *>(ptr);
      const char *ipa = espeak_TextToPhonemes(&ptr, espeakCHARS_AUTO, espeakPHONEMES_IPA);
      const char *after = ptr ? static_cast<const char *>(ptr) : begin + utf8.size();
      PiperClause clause;
      clause.ipa = QString::fromUtf8(ipa ? ipa : "");
      clause.consumed = QString::fromUtf8(before, after - before);
      clause.terminator = clauseTerminator(clause.consumed, ptr != nullptr);
      clause.sentenceEnd = ptr == nullptr || clause.terminator == ClauseTerminator::Period ||
                           clause.terminator == ClauseTerminator::Question ||
                           clause.terminator == ClauseTerminator::Exclamation;
      out.clauses.push_back(std::move(clause));
    }
  }

  bool open = false;
  for (const PiperClause &c : out.clauses) {
    if (!open) {
      out.sentences.emplace_back();
      open = true;
    }
    PiperSentence &s = out.sentences.back();
    appendPhonemes(s, withoutLanguageFlags(c.ipa));
    switch (c.terminator) {
    case ClauseTerminator::Period: appendPhonemes(s, QStringLiteral(".")); break;
    case ClauseTerminator::Question: appendPhonemes(s, QStringLiteral("?")); break;
    case ClauseTerminator::Exclamation: appendPhonemes(s, QStringLiteral("!")); break;
    case ClauseTerminator::Comma: appendPhonemes(s, QStringLiteral(", ")); break;
    case ClauseTerminator::Colon: appendPhonemes(s, QStringLiteral(": ")); break;
    case ClauseTerminator::Semicolon: appendPhonemes(s, QStringLiteral("; ")); break;
    case ClauseTerminator::None: break;
    }
    if (c.sentenceEnd)
      open = false;
  }
  return out;
}

PiperIds piperPhonemeIds(const std::vector<char32_t> &phonemes, const PhonemeIdMap &idMap) {
  PiperIds out;
  const auto append = [&](const std::string &key) {
    const auto it = idMap.find(key);
    if (it != idMap.end())
      out.ids.insert(out.ids.end(), it->second.begin(), it->second.end());
  };
  append("^");
  append("_");
  for (char32_t c : phonemes) {
    const std::string key = utf8Of(c);
    const auto it = idMap.find(key);
    if (it == idMap.end()) {
      ++out.missing[key];
      continue;
    }
    out.ids.insert(out.ids.end(), it->second.begin(), it->second.end());
    append("_");
  }
  append("$");
  return out;
}

} // namespace dragoman
