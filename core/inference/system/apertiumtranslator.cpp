#include "core/inference/system/apertiumtranslator.h"

#include "core/common/logcategories.h"
#include "core/inference/system/languagecodes.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>

namespace dragoman {
namespace {

QString modesDir() { return QStringLiteral(DRAGOMAN_APERTIUM_MODES_DIR); }

QString program() { return QStandardPaths::findExecutable(QStringLiteral("apertium")); }

// "eng-spa.mode" → {eng, spa}; variants such as "spa-eng_US" are left out.
QList<QPair<QString, QString>> installedModes() {
  QList<QPair<QString, QString>> modes;
  const QStringList files = QDir(modesDir()).entryList({QStringLiteral("*.mode")}, QDir::Files, QDir::Name);
  for (const QString &file : files) {
    const QString mode = file.chopped(5);
    const QStringList parts = mode.split(QLatin1Char('-'));
    if (parts.size() != 2 || parts[0].contains(QLatin1Char('_')) || parts[1].contains(QLatin1Char('_')))
      continue;
    modes.append({parts[0], parts[1]});
  }
  return modes;
}

} // namespace

QList<LanguagePair> ApertiumTranslator::installedPairs() {
  QList<LanguagePair> pairs;
  for (const auto &[from, to] : installedModes())
    pairs.append({languages::toIso639_1(from), languages::toIso639_1(to)});
  return pairs;
}

EngineInfo ApertiumTranslator::probe() {
  EngineInfo info;
  info.name = QStringLiteral("apertium");
  info.stage = Stage::Translation;
  info.description = QStringLiteral("Apertium rule-based translation, offline");
  info.offlineTier = true;
  info.pairs = installedPairs();
  if (program().isEmpty())
    info.reason = QStringLiteral("the apertium program is not installed; install the Debian package apertium");
  else if (info.pairs.isEmpty())
    info.reason = QStringLiteral("no language pair is installed in %1; install e.g. the Debian package "
                                 "apertium-eng-spa")
                      .arg(modesDir());
  info.available = info.reason.isEmpty();
  return info;
}

Result<std::unique_ptr<ITranslator>> ApertiumTranslator::create(const TranslatorParams &params) {
  const QString exe = program();
  if (exe.isEmpty())
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("the apertium program is not installed; install the Debian package apertium"));
  const QString from = languages::toIso639_3(params.sourceLanguage);
  const QString to = languages::toIso639_3(params.targetLanguage);
  if (!installedModes().contains({from, to}))
    return makeError(ErrorKind::Unsupported,
                     QStringLiteral("apertium has no %1→%2 pair installed; installed pairs: %3; look for a Debian "
                                    "package named apertium-%4-%5")
                         .arg(params.sourceLanguage, params.targetLanguage, describePairs(installedPairs()), from, to));
  return std::unique_ptr<ITranslator>(
      new ApertiumTranslator(exe, from + QLatin1Char('-') + to, std::max(100, params.timeoutMs)));
}

ApertiumTranslator::ApertiumTranslator(QString program, QString mode, int timeoutMs)
    : m_program(std::move(program)), m_mode(std::move(mode)), m_timeoutMs(timeoutMs) {}

Result<QString> ApertiumTranslator::translate(const QString &text, const AbortFlag &abort) {
  const QString input = text.simplified(); // one line in, one translation out
  if (input.isEmpty())
    return QString();
  QProcess process;
  process.setProgram(m_program);
  process.setArguments({QStringLiteral("-u"), m_mode});
  process.start();
  if (!process.waitForStarted(m_timeoutMs))
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("apertium could not be started: %1").arg(process.errorString()));
  process.write(input.toUtf8() + '\n');
  process.closeWriteChannel();

  QElapsedTimer timer;
  timer.start();
  while (!process.waitForFinished(20)) {
    if (abort.load() || timer.elapsed() > m_timeoutMs) {
      process.kill();
      process.waitForFinished(1000);
      if (abort.load())
        return makeError(ErrorKind::Cancelled, QStringLiteral("translation cancelled"));
      return makeError(ErrorKind::Internal, QStringLiteral("apertium %1 did not answer within %2 ms "
                                                           "(raise translation.timeout_ms)")
                                                .arg(m_mode)
                                                .arg(m_timeoutMs));
    }
    if (process.state() == QProcess::NotRunning)
      break;
  }
  if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
    return makeError(ErrorKind::Internal, QStringLiteral("apertium %1 failed (exit %2): %3")
                                              .arg(m_mode)
                                              .arg(process.exitCode())
                                              .arg(QString::fromUtf8(process.readAllStandardError()).simplified()));
  const QString output = QString::fromUtf8(process.readAllStandardOutput()).simplified();
  qCDebug(lcMt, "apertium %s: %lld ms", qUtf8Printable(m_mode), static_cast<long long>(timer.elapsed()));
  return output;
}

} // namespace dragoman
