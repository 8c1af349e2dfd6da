#include "ui/widgets/bannerbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace dragoman::ui {
namespace {

const char *kKey = "bannerKey";

QString styleFor(BannerBar::Severity s) {
  switch (s) {
  case BannerBar::Severity::Error: return QStringLiteral("background:#f8d7da; color:#58151c; border:1px solid #f1aeb5;");
  case BannerBar::Severity::Warning: return QStringLiteral("background:#fff3cd; color:#664d03; border:1px solid #ffe69c;");
  case BannerBar::Severity::Info: break;
  }
  return QStringLiteral("background:#cff4fc; color:#055160; border:1px solid #9eeaf9;");
}

} // namespace

BannerBar::BannerBar(QWidget *parent) : QWidget(parent), m_layout(new QVBoxLayout(this)) {
  setObjectName(QStringLiteral("bannerBar"));
  m_layout->setContentsMargins(0, 0, 0, 0);
  m_layout->setSpacing(2);
  setVisible(false);
}

QWidget *BannerBar::find(const QString &key) const {
  for (QWidget *w : findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly))
    if (w->property(kKey).toString() == key)
      return w;
  return nullptr;
}

void BannerBar::show(const QString &key, Severity severity, const QString &text, const QString &actionText,
                     std::function<void()> action) {
  if (text.isEmpty()) {
    dismiss(key);
    return;
  }
  if (QWidget *old = find(key)) {
    m_layout->removeWidget(old);
    delete old;
  }
  auto *frame = new QWidget(this);
  frame->setProperty(kKey, key);
  frame->setObjectName(QStringLiteral("banner_") + key);
  frame->setAttribute(Qt::WA_StyledBackground);
  frame->setStyleSheet(styleFor(severity));
  frame->setAccessibleName(severity == Severity::Error ? tr("Error") : severity == Severity::Warning ? tr("Warning") : tr("Notice"));
  frame->setAccessibleDescription(text);
  auto *row = new QHBoxLayout(frame);
  row->setContentsMargins(8, 4, 4, 4);
  auto *label = new QLabel(text, frame);
  label->setObjectName(QStringLiteral("bannerText"));
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label->setStyleSheet(QStringLiteral("border:none;"));
  row->addWidget(label, 1);
  if (!actionText.isEmpty() && action) {
    auto *button = new QPushButton(actionText, frame);
    button->setObjectName(QStringLiteral("bannerAction"));
    connect(button, &QPushButton::clicked, this, [this, key, action] {
      action();
      dismiss(key);
    });
    row->addWidget(button);
  }
  auto *close = new QToolButton(frame);
  close->setObjectName(QStringLiteral("bannerClose"));
  close->setText(QStringLiteral("✕"));
  close->setAutoRaise(true);
  close->setToolTip(tr("Dismiss"));
  close->setAccessibleName(tr("Dismiss message"));
  connect(close, &QToolButton::clicked, this, [this, key] { dismiss(key); });
  row->addWidget(close);
  m_layout->addWidget(frame);
  setVisible(true);
  Q_EMIT changed();
}

void BannerBar::dismiss(const QString &key) {
  QWidget *w = find(key);
  if (!w)
    return;
  m_layout->removeWidget(w);
  w->hide();
  w->deleteLater();
  w->setProperty(kKey, QVariant());
  setVisible(count() > 0);
  Q_EMIT changed();
}

QStringList BannerBar::keys() const {
  QStringList out;
  for (QWidget *w : findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly))
    if (const QString k = w->property(kKey).toString(); !k.isEmpty())
      out << k;
  return out;
}

QString BannerBar::text(const QString &key) const {
  QWidget *w = find(key);
  if (!w)
    return {};
  auto *label = w->findChild<QLabel *>(QStringLiteral("bannerText"));
  return label ? label->text() : QString();
}

int BannerBar::count() const { return int(keys().size()); }

} // namespace dragoman::ui
