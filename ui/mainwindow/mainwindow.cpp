#include "ui/mainwindow/mainwindow.h"

#include "ui/mainwindow/enginetablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace dragoman::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {
  setWindowTitle(tr("Dragoman"));
  setObjectName(QStringLiteral("mainWindow"));
  resize(960, 600);

  auto *central = new QWidget(this);
  auto *layout = new QVBoxLayout(central);

  m_banner = new QLabel(central);
  m_banner->setObjectName(QStringLiteral("tierBanner"));
  m_banner->setWordWrap(true);
  m_banner->setAccessibleName(tr("Engine tier"));
  layout->addWidget(m_banner);

  auto *splitter = new QSplitter(Qt::Vertical, central);
  m_engineModel = new EngineTableModel(this);
  m_engineView = new QTableView(splitter);
  m_engineView->setObjectName(QStringLiteral("engineView"));
  m_engineView->setAccessibleName(tr("Engines"));
  m_engineView->setModel(m_engineModel);
  m_engineView->horizontalHeader()->setStretchLastSection(true);
  m_engineView->verticalHeader()->hide();
  m_engineView->setSelectionBehavior(QAbstractItemView::SelectRows);

  m_transcript = new QPlainTextEdit(splitter);
  m_transcript->setObjectName(QStringLiteral("transcript"));
  m_transcript->setAccessibleName(tr("Transcript"));
  m_transcript->setReadOnly(true);
  m_transcript->setPlaceholderText(
      tr("Translations appear here. From a terminal: dragoman translate FILE --to es --output out.wav"));
  splitter->addWidget(m_engineView);
  splitter->addWidget(m_transcript);
  layout->addWidget(splitter, 1);
  setCentralWidget(central);
  statusBar()->showMessage(tr("Ready"));
}

void MainWindow::setEngines(const QList<EngineInfo> &engines) {
  m_engineModel->setEngines(engines);
  m_engineView->resizeColumnsToContents();
  int available = 0;
  bool neural = false;
  for (const EngineInfo &e : engines) {
    available += e.available ? 1 : 0;
    neural = neural || (e.available && !e.offlineTier);
  }
  m_banner->setText(neural ? tr("Neural engines available.")
                           : tr("Running on the offline tier (pocketsphinx, apertium, espeak-ng): "
                                "download a model for better quality."));
  statusBar()->showMessage(tr("%n engine(s) available", nullptr, available));
}

void MainWindow::appendTranscript(const QString &source, const QString &translation) {
  m_transcript->appendPlainText(source + QLatin1Char('\n') + QStringLiteral("  → ") + translation);
}

QString MainWindow::bannerText() const { return m_banner->text(); }

} // namespace dragoman::ui
