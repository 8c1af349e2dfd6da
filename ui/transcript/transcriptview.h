#pragma once
// The live transcript: a table of what was heard and its translation (side by side, or stacked in
// one column), the provisional text in italics at the end, replaced in place. It follows new rows
// until the user scrolls up, then offers a way back to the latest. Copy, font size and reading
// mode (committed text only) sit on its own small toolbar.

#include <QWidget>

class QCheckBox;
class QPushButton;
class QSpinBox;
class QTableView;
class QToolButton;

namespace dragoman::ui {

class TranscriptModel;

class TranscriptView : public QWidget {
  Q_OBJECT
public:
  enum class Layout { SideBySide, Stacked };

  explicit TranscriptView(TranscriptModel *model, QWidget *parent = nullptr);

  void setLayoutMode(Layout layout);
  Layout layoutMode() const { return m_layout; }
  void setFontPointSize(int points);
  int fontPointSize() const;
  void setReadingMode(bool on);
  // Whether new rows scroll into view (false once the user scrolled away from the end).
  bool isFollowing() const { return m_following; }
  void followLatest(); // scrolls to the end and follows again
  // The selected rows (or all) as text, also put on the clipboard by copy().
  QString selectedText() const;
  void copy();
  QTableView *table() const { return m_table; }

Q_SIGNALS:
  void followingChanged(bool following);

private:
  void onRowsInserted();
  void onScrolled(int value);
  void applyLayout();

  TranscriptModel *m_model;
  QTableView *m_table = nullptr;
  QCheckBox *m_reading = nullptr;
  QToolButton *m_stacked = nullptr;
  QSpinBox *m_fontSize = nullptr;
  QPushButton *m_latest = nullptr;
  Layout m_layout = Layout::SideBySide;
  bool m_following = true;
  bool m_autoScrolling = false;
};

} // namespace dragoman::ui
