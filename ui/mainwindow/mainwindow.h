#pragma once
// The main window. This first version shows which engines work on this machine and whether
// Dragoman runs on the offline tier; the live transcript and dashboards join it later.

#include "core/inference/engineregistry.h"

#include <QMainWindow>

class QLabel;
class QPlainTextEdit;
class QTableView;

namespace dragoman::ui {

class EngineTableModel;

class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  explicit MainWindow(QWidget *parent = nullptr);

  void setEngines(const QList<EngineInfo> &engines);
  // One line per committed segment: source and translation.
  void appendTranscript(const QString &source, const QString &translation);

  EngineTableModel *engineModel() const { return m_engineModel; }
  QString bannerText() const;

private:
  EngineTableModel *m_engineModel = nullptr;
  QTableView *m_engineView = nullptr;
  QPlainTextEdit *m_transcript = nullptr;
  QLabel *m_banner = nullptr;
};

} // namespace dragoman::ui
