#pragma once
// The history page's database work, on a thread of its own (the GUI thread never touches the
// disk): list, search, open, delete and export sessions. Calls are queued slots; answers are
// signals carrying values.

#include "core/storage/historyreader.h"
#include "core/telemetry/history/runrecord.h"

#include <QList>
#include <QObject>

#include <memory>
#include <vector>

namespace dragoman::ui {

using SegmentList = std::vector<storage::StoredSegment>;
using SessionList = std::vector<storage::SessionSummary>;

class HistoryWorker : public QObject {
  Q_OBJECT
public:
  explicit HistoryWorker(QObject *parent = nullptr);
  ~HistoryWorker() override;

public Q_SLOTS:
  void setDatabase(const QString &path);
  void list(int limit);
  // The sessions with a segment matching `text` (full-text, words as prefixes), and the hits.
  void search(const QString &text);
  void open(const QString &uuid);
  void remove(const QString &uuid);
  // format: srt, vtt, json, txt, csv; side: source, translation, both.
  void exportTo(const QString &uuid, const QString &format, const QString &side, const QString &path);
  // The last runs of a command ("gui", "live", "translate") with their telemetry, newest first.
  void runs(const QString &command, int limit);

Q_SIGNALS:
  void listed(const dragoman::ui::SessionList &sessions, const QString &error);
  void searched(const QString &text, const dragoman::ui::SessionList &sessions, const dragoman::ui::SegmentList &hits,
                const QString &error);
  void opened(const dragoman::storage::SessionSummary &session, const dragoman::ui::SegmentList &segments, const QString &error);
  void removed(const QString &uuid, const QString &error);
  void exported(const QString &path, const QString &error);
  void runsListed(const QString &command, const QList<dragoman::telemetry::RunRecord> &runs, const QString &error);

private:
  Result<storage::HistoryReader *> reader();

  QString m_path;
  std::unique_ptr<storage::HistoryReader> m_reader;
};

void registerHistoryMetaTypes();

} // namespace dragoman::ui

Q_DECLARE_METATYPE(dragoman::storage::SessionSummary)
Q_DECLARE_METATYPE(dragoman::ui::SessionList)
Q_DECLARE_METATYPE(dragoman::ui::SegmentList)
Q_DECLARE_METATYPE(dragoman::telemetry::RunRecord)
