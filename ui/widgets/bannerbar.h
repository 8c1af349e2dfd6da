#pragma once
// Non-modal messages above the main view: what went wrong (or what the user should know), with a
// button to act on it and one to dismiss it. A message with a key replaces the earlier one with
// the same key (e.g. "history": one banner, whatever its latest news), and an empty text removes it.

#include <QWidget>

#include <functional>

class QVBoxLayout;

namespace dragoman::ui {

class BannerBar : public QWidget {
  Q_OBJECT
public:
  enum class Severity { Info, Warning, Error };

  explicit BannerBar(QWidget *parent = nullptr);

  // actionText/action: an optional button ("Open settings", "Retry"), which also dismisses it.
  void show(const QString &key, Severity severity, const QString &text, const QString &actionText = {},
            std::function<void()> action = {});
  void dismiss(const QString &key);
  QStringList keys() const;
  QString text(const QString &key) const; // empty when not shown
  int count() const;

Q_SIGNALS:
  void changed();

private:
  QWidget *find(const QString &key) const;
  QVBoxLayout *m_layout;
};

} // namespace dragoman::ui
