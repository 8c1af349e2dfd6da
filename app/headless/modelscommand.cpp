// dragoman models list | download ID... | verify [ID...] | remove ID | path ID
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/headless/headless.h"
#include "app/headless/signalwatcher.h"
#include "core/config/config.h"
#include "core/models/catalogue.h"
#include "core/models/modeldownloader.h"
#include "core/models/modelstore.h"
#include "core/models/transfermeter.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <sys/ioctl.h>
#include <unistd.h>

namespace dragoman::headless {
namespace {

using namespace dragoman::models;

struct Setup {
  std::unique_ptr<AppContext> context;
  Catalogue catalogue;
  QString endpoint;
  QString root;
};

Result<Setup> setUp(const cli::Invocation &inv) {
  Result<std::unique_ptr<AppContext>> context = AppContext::create(inv.global);
  if (!context)
    return context.error();
  const QString file = inv.value(QStringLiteral("catalogue"));
  Result<Catalogue> catalogue = file.isEmpty() ? Catalogue::builtIn() : Catalogue::load(file);
  if (!catalogue)
    return catalogue.error();
  const config::ModelsConfig &models = (*context)->config().models;
  return Setup{std::move(context).value(), std::move(catalogue).value(), models.endpoint, config::modelsDir(models)};
}

void out(const QString &text) {
  std::fputs(qUtf8Printable(text), stdout);
  std::fflush(stdout);
}

void err(const QString &text) {
  std::fputs(qUtf8Printable(text), stderr);
  std::fflush(stderr);
}

int terminalColumns() {
  winsize size{};
  return ::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 20 ? size.ws_col : 80;
}

Error unknownModel(const Setup &s, const QString &id) {
  return s.catalogue.require(id).error();
}

// ---- list ----

int listModels(const cli::Invocation &inv, const Setup &s) {
  const ModelStore store(s.root);
  QStringList ids = s.catalogue.ids();
  for (const QString &id : store.installedIds()) // installed from another catalogue
    if (!ids.contains(id))
      ids << id;
  QJsonArray json;
  QString text;
  QTextStream t(&text);
  qsizetype idWidth = 23;
  for (const QString &id : std::as_const(ids))
    idWidth = std::max(idWidth, id.size());
  t << QStringLiteral("ID").leftJustified(idWidth + 1) << QStringLiteral("KIND").leftJustified(6)
    << QStringLiteral("STATE").leftJustified(15) << QStringLiteral("SIZE").leftJustified(11) << "PATH\n";
  const QString onlyKind = inv.value(QStringLiteral("kind")), onlyLanguage = inv.value(QStringLiteral("language"));
  for (const QString &id : ids) {
    const CatalogueEntry *e = s.catalogue.find(id);
    const ModelStatus st = store.inspect(id);
    const QString kind = e ? e->kind : st.manifest ? st.manifest->kind : QString();
    if (!onlyKind.isEmpty() && kind != onlyKind)
      continue;
    if (!onlyLanguage.isEmpty() && (!e || !(e->languages.contains(onlyLanguage) || e->languages.contains(QStringLiteral("*")) ||
                                           e->sourceLanguages.contains(onlyLanguage) || e->targetLanguages.contains(onlyLanguage))))
      continue;
    const bool onDisk = st.state != ModelState::NotInstalled;
    const QString size = onDisk
                             ? formatBytes(st.bytesOnDisk)
                             : (e && e->approxBytes > 0 ? QLatin1Char('~') + formatBytes(e->approxBytes) : QString());
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("kind"), kind},
                  {QStringLiteral("state"), stateName(st.state)},
                  {QStringLiteral("size_bytes"), double(st.bytesOnDisk)},
                  {QStringLiteral("path"), st.path},
                  {QStringLiteral("in_catalogue"), e != nullptr}};
    if (e) {
      o.insert(QStringLiteral("repo"), e->repo);
      o.insert(QStringLiteral("revision"), e->revision);
      o.insert(QStringLiteral("approx_bytes"), double(e->approxBytes));
      o.insert(QStringLiteral("description"), e->description);
      o.insert(QStringLiteral("license"), e->license);
      if (!e->languages.isEmpty())
        o.insert(QStringLiteral("languages"), QJsonArray::fromStringList(e->languages));
      for (const char *key : {"locale", "quality", "sample_rate", "speakers"}) // voices
        if (e->raw.contains(QLatin1String(key)))
          o.insert(QLatin1String(key), e->raw.value(QLatin1String(key)));
    }
    if (!st.problem.isEmpty())
      o.insert(QStringLiteral("problem"), st.problem);
    json.append(o);
    t << id.leftJustified(idWidth) << ' ' << kind.leftJustified(6) << stateName(st.state).leftJustified(15)
      << size.leftJustified(11) << st.path << '\n';
    if (e && !e->description.isEmpty())
      t << "    " << e->description << '\n';
    if (e && !e->license.isEmpty())
      t << "    licence: "
        << (e->license == QLatin1String("see-model-card") ? QStringLiteral("as its MODEL_CARD states (downloaded with it)") : e->license)
        << '\n';
    if (!st.problem.isEmpty())
      t << "    problem: " << st.problem << '\n';
  }
  if (inv.flag(QStringLiteral("json"))) {
    out(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
    return cli::ExitOk;
  }
  t << "\nmodels folder: " << s.root << " (models.dir)\nendpoint: " << s.endpoint << " (models.endpoint)\n";
  out(text);
  return cli::ExitOk;
}

// ---- download ----

// The progress a person sees: a bar redrawn at most 10 times a second on a terminal, otherwise
// one line per finished file.
class ProgressPrinter {
public:
  ProgressPrinter(QString id, bool bar) : m_id(std::move(id)), m_bar(bar) {}

  void listed(int files, qint64 total) {
    m_meter.start(0, total, 0);
    m_clock.start();
    err(QStringLiteral("%1: %2 files, %3\n").arg(m_id).arg(files).arg(formatBytes(total)));
  }
  void progress(const DownloadProgress &p) {
    if (!m_bar)
      return;
    m_meter.update(p.bytes, m_clock.elapsed());
    if (m_lastDraw.isValid() && m_lastDraw.elapsed() < 100 && p.bytes < p.totalBytes)
      return;
    m_lastDraw.start();
    const QString label = QStringLiteral("%1 (%2/%3)").arg(p.file).arg(p.fileNumber).arg(p.fileCount);
    // The bar takes what the terminal has left, so that the line never wraps (\r redraws one line).
    const int columns = terminalColumns() - 1;
    const int barWidth = std::clamp(int(columns - m_meter.line(label, 0).size()), 5, 40);
    err(QLatin1Char('\r') + m_meter.line(label, barWidth).left(columns) + QStringLiteral("\x1b[K"));
    m_drawn = true;
  }
  void fileCompleted(const QString &name, qint64 size, FileOutcome outcome) {
    if (m_bar)
      return;
    const char *how = outcome == FileOutcome::AlreadyPresent ? "already present"
                      : outcome == FileOutcome::Resumed      ? "resumed"
                                                             : "downloaded";
    err(QStringLiteral("%1: %2 %3 (%4)\n").arg(m_id, QLatin1String(how), name, formatBytes(size)));
  }
  void clear() {
    if (m_drawn)
      err(QStringLiteral("\r\x1b[K"));
    m_drawn = false;
  }

private:
  QString m_id;
  bool m_bar;
  bool m_drawn = false;
  TransferMeter m_meter;
  QElapsedTimer m_clock;
  QElapsedTimer m_lastDraw;
};

Status downloadOne(const CatalogueEntry &entry, const Setup &s, bool bar) {
  DownloadOptions options;
  options.endpoint = s.endpoint;
  options.modelsDir = s.root;
  ModelDownloader downloader(entry, options);
  ProgressPrinter printer(entry.id, bar);
  QEventLoop loop;
  SignalWatcher signals;
  QObject::connect(&downloader, &ModelDownloader::listed, &loop,
                   [&](int files, qint64 total) { printer.listed(files, total); });
  QObject::connect(&downloader, &ModelDownloader::progress, &loop,
                   [&](const DownloadProgress &p) { printer.progress(p); });
  QObject::connect(&downloader, &ModelDownloader::fileCompleted, &loop,
                   [&](const QString &name, qint64 size, FileOutcome o) { printer.fileCompleted(name, size, o); });
  // Ctrl-C stops at once; the .part files stay for the next run to resume.
  QObject::connect(&signals, &SignalWatcher::signalled, &loop, [&](int) { downloader.cancel(); });
  QObject::connect(&downloader, &ModelDownloader::finished, &loop, &QEventLoop::quit);
  downloader.start();
  loop.exec();
  printer.clear();
  if (!downloader.result())
    return downloader.result();
  out(QStringLiteral("installed %1 in %2 (%3 files, %4)\n")
          .arg(entry.id, downloader.modelDir())
          .arg(downloader.manifest().files.size())
          .arg(formatBytes(downloader.manifest().totalBytes())));
  return {};
}

int downloadModels(const cli::Invocation &inv, const Setup &s) {
  const QStringList ids = inv.positional.mid(1);
  if (ids.isEmpty())
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("models download needs a model id; known models: %1")
                                                       .arg(s.catalogue.ids().join(QStringLiteral(", ")))));
  QList<CatalogueEntry> entries;
  for (const QString &id : ids) { // every id checked before anything is fetched
    Result<CatalogueEntry> e = s.catalogue.require(id);
    if (!e)
      return reportError(e.error());
    entries << *e;
  }
  const bool bar = ::isatty(STDERR_FILENO) && !inv.flag(QStringLiteral("quiet"));
  const ModelStore store(s.root);
  for (const CatalogueEntry &e : entries) {
    const ModelStatus st = store.inspect(e.id);
    if (st.state == ModelState::Installed && !inv.flag(QStringLiteral("force"))) {
      out(QStringLiteral("%1 is already installed in %2 (dragoman models verify %1 checks it)\n").arg(e.id, st.path));
      continue;
    }
    if (Status done = downloadOne(e, s, bar); !done)
      return reportError(done.error());
  }
  return cli::ExitOk;
}

// ---- verify ----

QString outcomeName(FileCheck::Outcome o) {
  switch (o) {
  case FileCheck::Outcome::Ok: return QStringLiteral("ok");
  case FileCheck::Outcome::Missing: return QStringLiteral("missing");
  case FileCheck::Outcome::WrongSize: return QStringLiteral("wrong-size");
  case FileCheck::Outcome::WrongHash: return QStringLiteral("wrong-hash");
  }
  return {};
}

QJsonObject reportJson(const VerifyReport &r) {
  QJsonArray files;
  for (const FileCheck &f : r.files)
    files.append(QJsonObject{{QStringLiteral("name"), f.name},
                             {QStringLiteral("status"), outcomeName(f.outcome)},
                             {QStringLiteral("size"), double(f.actualSize)},
                             {QStringLiteral("expected_size"), double(f.expectedSize)},
                             {QStringLiteral("algorithm"), algorithmName(f.algorithm)},
                             {QStringLiteral("hash"), f.actualHash},
                             {QStringLiteral("expected_hash"), f.expectedHash}});
  return QJsonObject{{QStringLiteral("id"), r.id},
                     {QStringLiteral("path"), r.path},
                     {QStringLiteral("ok"), r.ok()},
                     {QStringLiteral("files"), files}};
}

int verifyModels(const cli::Invocation &inv, const Setup &s) {
  const ModelStore store(s.root);
  QStringList ids = inv.positional.mid(1);
  if (ids.isEmpty())
    ids = store.installedIds();
  const bool json = inv.flag(QStringLiteral("json"));
  QJsonArray reports;
  std::optional<Error> firstProblem;
  for (const QString &id : ids) {
    if (!s.catalogue.find(id) && !QFileInfo::exists(QDir(s.root).filePath(id)) && isValidModelId(id))
      return reportError(unknownModel(s, id));
    Result<VerifyReport> report = store.verify(id, [&](const FileCheck &c) {
      if (!json)
        out(QStringLiteral("%1  %2\n")
                .arg(c.outcome == FileCheck::Outcome::Ok ? QStringLiteral("ok ") : QStringLiteral("BAD"),
                     c.describe()));
    });
    if (!report)
      return reportError(report.error());
    reports.append(reportJson(*report));
    if (!report->ok() && !firstProblem)
      firstProblem = makeError(ErrorKind::Input,
                               QStringLiteral("%1 is damaged in %2: %3; run 'dragoman models download %1 --force' to "
                                              "fetch the damaged files again")
                                   .arg(id, report->path, report->badFiles().join(QStringLiteral(", "))));
    else if (report->ok() && !json)
      out(QStringLiteral("%1: all %2 files match\n").arg(id).arg(report->files.size()));
  }
  if (json)
    out(QString::fromUtf8(QJsonDocument(reports).toJson(QJsonDocument::Indented)));
  else if (ids.isEmpty())
    out(QStringLiteral("no models installed in %1\n").arg(s.root));
  return firstProblem ? reportError(*firstProblem) : cli::ExitOk;
}

// ---- remove, path ----

int removeModel(const cli::Invocation &inv, const Setup &s) {
  if (inv.positional.size() != 2)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("models remove takes one model id")));
  const QString id = inv.positional.at(1);
  const ModelStore store(s.root);
  const Result<QString> folder = store.folderFor(id);
  if (!folder)
    return reportError(folder.error());
  if (!QFileInfo(*folder).exists() && !QFileInfo(*folder).isSymLink())
    return reportError(s.catalogue.find(id) ? makeError(ErrorKind::Input, QStringLiteral("%1 is not installed: %2 "
                                                                                         "does not exist")
                                                                              .arg(id, *folder))
                                            : unknownModel(s, id));
  if (!inv.flag(QStringLiteral("yes"))) {
    if (!::isatty(STDIN_FILENO))
      return reportError(makeError(ErrorKind::Usage, QStringLiteral("not removing %1 without --yes: there is no "
                                                                    "terminal to ask on")
                                                         .arg(*folder)));
    err(QStringLiteral("remove %1 (%2)? [y/N] ").arg(*folder, formatBytes(store.inspect(id).bytesOnDisk)));
    char answer[16] = {};
    if (!std::fgets(answer, sizeof answer, stdin) || (answer[0] != 'y' && answer[0] != 'Y')) {
      out(QStringLiteral("kept %1\n").arg(*folder));
      return cli::ExitOk;
    }
  }
  const qint64 bytes = store.inspect(id).bytesOnDisk;
  if (Status removed = store.remove(id); !removed)
    return reportError(removed.error());
  out(QStringLiteral("removed %1 (%2)\n").arg(*folder, formatBytes(bytes)));
  return cli::ExitOk;
}

int printPath(const cli::Invocation &inv, const Setup &s) {
  if (inv.positional.size() != 2)
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("models path takes one model id")));
  const QString id = inv.positional.at(1);
  const ModelStatus st = ModelStore(s.root).inspect(id);
  if (st.path.isEmpty() || (st.state == ModelState::NotInstalled && !s.catalogue.find(id)))
    return reportError(st.path.isEmpty() ? ModelStore(s.root).folderFor(id).error() : unknownModel(s, id));
  if (st.state != ModelState::Installed)
    return reportError(makeError(
        ErrorKind::Input,
        QStringLiteral("%1 is %2 in %3; run 'dragoman models download %1'").arg(id, stateName(st.state), st.path)));
  out(st.path + QLatin1Char('\n'));
  return cli::ExitOk;
}

} // namespace

int runModels(const cli::Invocation &inv) {
  const QString action = inv.positional.value(0, QStringLiteral("list"));
  static const QStringList actions{QStringLiteral("list"), QStringLiteral("download"), QStringLiteral("verify"),
                                   QStringLiteral("remove"), QStringLiteral("path")};
  if (!actions.contains(action))
    return reportError(makeError(
        ErrorKind::Usage,
        QStringLiteral("unknown models action '%1'; use %2").arg(action, actions.join(QStringLiteral(", ")))));
  Result<Setup> s = setUp(inv);
  if (!s)
    return reportError(s.error());
  if (action == QLatin1String("download"))
    return downloadModels(inv, *s);
  if (action == QLatin1String("verify"))
    return verifyModels(inv, *s);
  if (action == QLatin1String("remove"))
    return removeModel(inv, *s);
  if (action == QLatin1String("path"))
    return printPath(inv, *s);
  return listModels(inv, *s);
}

} // namespace dragoman::headless
