#pragma once
// The input level: a bar from -60 to 0 dBFS, green, amber near the top, red at clipping, with the
// level as its accessible value. Fed by a timer from the session (it pulls; nothing is pushed).

#include <QWidget>

namespace dragoman::ui {

class LevelMeter : public QWidget {
  Q_OBJECT
public:
  explicit LevelMeter(QWidget *parent = nullptr);
  void setLevelDb(float db);
  float levelDb() const { return m_db; }
  QSize sizeHint() const override { return {140, 16}; }

protected:
  void paintEvent(QPaintEvent *event) override;

private:
  float m_db = -120.0f;
};

} // namespace dragoman::ui
