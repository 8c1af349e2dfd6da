#include "ui/overlay/captionoverlay.h"

#include "ui/transcript/transcriptmodel.h"

#include <QAbstractItemModel>
#include <QContextMenuEvent>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QSizeGrip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace dragoman::ui {

CaptionOverlay::CaptionOverlay(QAbstractItemModel *model, QWidget *parent)
    : QWidget(parent, Qt::Tool | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint), m_model(model) {
  setObjectName(QStringLiteral("captionOverlay"));
  setWindowTitle(tr("Dragoman captions"));
  setAccessibleName(tr("Caption overlay"));
  setAttribute(Qt::WA_TranslucentBackground);
  setWindowOpacity(0.85);
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(16, 10, 4, 4);
  m_text = new QLabel(this);
  m_text->setObjectName(QStringLiteral("overlayText"));
  m_text->setWordWrap(true);
  m_text->setAlignment(Qt::AlignLeft | Qt::AlignBottom);
  m_text->setStyleSheet(QStringLiteral("color: white;"));
  m_text->setAccessibleName(tr("Captions"));
  layout->addWidget(m_text, 1);
  auto *grip = new QSizeGrip(this);
  layout->addWidget(grip, 0, Qt::AlignRight | Qt::AlignBottom);
  setFontPointSize(20);
  resize(720, 140);
  for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
    connect(model, signal, this, &CaptionOverlay::refresh);
  connect(model, &QAbstractItemModel::dataChanged, this, &CaptionOverlay::refresh);
  connect(model, &QAbstractItemModel::modelReset, this, &CaptionOverlay::refresh);
  refresh();
}

void CaptionOverlay::setLines(int lines) {
  m_lines = std::clamp(lines, 1, 8);
  refresh();
}

void CaptionOverlay::setSide(Side side) {
  m_side = side;
  refresh();
}

void CaptionOverlay::setFontPointSize(int points) {
  QFont f = m_text->font();
  f.setPointSize(std::clamp(points, 8, 96));
  m_text->setFont(f);
}

int CaptionOverlay::fontPointSize() const { return m_text->font().pointSize(); }

void CaptionOverlay::contextMenuEvent(QContextMenuEvent *event) {
  QMenu menu(this);
  QMenu *lines = menu.addMenu(tr("Lines"));
  for (int n = 1; n <= 4; ++n) {
    QAction *a = lines->addAction(QString::number(n), this, [this, n] { setLines(n); });
    a->setCheckable(true);
    a->setChecked(n == m_lines);
  }
  QMenu *opacity = menu.addMenu(tr("Opacity"));
  for (int percent : {100, 85, 70, 50}) {
    QAction *a = opacity->addAction(QStringLiteral("%1%").arg(percent), this, [this, percent] { setWindowOpacity(percent / 100.0); });
    a->setCheckable(true);
    a->setChecked(std::abs(windowOpacity() * 100.0 - percent) < 2.0);
  }
  menu.addAction(tr("Larger text"), this, [this] { setFontPointSize(fontPointSize() + 2); });
  menu.addAction(tr("Smaller text"), this, [this] { setFontPointSize(fontPointSize() - 2); });
  QAction *side = menu.addAction(tr("Show what was heard"), this,
                                 [this](bool on) { setSide(on ? Side::Source : Side::Translation); });
  side->setCheckable(true);
  side->setChecked(m_side == Side::Source);
  menu.addSeparator();
  menu.addAction(tr("Close"), this, &QWidget::hide);
  menu.exec(event->globalPos());
}

QString CaptionOverlay::captionText() const {
  QStringList lines;
  const int column = m_side == Side::Translation ? TranscriptModel::TranslationColumn : TranscriptModel::SourceColumn;
  for (int row = m_model->rowCount() - 1; row >= 0 && lines.size() < m_lines; --row) {
    const QModelIndex source = m_model->index(row, TranscriptModel::SourceColumn);
    const bool provisional = source.data(TranscriptModel::ProvisionalRole).toBool();
    // The words still being heard are only shown when the overlay shows what was heard.
    const QString text = provisional && m_side == Side::Translation ? QString() : m_model->index(row, column).data().toString();
    if (!text.trimmed().isEmpty())
      lines.prepend(text.trimmed());
  }
  return lines.join(QLatin1Char('\n'));
}

void CaptionOverlay::refresh() { m_text->setText(captionText()); }

void CaptionOverlay::mousePressEvent(QMouseEvent *event) {
  if (event->button() == Qt::LeftButton)
    m_dragOffset = event->globalPosition().toPoint() - frameGeometry().topLeft();
  QWidget::mousePressEvent(event);
}

void CaptionOverlay::mouseMoveEvent(QMouseEvent *event) {
  if (event->buttons() & Qt::LeftButton)
    move(event->globalPosition().toPoint() - m_dragOffset);
  QWidget::mouseMoveEvent(event);
}

void CaptionOverlay::paintEvent(QPaintEvent *) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(0, 0, 0, 200));
  p.drawRoundedRect(rect(), 10, 10);
}

} // namespace dragoman::ui
