#include "ui/widgets/levelmeter.h"

#include <QAccessible>
#include <QPainter>

#include <algorithm>

namespace dragoman::ui {

LevelMeter::LevelMeter(QWidget *parent) : QWidget(parent) {
  setObjectName(QStringLiteral("levelMeter"));
  setAccessibleName(tr("Input level"));
  setMinimumWidth(80);
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  setToolTip(tr("Input level (dBFS)"));
}

void LevelMeter::setLevelDb(float db) {
  if (std::abs(db - m_db) < 0.25f)
    return;
  m_db = db;
  setAccessibleDescription(db <= -119.0f ? tr("silent") : tr("%1 dBFS").arg(double(db), 0, 'f', 0));
  update();
}

void LevelMeter::paintEvent(QPaintEvent *) {
  QPainter p(this);
  const QRect r = rect().adjusted(0, 2, -1, -3);
  p.setPen(palette().color(QPalette::Mid));
  p.setBrush(palette().color(QPalette::Base));
  p.drawRect(r);
  const double fraction = std::clamp((double(m_db) + 60.0) / 60.0, 0.0, 1.0);
  const QColor colour = m_db > -3.0f ? QColor(0xdc, 0x35, 0x45) : m_db > -12.0f ? QColor(0xff, 0xc1, 0x07) : QColor(0x19, 0x87, 0x54);
  p.fillRect(QRect(r.left() + 1, r.top() + 1, int((r.width() - 1) * fraction), r.height() - 1), colour);
}

} // namespace dragoman::ui
