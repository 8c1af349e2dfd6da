#pragma once
// A detachable caption window: the last few lines of the translation (or of what was heard) in
// large text over whatever else is on screen, frameless, always on top, with adjustable size,
// opacity and number of lines (right-click for them). Drag it anywhere; the corner grip resizes it.

#include <QWidget>

class QAbstractItemModel;
class QLabel;

namespace dragoman::ui {

class CaptionOverlay : public QWidget {
  Q_OBJECT
public:
  enum class Side { Translation, Source };

  // model: a TranscriptModel (its columns and ProvisionalRole are read).
  explicit CaptionOverlay(QAbstractItemModel *model, QWidget *parent = nullptr);

  void setLines(int lines); // 1..8
  int lines() const { return m_lines; }
  void setSide(Side side);
  Side side() const { return m_side; }
  void setFontPointSize(int points);
  int fontPointSize() const;
  // The text shown now: up to lines() lines, oldest first.
  QString captionText() const;

protected:
  void mousePressEvent(QMouseEvent *event) override;
  void mouseMoveEvent(QMouseEvent *event) override;
  void paintEvent(QPaintEvent *event) override;
  void contextMenuEvent(QContextMenuEvent *event) override;

private:
  void refresh();

  QAbstractItemModel *m_model;
  QLabel *m_text = nullptr;
  int m_lines = 2;
  Side m_side = Side::Translation;
  QPoint m_dragOffset;
};

} // namespace dragoman::ui
