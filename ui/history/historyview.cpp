#include "ui/history/historyview.h"
#include "core/common/threadaffinity.h"
#include "core/common/threadhost.h"
#include "core/common/threadnames.h"

#include "ui/history/historymodel.h"
#include "ui/transcript/transcriptmodel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace dragoman::ui {
namespace {

constexpr int kListLimit = 200;

} // namespace

HistoryView::HistoryView(ThreadHost &threads, QWidget *parent)
    : QWidget(parent), m_thread(threads.loop(threadnames::kHistory)), m_worker(new HistoryWorker), m_sessions(new HistoryModel(this)), m_segments(new TranscriptModel(this)) {
  setObjectName(QStringLiteral("historyView"));
  registerHistoryMetaTypes();
  m_worker->moveToThread(m_thread.get());
  connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
  m_thread->start();

  auto *layout = new QVBoxLayout(this);
  auto *bar = new QHBoxLayout;
  m_search = new QLineEdit(this);
  m_search->setObjectName(QStringLiteral("historySearch"));
  m_search->setPlaceholderText(tr("Search what was said or its translation…"));
  m_search->setAccessibleName(tr("Search the history"));
  m_search->setClearButtonEnabled(true);
  connect(m_search, &QLineEdit::returnPressed, this, [this] { search(m_search->text()); });
  auto *refreshButton = new QPushButton(tr("&Refresh"), this);
  refreshButton->setObjectName(QStringLiteral("historyRefresh"));
  connect(refreshButton, &QPushButton::clicked, this, [this] {
    m_search->clear();
    refresh();
  });
  bar->addWidget(m_search, 1);
  bar->addWidget(refreshButton);
  layout->addLayout(bar);

  auto *split = new QSplitter(Qt::Vertical, this);
  m_sessionView = new QTableView(split);
  m_sessionView->setObjectName(QStringLiteral("historySessions"));
  m_sessionView->setAccessibleName(tr("Past sessions"));
  m_sessionView->setModel(m_sessions);
  m_sessionView->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_sessionView->setSelectionMode(QAbstractItemView::SingleSelection);
  m_sessionView->verticalHeader()->hide();
  m_sessionView->horizontalHeader()->setStretchLastSection(true);
  connect(m_sessionView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
    if (current.isValid())
      openSession(current.data(HistoryModel::UuidRole).toString());
  });
  m_segmentView = new QTableView(split);
  m_segmentView->setObjectName(QStringLiteral("historySegments"));
  m_segmentView->setAccessibleName(tr("The session's text"));
  m_segmentView->setModel(m_segments);
  m_segmentView->setWordWrap(true);
  m_segmentView->verticalHeader()->hide();
  m_segmentView->horizontalHeader()->setSectionResizeMode(TranscriptModel::SourceColumn, QHeaderView::Stretch);
  m_segmentView->horizontalHeader()->setSectionResizeMode(TranscriptModel::TranslationColumn, QHeaderView::Stretch);
  split->addWidget(m_sessionView);
  split->addWidget(m_segmentView);
  layout->addWidget(split, 1);

  auto *actions = new QHBoxLayout;
  m_format = new QComboBox(this);
  m_format->setObjectName(QStringLiteral("exportFormat"));
  m_format->setAccessibleName(tr("Export format"));
  for (const char *f : {"srt", "vtt", "txt", "csv", "json"})
    m_format->addItem(QString::fromLatin1(f).toUpper(), QString::fromLatin1(f));
  m_side = new QComboBox(this);
  m_side->setObjectName(QStringLiteral("exportSide"));
  m_side->setAccessibleName(tr("Text to export"));
  m_side->addItem(tr("Translation"), QStringLiteral("translation"));
  m_side->addItem(tr("What was said"), QStringLiteral("source"));
  m_side->addItem(tr("Both"), QStringLiteral("both"));
  m_export = new QPushButton(tr("&Export…"), this);
  m_export->setObjectName(QStringLiteral("historyExport"));
  connect(m_export, &QPushButton::clicked, this, &HistoryView::chooseExport);
  m_timings = new QPushButton(tr("Show &timings in the profiler"), this);
  m_timings->setObjectName(QStringLiteral("historyTimings"));
  connect(m_timings, &QPushButton::clicked, this, [this] {
    QList<SegmentResult> results;
    const TimePoint origin = SteadyClock::now();
    for (const storage::StoredSegment &s : m_currentSegments)
      if (!(s.flags & storage::SegmentPartial))
        results.append(toResult(s, origin));
    Q_EMIT timingsRequested(results, m_currentTitle);
  });
  m_delete = new QPushButton(tr("&Delete…"), this);
  m_delete->setObjectName(QStringLiteral("historyDelete"));
  connect(m_delete, &QPushButton::clicked, this, &HistoryView::askToDelete);
  actions->addWidget(new QLabel(tr("Export as"), this));
  actions->addWidget(m_format);
  actions->addWidget(m_side);
  actions->addWidget(m_export);
  actions->addWidget(m_timings);
  actions->addStretch(1);
  actions->addWidget(m_delete);
  layout->addLayout(actions);
  m_status = new QLabel(this);
  m_status->setObjectName(QStringLiteral("historyStatus"));
  m_status->setAccessibleName(tr("History status"));
  m_status->setWordWrap(true);
  layout->addWidget(m_status);
  for (QPushButton *b : {m_export, m_timings, m_delete})
    b->setEnabled(false);

  connect(m_worker, &HistoryWorker::listed, this, [this](const SessionList &sessions, const QString &error) {
    m_sessions->setSessions(sessions);
    setStatus(error.isEmpty() ? tr("%n session(s)", nullptr, int(sessions.size())) : error, !error.isEmpty());
    if (const int row = m_sessions->rowOf(m_current); row >= 0)
      m_sessionView->selectRow(row);
    Q_EMIT answered();
  });
  connect(m_worker, &HistoryWorker::searched, this,
          [this](const QString &text, const SessionList &sessions, const SegmentList &hits, const QString &error) {
            m_sessions->setSessions(sessions);
            showSegments(hits);
            m_current.clear();
            for (QPushButton *b : {m_export, m_timings, m_delete})
              b->setEnabled(false);
            setStatus(error.isEmpty() ? tr("“%1”: %n segment(s)", nullptr, int(hits.size())).arg(text) : error, !error.isEmpty());
            Q_EMIT answered();
          });
  connect(m_worker, &HistoryWorker::opened, this,
          [this](const storage::SessionSummary &s, const SegmentList &segments, const QString &error) {
            if (!error.isEmpty()) {
              setStatus(error, true);
              Q_EMIT answered();
              return;
            }
            m_current = s.info.uuid;
            m_currentTitle = tr("session %1 (%2)").arg(s.id).arg(s.info.kind);
            m_currentSegments = segments;
            showSegments(segments);
            for (QPushButton *b : {m_export, m_timings, m_delete})
              b->setEnabled(true);
            setStatus(tr("Session %1: %n segment(s)", nullptr, int(segments.size())).arg(s.id));
            Q_EMIT answered();
          });
  connect(m_worker, &HistoryWorker::removed, this, [this](const QString &uuid, const QString &error) {
    if (error.isEmpty() && uuid == m_current) {
      m_current.clear();
      m_currentSegments.clear();
      m_segments->clear();
      for (QPushButton *b : {m_export, m_timings, m_delete})
        b->setEnabled(false);
    }
    setStatus(error.isEmpty() ? tr("Deleted.") : error, !error.isEmpty());
    if (error.isEmpty())
      refresh();
    else
      Q_EMIT answered();
  });
  connect(m_worker, &HistoryWorker::runsListed, this,
          [this](const QString &command, const QList<telemetry::RunRecord> &runs, const QString &) {
            Q_EMIT runsLoaded(command, runs);
            Q_EMIT answered();
          });
  connect(m_worker, &HistoryWorker::exported, this, [this](const QString &path, const QString &error) {
    setStatus(error.isEmpty() ? tr("Written to %1").arg(path) : error, !error.isEmpty());
    Q_EMIT answered();
  });
}

HistoryView::~HistoryView() {
  m_thread->quit();
  m_thread->wait();
}

void HistoryView::setDatabase(const QString &path) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  QMetaObject::invokeMethod(m_worker, [w = m_worker, path] { w->setDatabase(path); }, Qt::QueuedConnection);
  refresh();
}

void HistoryView::loadRuns(const QString &command, int limit) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  QMetaObject::invokeMethod(m_worker, [w = m_worker, command, limit] { w->runs(command, limit); }, Qt::QueuedConnection);
}

void HistoryView::refresh() {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->list(kListLimit); }, Qt::QueuedConnection);
}

void HistoryView::search(const QString &text) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (text.trimmed().isEmpty()) {
    refresh();
    return;
  }
  QMetaObject::invokeMethod(m_worker, [w = m_worker, text] { w->search(text); }, Qt::QueuedConnection);
}

void HistoryView::openSession(const QString &uuid) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  QMetaObject::invokeMethod(m_worker, [w = m_worker, uuid] { w->open(uuid); }, Qt::QueuedConnection);
}

void HistoryView::selectRow(int row) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  if (row >= 0 && row < m_sessions->rowCount())
    m_sessionView->selectRow(row);
}

void HistoryView::deleteSession(const QString &uuid) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  QMetaObject::invokeMethod(m_worker, [w = m_worker, uuid] { w->remove(uuid); }, Qt::QueuedConnection);
}

void HistoryView::exportSession(const QString &uuid, const QString &format, const QString &side, const QString &path) {
  DRAGOMAN_ASSERT_OWNER_THREAD(this);
  QMetaObject::invokeMethod(m_worker, [=, w = m_worker] { w->exportTo(uuid, format, side, path); }, Qt::QueuedConnection);
}

QString HistoryView::statusText() const { return m_status->text(); }

void HistoryView::setStatus(const QString &text, bool error) {
  m_status->setText(text);
  m_status->setStyleSheet(error ? QStringLiteral("color:#b02a37;") : QString());
}

SegmentResult HistoryView::toResult(const storage::StoredSegment &s, TimePoint origin) {
  SegmentResult r;
  r.segmentId = quint64(s.segment);
  r.startSeconds = s.startSeconds;
  r.endSeconds = s.endSeconds;
  r.sourceText = s.sourceText;
  r.sourceLanguage = s.sourceLanguage;
  r.translation = s.translation;
  r.targetLanguage = s.targetLanguage;
  r.error = s.error;
  r.confidence = s.confidence;
  r.echoGated = s.flags & storage::SegmentEchoGated;
  r.loopCut = s.flags & storage::SegmentLoopSuppressed;
  const auto at = [origin](const std::optional<double> &ms) {
    return ms ? origin + std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double, std::milli>(*ms))
              : TimePoint{};
  };
  const storage::StoredTimes &t = s.times;
  r.times = StageTimes{at(t.captureStart), at(t.captureEnd), at(t.asrStart), at(t.asrDone), at(t.mtStart),
                       at(t.mtDone),       at(t.ttsStart),    at(t.ttsDone),  at(t.playbackStart)};
  return r;
}

void HistoryView::showSegments(const SegmentList &segments) {
  m_segments->clear();
  const TimePoint origin = SteadyClock::now();
  for (const storage::StoredSegment &s : segments) {
    if (s.flags & storage::SegmentPartial) {
      Transcript partial;
      partial.segmentId = quint64(s.segment);
      partial.startSeconds = s.startSeconds;
      partial.text = s.sourceText;
      partial.committed = false;
      m_segments->setPartial(partial); // what was heard last, never committed (shown in italics)
      continue;
    }
    m_segments->finishSegment(toResult(s, origin));
  }
  m_segmentView->resizeRowsToContents();
}

void HistoryView::askToDelete() {
  if (m_current.isEmpty())
    return;
  auto *box = new QMessageBox(QMessageBox::Question, tr("Delete the session?"),
                              tr("The session, its text and its telemetry will be removed from the history for good."),
                              QMessageBox::Yes | QMessageBox::Cancel, this);
  box->setObjectName(QStringLiteral("confirmDelete"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  const QString uuid = m_current;
  connect(box, &QMessageBox::buttonClicked, this, [this, box, uuid](QAbstractButton *button) {
    if (box->standardButton(button) == QMessageBox::Yes)
      deleteSession(uuid);
  });
  box->open();
}

void HistoryView::chooseExport() {
  if (m_current.isEmpty())
    return;
  const QString format = m_format->currentData().toString();
  auto *dialog = new QFileDialog(this, tr("Export the session"), QStringLiteral("dragoman-session.") + format);
  dialog->setObjectName(QStringLiteral("historyExportDialog"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  dialog->setOption(QFileDialog::DontUseNativeDialog);
  const QString uuid = m_current;
  const QString side = m_side->currentData().toString();
  connect(dialog, &QFileDialog::fileSelected, this,
          [this, uuid, format, side](const QString &path) { exportSession(uuid, format, side, path); });
  dialog->open();
}

} // namespace dragoman::ui
