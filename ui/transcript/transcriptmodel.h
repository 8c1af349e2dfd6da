#pragma once
// The live transcript as rows: one per committed segment (source, then its translation as it
// arrives), and while someone speaks one provisional row at the end with the text heard so far
// and the provisional translation of its stable words, replaced in place until it is committed.
// Reading mode hides the provisional row.

#include "core/common/types.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace dragoman::ui {

class TranscriptModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { TimeColumn, SourceColumn, TranslationColumn, ColumnCount };
  enum Role {
    ProvisionalRole = Qt::UserRole + 1, // bool: the text may still change
    SegmentIdRole,                      // quint64
    StartSecondsRole,                   // double, position in the input
    ErrorRole,                          // QString, why a stage failed on it
  };

  explicit TranscriptModel(QObject *parent = nullptr);

  // Text heard but not committed; an empty text removes the provisional row.
  void setPartial(const Transcript &transcript);
  // Committed source text: a new row, or the row of that segment updated.
  void commitTranscript(const Transcript &transcript);
  // A committed segment's translation; a provisional one goes to the provisional row of its id.
  void setTranslation(const Translation &translation);
  // The segment's final state (error, confidence, flags); adds the row if nothing announced it.
  void finishSegment(const SegmentResult &result);
  void clear();

  void setReadingMode(bool on);
  bool readingMode() const { return m_readingMode; }
  int committedRows() const { return int(m_rows.size()); }
  bool hasPartial() const { return m_partial.has_value(); }
  // Rows as text for the clipboard: "[00:01.2] source\n  → translation", one block per row.
  QString text(const QModelIndexList &selection = {}) const;

  int rowCount(const QModelIndex &parent = {}) const override;
  int columnCount(const QModelIndex &parent = {}) const override;
  QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // "01:02.3": minutes and seconds to a tenth.
  static QString clock(double seconds);

private:
  struct Row {
    quint64 id = 0;
    double start = 0.0;
    double end = 0.0;
    QString source;
    QString translation;
    QString error;
    std::optional<double> confidence;
    bool echoGated = false;
    bool loopCut = false;
  };
  bool partialShown() const { return m_partial.has_value() && !m_readingMode; }
  int findRow(quint64 id) const;    // -1: none
  int appendRow(quint64 id, double start, double end);
  void rowChanged(int row);
  const Row *rowAt(int row, bool *provisional) const;
  QString toolTip(const Row &row, bool provisional) const;

  std::vector<Row> m_rows;
  std::optional<Row> m_partial;
  bool m_readingMode = false;
};

} // namespace dragoman::ui
