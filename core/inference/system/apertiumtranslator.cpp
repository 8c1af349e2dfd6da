#include "core/inference/system/apertiumtranslator.h"

#include "core/common/logcategories.h"
#include "core/inference/system/languagecodes.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>

#include <algorithm>
#include <exception>

#include <signal.h>
#include <unistd.h>

namespace dragoman {
namespace {

constexpr int kSliceMs = 10;         // how often the abort flag and the clock are looked at
constexpr int kStartMs = 5000;       // starting the shell script is not part of the translation budget
constexpr int kDefaultTimeoutMs = 30000;
constexpr qsizetype kTextsPerTimeout = 8; // a batch gets translation.timeout_ms once per 8 texts begun
constexpr qsizetype kStderrChars = 300;

QString modesDir() { return QStringLiteral(DRAGOMAN_APERTIUM_MODES_DIR); }

QString program() { return QStandardPaths::findExecutable(QStringLiteral("apertium")); }

QString missingProgram() {
  return QStringLiteral("the apertium program is not installed; install the Debian package apertium");
}

// "eng-spa.mode" → {eng, spa}. Variants such as "spa-eng_US" (a US-spelling flavour of spa-eng)
// are left out: the plain mode covers the pair.
QList<QPair<QString, QString>> installedModes() {
  QList<QPair<QString, QString>> modes;
  const QStringList files = QDir(modesDir()).entryList({QStringLiteral("*.mode")}, QDir::Files, QDir::Name);
  for (const QString &file : files) {
    const QStringList parts = file.chopped(5).split(QLatin1Char('-'));
    if (parts.size() != 2 || parts[0].contains(QLatin1Char('_')) || parts[1].contains(QLatin1Char('_')))
      continue;
    modes.append({parts[0], parts[1]});
  }
  return modes;
}

// apertium is a shell script that starts a pipeline of a dozen programs. They run in their own
// process group so that a timeout or an abort kills all of them, not just the script.
void killGroup(QProcess &process) {
  const qint64 pid = process.processId();
  if (pid > 0)
    ::kill(-static_cast<pid_t>(pid), SIGKILL);
  process.kill();
  process.waitForFinished(1000);
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
  info.description = QStringLiteral("Apertium rule-based translation, offline (a child process per call)");
  info.offlineTier = true;
  info.pairs = installedPairs();
  if (program().isEmpty())
    info.reason = missingProgram();
  else if (info.pairs.isEmpty())
    info.reason = QStringLiteral("no apertium language pair is installed in %1; install a pair package such as "
                                 "the Debian package apertium-eng-spa")
                      .arg(modesDir());
  info.available = info.reason.isEmpty();
  return info;
}

Result<std::unique_ptr<ITranslator>> ApertiumTranslator::create(const TranslatorParams &params) {
  try {
    const QString exe = program();
    if (exe.isEmpty())
      return makeError(ErrorKind::EngineUnavailable, missingProgram());
    const QString from = languages::toIso639_3(params.sourceLanguage);
    const QString to = languages::toIso639_3(params.targetLanguage);
    if (!installedModes().contains({from, to}))
      return makeError(ErrorKind::Unsupported,
                       QStringLiteral("apertium has no %1→%2 pair installed; installed pairs: %3; install a Debian "
                                      "package such as apertium-%4-%5 or apertium-%5-%4 if one exists")
                           .arg(languages::toIso639_1(from), languages::toIso639_1(to),
                                describePairs(installedPairs()), from, to));
    // A limit of 0 or less means "the default", never "no limit": a wedged child must not hang a stage.
    const int timeoutMs = params.timeoutMs > 0 ? params.timeoutMs : kDefaultTimeoutMs;
    return std::unique_ptr<ITranslator>(new ApertiumTranslator(exe, from + QLatin1Char('-') + to, timeoutMs));
  } catch (const std::exception &e) {
    return makeError(ErrorKind::Internal, QStringLiteral("apertium could not be set up: %1").arg(QString::fromUtf8(e.what())));
  }
}

ApertiumTranslator::ApertiumTranslator(QString program, QString mode, int timeoutMs)
    : m_program(std::move(program)), m_mode(std::move(mode)), m_timeoutMs(timeoutMs) {}

Result<QString> ApertiumTranslator::translate(const QString &text, const AbortFlag &abort) {
  try {
    // apertium translates line by line; one call must give one translation, so lines are joined.
    const QString input = text.simplified();
    if (input.isEmpty())
      return QString();
    if (abort.load())
      return makeError(ErrorKind::Cancelled, QStringLiteral("translation cancelled"));
    return run(input, m_timeoutMs, abort);
  } catch (const std::exception &e) {
    return makeError(ErrorKind::Internal, QStringLiteral("apertium %1 failed: %2").arg(m_mode, QString::fromUtf8(e.what())));
  } catch (...) {
    return makeError(ErrorKind::Internal, QStringLiteral("apertium %1 failed with an unknown exception").arg(m_mode));
  }
}

// Starting apertium's pipeline costs far more than translating a sentence, so a batch is one call.
// Each text becomes a paragraph: texts are separated by a blank line, not a line break, because
// apertium-destxt ends each paragraph with a sentence break (the period it inserts and removes
// again), and only that keeps apertium's rules from reaching from one text into the next. With a
// plain line break "Good" and "morning." come back as "Buenos días" and "."; about half of a set
// of short texts came out differently from their one-by-one translations.
Result<QStringList> ApertiumTranslator::translateBatch(const QStringList &texts, const AbortFlag &abort) {
  try {
    QStringList translations(texts.size());
    QStringList inputs;      // the non-blank texts, simplified as translate() does
    QList<qsizetype> places; // where each input's translation goes
    for (qsizetype i = 0; i < texts.size(); ++i) {
      QString input = texts.at(i).simplified();
      if (input.isEmpty())
        continue;
      inputs.append(std::move(input));
      places.append(i);
    }
    if (inputs.isEmpty())
      return translations;
    if (abort.load())
      return makeError(ErrorKind::Cancelled, QStringLiteral("translation cancelled"));

    // The work grows with the text while the start-up cost does not; 64 texts of 5000 characters
    // take about 3 s, so the single limit would do, but a big batch should not fail where the same
    // texts one by one would not.
    const qint64 groups = (inputs.size() + kTextsPerTimeout - 1) / kTextsPerTimeout;
    Result<QString> output = run(inputs.join(QStringLiteral("\n\n")), m_timeoutMs * groups, abort);
    if (!output)
      return output.error();

    const QStringList parts = output->split(QStringLiteral("\n\n"), Qt::KeepEmptyParts);
    const bool aligned = parts.size() == inputs.size() &&
                         std::none_of(parts.cbegin(), parts.cend(),
                                      [](const QString &part) { return part.contains(QLatin1Char('\n')); });
    if (!aligned) {
      // Not seen with the installed pairs; a pair whose output breaks paragraphs is translated text by text.
      qCWarning(lcMt, "apertium %s gave %lld paragraphs for %lld texts; translating them one by one",
                qUtf8Printable(m_mode), static_cast<long long>(parts.size()), static_cast<long long>(inputs.size()));
      return ITranslator::translateBatch(texts, abort);
    }
    for (qsizetype k = 0; k < parts.size(); ++k)
      translations[places.at(k)] = parts.at(k).trimmed();
    return translations;
  } catch (const std::exception &e) {
    return makeError(ErrorKind::Internal, QStringLiteral("apertium %1 failed: %2").arg(m_mode, QString::fromUtf8(e.what())));
  } catch (...) {
    return makeError(ErrorKind::Internal, QStringLiteral("apertium %1 failed with an unknown exception").arg(m_mode));
  }
}

Result<QString> ApertiumTranslator::run(const QString &input, qint64 timeoutMs, const AbortFlag &abort) {
  QElapsedTimer timer;
  timer.start();
  QProcess process;
  process.setProgram(m_program);
  process.setArguments({QStringLiteral("-u"), m_mode}); // -u: unknown words are not marked with '*'
  process.setChildProcessModifier([] { ::setpgid(0, 0); });
  process.start();
  if (!process.waitForStarted(std::max(m_timeoutMs, kStartMs)))
    return makeError(ErrorKind::EngineUnavailable,
                     QStringLiteral("apertium could not be started (%1); reinstall the Debian package apertium")
                         .arg(process.errorString()));
  process.write(input.toUtf8() + '\n');
  process.closeWriteChannel();

  while (process.state() != QProcess::NotRunning) {
    if (abort.load()) {
      killGroup(process);
      return makeError(ErrorKind::Cancelled, QStringLiteral("translation cancelled"));
    }
    const qint64 left = timeoutMs - timer.elapsed();
    if (left <= 0) {
      killGroup(process);
      return makeError(ErrorKind::Internal, QStringLiteral("apertium %1 did not answer within %2 ms; raise "
                                                           "translation.timeout_ms or send shorter text")
                                                .arg(m_mode)
                                                .arg(timeoutMs));
    }
    process.waitForFinished(static_cast<int>(std::min<qint64>(left, kSliceMs)));
  }

  if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
    QString detail = QString::fromUtf8(process.readAllStandardError()).simplified();
    if (detail.size() > kStderrChars)
      detail = detail.left(kStderrChars) + QStringLiteral("…");
    return makeError(ErrorKind::Internal,
                     QStringLiteral("apertium %1 failed (%2): %3; reinstall the package that owns %4/%1.mode "
                                    "(dpkg -S names it)")
                         .arg(m_mode,
                              process.exitStatus() == QProcess::NormalExit
                                  ? QStringLiteral("exit code %1").arg(process.exitCode())
                                  : QStringLiteral("crashed"),
                              detail.isEmpty() ? QStringLiteral("no message") : detail, modesDir()));
  }
  const QString output = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
  qCDebug(lcMt, "apertium %s: %lld ms", qUtf8Printable(m_mode), static_cast<long long>(timer.elapsed()));
  return output;
}

} // namespace dragoman
