#include "ui/transcript/transcriptview.h"

#include "ui/transcript/transcriptmodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace dragoman::ui {
namespace {

// Stacked layout: the source over its translation in one cell.
class StackedDelegate : public QStyledItemDelegate {
public:
  using QStyledItemDelegate::QStyledItemDelegate;
  bool stacked = false;
  void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override {
    QStyledItemDelegate::initStyleOption(option, index);
    if (!stacked || index.column() != TranscriptModel::SourceColumn)
      return;
    const QString translation = index.siblingAtColumn(TranscriptModel::TranslationColumn).data().toString();
    if (!translation.isEmpty())
      option->text += QStringLiteral("\n→ ") + translation;
  }
};

} // namespace

TranscriptView::TranscriptView(TranscriptModel *model, QWidget *parent) : QWidget(parent), m_model(model) {
  setObjectName(QStringLiteral("transcriptView"));
  auto *layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  auto *bar = new QHBoxLayout;
  m_reading = new QCheckBox(tr("&Reading mode"), this);
  m_reading->setObjectName(QStringLiteral("readingMode"));
  m_reading->setToolTip(tr("Show only committed text, not the words still being heard"));
  m_reading->setAccessibleName(tr("Reading mode"));
  connect(m_reading, &QCheckBox::toggled, this, &TranscriptView::setReadingMode);
  bar->addWidget(m_reading);

  m_stacked = new QToolButton(this);
  m_stacked->setObjectName(QStringLiteral("stackedLayout"));
  m_stacked->setText(tr("Stacked"));
  m_stacked->setCheckable(true);
  m_stacked->setToolTip(tr("Show each translation under what was heard instead of beside it"));
  m_stacked->setAccessibleName(tr("Stacked layout"));
  connect(m_stacked, &QToolButton::toggled, this,
          [this](bool on) { setLayoutMode(on ? Layout::Stacked : Layout::SideBySide); });
  bar->addWidget(m_stacked);

  auto *sizeLabel = new QLabel(tr("Text size:"), this);
  m_fontSize = new QSpinBox(this);
  m_fontSize->setObjectName(QStringLiteral("fontSize"));
  m_fontSize->setRange(6, 48);
  m_fontSize->setSuffix(tr(" pt"));
  m_fontSize->setAccessibleName(tr("Transcript text size"));
  sizeLabel->setBuddy(m_fontSize);
  bar->addWidget(sizeLabel);
  bar->addWidget(m_fontSize);

  auto *copyButton = new QPushButton(tr("&Copy"), this);
  copyButton->setObjectName(QStringLiteral("copyTranscript"));
  copyButton->setToolTip(tr("Copy the selected rows, or the whole transcript, to the clipboard"));
  copyButton->setAccessibleName(tr("Copy transcript"));
  connect(copyButton, &QPushButton::clicked, this, &TranscriptView::copy);
  bar->addWidget(copyButton);
  bar->addStretch(1);

  m_latest = new QPushButton(tr("Jump to latest"), this);
  m_latest->setObjectName(QStringLiteral("jumpToLatest"));
  m_latest->setAccessibleName(tr("Jump to the latest text"));
  m_latest->setVisible(false);
  connect(m_latest, &QPushButton::clicked, this, &TranscriptView::followLatest);
  bar->addWidget(m_latest);
  layout->addLayout(bar);

  m_table = new QTableView(this);
  m_table->setObjectName(QStringLiteral("transcriptTable"));
  m_table->setAccessibleName(tr("Transcript"));
  m_table->setModel(model);
  m_table->setWordWrap(true);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  m_table->verticalHeader()->hide();
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_table->horizontalHeader()->setSectionResizeMode(TranscriptModel::TimeColumn, QHeaderView::ResizeToContents);
  m_table->setItemDelegate(new StackedDelegate(m_table));
  layout->addWidget(m_table, 1);

  auto *copyAction = new QAction(tr("Copy"), m_table);
  copyAction->setShortcut(QKeySequence::Copy);
  copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(copyAction, &QAction::triggered, this, &TranscriptView::copy);
  m_table->addAction(copyAction);

  m_fontSize->setValue(m_table->font().pointSize() > 0 ? m_table->font().pointSize() : 10);
  connect(m_fontSize, &QSpinBox::valueChanged, this, &TranscriptView::setFontPointSize);
  connect(model, &QAbstractItemModel::rowsInserted, this, &TranscriptView::onRowsInserted);
  connect(model, &QAbstractItemModel::dataChanged, this, &TranscriptView::onRowsInserted);
  connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, &TranscriptView::onScrolled);
  // Rows grow as their text wraps after they were inserted: stay at the end while following.
  connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, &TranscriptView::onRowsInserted);
  applyLayout();
}

void TranscriptView::setLayoutMode(Layout layout) {
  m_layout = layout;
  if (m_stacked->isChecked() != (layout == Layout::Stacked))
    m_stacked->setChecked(layout == Layout::Stacked);
  applyLayout();
}

void TranscriptView::applyLayout() {
  const bool stacked = m_layout == Layout::Stacked;
  static_cast<StackedDelegate *>(m_table->itemDelegate())->stacked = stacked;
  m_table->setColumnHidden(TranscriptModel::TranslationColumn, stacked);
  QHeaderView *h = m_table->horizontalHeader();
  h->setSectionResizeMode(TranscriptModel::SourceColumn, QHeaderView::Stretch);
  if (!stacked)
    h->setSectionResizeMode(TranscriptModel::TranslationColumn, QHeaderView::Stretch);
  m_table->resizeRowsToContents();
}

void TranscriptView::setFontPointSize(int points) {
  QFont f = m_table->font();
  f.setPointSize(points);
  m_table->setFont(f);
  if (m_fontSize->value() != points)
    m_fontSize->setValue(points);
  m_table->resizeRowsToContents();
}

int TranscriptView::fontPointSize() const { return m_table->font().pointSize(); }

void TranscriptView::setReadingMode(bool on) {
  m_model->setReadingMode(on);
  if (m_reading->isChecked() != on)
    m_reading->setChecked(on);
}

void TranscriptView::onRowsInserted() {
  if (!m_following)
    return;
  m_autoScrolling = true;
  m_table->scrollToBottom();
  m_autoScrolling = false;
}

void TranscriptView::onScrolled(int value) {
  if (m_autoScrolling)
    return;
  const bool atEnd = value >= m_table->verticalScrollBar()->maximum();
  if (atEnd == m_following)
    return;
  m_following = atEnd;
  m_latest->setVisible(!atEnd);
  Q_EMIT followingChanged(m_following);
}

void TranscriptView::followLatest() {
  const bool changed = !m_following;
  m_following = true;
  m_latest->setVisible(false);
  onRowsInserted();
  if (changed)
    Q_EMIT followingChanged(true);
}

QString TranscriptView::selectedText() const {
  const QModelIndexList rows = m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList{};
  return m_model->text(rows);
}

void TranscriptView::copy() { QApplication::clipboard()->setText(selectedText()); }

} // namespace dragoman::ui
