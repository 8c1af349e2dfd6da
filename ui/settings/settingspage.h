#pragma once
// Every configuration section as a form made from the schema: a check box, choice, number or text
// field per key with its description, the problem with a value shown beside it as it is typed,
// a note where the environment or the command line overrides the file, and Save (to the
// configuration file, written off the GUI thread), Revert and Defaults.

#include "core/config/config.h"

#include <QMap>
#include <QWidget>

class QLabel;
class QPushButton;

namespace dragoman {
class ThreadHost;
}

namespace dragoman::ui {

class SettingsPage : public QWidget {
  Q_OBJECT
public:
  // Saving writes the file on a thread from `threads`, which must outlive the page.
  explicit SettingsPage(ThreadHost &threads, QWidget *parent = nullptr);

  // The values to edit, the file they are saved to, and where each came from (Loaded::origin).
  void setConfig(const config::Config &config, const QString &filePath, const QMap<QString, QString> &origin = {});
  config::Config editedConfig() const { return m_edited; }
  bool isModified() const { return !(m_edited == m_saved); }
  // The problem with a key's current value ("" when fine), e.g. for "tts.words_per_minute".
  QString problem(const QString &keyPath) const;
  // The whole configuration's problem (cross-field rules included); empty when it can be saved.
  QString validationMessage() const;
  // Sets a key's editor as a person would (text as typed); false when there is no such key.
  bool setValueText(const QString &keyPath, const QString &text);
  QWidget *editor(const QString &keyPath) const;

public Q_SLOTS:
  void save();
  void revert();
  void restoreDefaults();

Q_SIGNALS:
  void saved(const QString &path, const QString &error);
  void modifiedChanged(bool modified);

private:
  ThreadHost &m_threads;
  void build();
  void load(const config::Config &config);
  void onEdited(const QString &keyPath, const QVariant &value);
  void refreshState();

  config::Config m_saved;
  config::Config m_edited;
  QString m_path;
  QMap<QString, QString> m_origin;
  QMap<QString, QWidget *> m_editors;
  QMap<QString, QLabel *> m_problems;
  QMap<QString, QString> m_problemText;
  QLabel *m_status = nullptr;
  QPushButton *m_save = nullptr;
  QPushButton *m_revert = nullptr;
  bool m_loading = false;
  bool m_fileExists = false;
};

} // namespace dragoman::ui
