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

namespace {

// The character that ended a clause: the last of the consumed text that is not space or a closing
// quote or bracket; 0 when there is none.
char32_t clauseEnd(const QString &consumed, bool moreText) {
  QList<uint> cps = consumed.toUcs4();
  // Before more text, the library has read the first character of the next clause.
  if (moreText && !cps.isEmpty() && !QChar::isSpace(cps.last()))
    cps.removeLast();
  while (!cps.isEmpty() && (QChar::isSpace(cps.last()) || isClosing(cps.last())))
    cps.removeLast();
  return cps.isEmpty() ? 0 : static_cast<char32_t>(cps.last());
}

// libespeak-ng's clause-ending punctuation as piper-phonemize sees it: the terminator it writes
// (piper compares the clause type masked to its pause, intonation and type bits, so the marks
// eSpeak flags "no space needed after", such as 。, ！ and the danda, write none) and whether the
// clause ends a sentence (eSpeak's sentence type). En and em dashes and the inverted marks do not
// end a clause here (eSpeak reads on past them in the reference cases).
struct EndMark {
  char32_t c;
  ClauseTerminator terminator;
  bool sentence;
};
constexpr EndMark kEndMarks[] = {
    {U'.', ClauseTerminator::Period, true},      {U'?', ClauseTerminator::Question, true},
    {U'!', ClauseTerminator::Exclamation, true}, {U',', ClauseTerminator::Comma, false},
    {U':', ClauseTerminator::Colon, false},      {U';', ClauseTerminator::Semicolon, false},
    {0x037e, ClauseTerminator::Question, true},  {0x0387, ClauseTerminator::Semicolon, false}, // Greek
    {0x055b, ClauseTerminator::Period, true},    {0x055c, ClauseTerminator::Exclamation, true}, // Armenian
    {0x055d, ClauseTerminator::Comma, false},    {0x055e, ClauseTerminator::Question, true},
    {0x0589, ClauseTerminator::None, true},      {0x060c, ClauseTerminator::Comma, false}, // Arabic
    {0x061b, ClauseTerminator::Semicolon, false}, {0x061f, ClauseTerminator::Question, true},
    {0x06d4, ClauseTerminator::Period, true},    {0x0964, ClauseTerminator::None, true}, // danda
    {0x0df4, ClauseTerminator::None, true},      {0x0f0d, ClauseTerminator::None, true},
    {0x0f0e, ClauseTerminator::None, true},      {0x1362, ClauseTerminator::Period, true}, // Ethiopic
    {0x1363, ClauseTerminator::Comma, false},    {0x1364, ClauseTerminator::Semicolon, false},
    {0x1365, ClauseTerminator::Colon, false},    {0x1366, ClauseTerminator::Colon, false},
    {0x1367, ClauseTerminator::Question, true},  {0x1368, ClauseTerminator::None, true},
    {0x10fb, ClauseTerminator::None, true},      {0x3001, ClauseTerminator::None, false}, // CJK
    {0x3002, ClauseTerminator::None, true},      {0xff01, ClauseTerminator::None, true}, // fullwidth
    {0xff0c, ClauseTerminator::None, false},     {0xff0e, ClauseTerminator::None, true},
    {0xff1a, ClauseTerminator::None, false},     {0xff1b, ClauseTerminator::None, false},
    {0xff1f, ClauseTerminator::None, true},
};

const EndMark *endMark(const QString &consumed, bool moreText) {
  const char32_t c = clauseEnd(consumed, moreText);
  for (const EndMark &m : kEndMarks)
    if (m.c == c)
      return &m;
  return nullptr;
}

} // namespace

ClauseTerminator clauseTerminator(const QString &consumed, bool moreText) {
  const EndMark *m = endMark(consumed, moreText);
  return m ? m->terminator : ClauseTerminator::None;
}

bool clauseEndsSentence(const QString &consumed, bool moreText) {
  const EndMark *m = endMark(consumed, moreText);
  return !moreText || (m && m->sentence);
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
      clause.sentenceEnd = clauseEndsSentence(clause.consumed, ptr != nullptr);
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
