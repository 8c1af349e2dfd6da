#pragma once
// The history page: past sessions (newest first), full-text search over what was said and its
// translation, a session's text, export in every format, deletion, and its timings sent to the
// profiler dashboard. The database work runs on the HistoryWorker's thread.

#include "core/common/types.h"
#include "ui/history/historyworker.h"

#include <QThread>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace dragoman {
class ThreadHost;
}

namespace dragoman::ui {

class HistoryModel;
class TranscriptModel;

class HistoryView : public QWidget {
  Q_OBJECT
public:
  // Its queries run on a thread from `threads`, which must outlive the view.
  explicit HistoryView(ThreadHost &threads, QWidget *parent = nullptr);
  ~HistoryView() override;

  void setDatabase(const QString &path);
  HistoryModel *sessionModel() const { return m_sessions; }
  TranscriptModel *segmentModel() const { return m_segments; }
  QString currentSession() const { return m_current; }
  QString statusText() const;
  // A stored segment as the pipeline produced it; times from `origin` (stored ones are relative).
  static SegmentResult toResult(const storage::StoredSegment &segment, TimePoint origin);

public Q_SLOTS:
  void refresh();
  void search(const QString &text);
  void openSession(const QString &uuid);
  void selectRow(int row); // selects a listed session, which opens it
  void deleteSession(const QString &uuid); // no question asked; the Delete button asks first
  void exportSession(const QString &uuid, const QString &format, const QString &side, const QString &path);
  void loadRuns(const QString &command, int limit = 10); // answered by runsLoaded()

Q_SIGNALS:
  // The open session's segments with their stage times, for the profiler's timeline.
  void timingsRequested(const QList<dragoman::SegmentResult> &segments, const QString &title);
  void runsLoaded(const QString &command, const QList<dragoman::telemetry::RunRecord> &runs);
  // Any answer from the worker arrived (tests wait on it).
  void answered();

private:
  void setStatus(const QString &text, bool error = false);
  void showSegments(const SegmentList &segments);
  void askToDelete();
  void chooseExport();

  std::unique_ptr<QThread> m_thread;
  HistoryWorker *m_worker;
  HistoryModel *m_sessions;
  TranscriptModel *m_segments;
  QLineEdit *m_search = nullptr;
  QTableView *m_sessionView = nullptr;
  QTableView *m_segmentView = nullptr;
  QComboBox *m_format = nullptr;
  QComboBox *m_side = nullptr;
  QPushButton *m_export = nullptr;
  QPushButton *m_delete = nullptr;
  QPushButton *m_timings = nullptr;
  QLabel *m_status = nullptr;
  QString m_current;
  QString m_currentTitle;
  SegmentList m_currentSegments;
};

} // namespace dragoman::ui
