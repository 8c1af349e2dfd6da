#include "ui/settings/settingspage.h"
#include "core/common/threadnames.h"

#include "core/config/schema.h"
#include "ui/widgets/background.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <limits>

namespace dragoman::ui {

SettingsPage::SettingsPage(ThreadHost &threads, QWidget *parent) : QWidget(parent), m_threads(threads) {
  setObjectName(QStringLiteral("settingsPage"));
  build();
}

void SettingsPage::build() {
  auto *layout = new QVBoxLayout(this);
  auto *sections = new QTabWidget(this);
  sections->setObjectName(QStringLiteral("settingsSections"));
  sections->setAccessibleName(tr("Settings sections"));
  sections->setDocumentMode(true);
  for (const config::Section &section : config::schema::sections()) {
    auto *scroll = new QScrollArea(sections);
    scroll->setWidgetResizable(true);
    auto *page = new QWidget(scroll);
    auto *form = new QFormLayout(page);
    auto *about = new QLabel(section.description, page);
    about->setWordWrap(true);
    form->addRow(about);
    for (const config::Key &key : config::schema::keys()) {
      if (key.section != section.name)
        continue;
      const QString path = key.path();
      QWidget *editor = nullptr;
      switch (key.type) {
      case config::KeyType::Bool: {
        auto *box = new QCheckBox(page);
        connect(box, &QCheckBox::toggled, this, [this, path](bool on) { onEdited(path, on); });
        editor = box;
        break;
      }
      case config::KeyType::Enum: {
        auto *combo = new QComboBox(page);
        for (const QString &v : key.allowed)
          combo->addItem(v, v);
        connect(combo, &QComboBox::currentIndexChanged, this, [this, path, combo](int) { onEdited(path, combo->currentData()); });
        editor = combo;
        break;
      }
      case config::KeyType::Int: {
        auto *spin = new QSpinBox(page);
        spin->setRange(int(std::max(key.minimum, double(std::numeric_limits<int>::min()))),
                       int(std::min(key.maximum, double(std::numeric_limits<int>::max()))));
        connect(spin, &QSpinBox::valueChanged, this, [this, path](int v) { onEdited(path, v); });
        editor = spin;
        break;
      }
      case config::KeyType::Double: {
        auto *spin = new QDoubleSpinBox(page);
        spin->setDecimals(3);
        spin->setRange(key.minimum, key.maximum);
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this, path](double v) { onEdited(path, v); });
        editor = spin;
        break;
      }
      case config::KeyType::String:
      case config::KeyType::Path: {
        auto *line = new QLineEdit(page);
        if (key.type == config::KeyType::Path)
          line->setPlaceholderText(tr("a path (empty: the default place)"));
        connect(line, &QLineEdit::textEdited, this, [this, path](const QString &t) { onEdited(path, t); });
        editor = line;
        break;
      }
      }
      editor->setObjectName(QStringLiteral("setting_") + QString(path).replace(QLatin1Char('.'), QLatin1Char('_')));
      editor->setAccessibleName(key.name);
      editor->setAccessibleDescription(key.description);
      editor->setToolTip(QStringLiteral("%1\n%2: %3\n%4").arg(key.description, tr("Allowed"), key.allowedText(), key.environmentVariable()));
      auto *problem = new QLabel(page);
      problem->setObjectName(QStringLiteral("problem_") + QString(path).replace(QLatin1Char('.'), QLatin1Char('_')));
      problem->setStyleSheet(QStringLiteral("color:#b02a37;"));
      problem->setWordWrap(true);
      problem->hide();
      auto *cell = new QWidget(page);
      auto *column = new QVBoxLayout(cell);
      column->setContentsMargins(0, 0, 0, 0);
      column->addWidget(editor);
      column->addWidget(problem);
      auto *label = new QLabel(key.name + QLatin1Char(':'), page);
      label->setBuddy(editor);
      label->setToolTip(key.description);
      form->addRow(label, cell);
      m_editors.insert(path, editor);
      m_problems.insert(path, problem);
    }
    scroll->setWidget(page);
    sections->addTab(scroll, section.name);
  }
  layout->addWidget(sections, 1);

  auto *buttons = new QHBoxLayout;
  m_status = new QLabel(this);
  m_status->setObjectName(QStringLiteral("settingsStatus"));
  m_status->setAccessibleName(tr("Settings status"));
  m_status->setWordWrap(true);
  buttons->addWidget(m_status, 1);
  auto *defaults = new QPushButton(tr("Restore &defaults"), this);
  defaults->setObjectName(QStringLiteral("settingsDefaults"));
  connect(defaults, &QPushButton::clicked, this, &SettingsPage::restoreDefaults);
  m_revert = new QPushButton(tr("Re&vert"), this);
  m_revert->setObjectName(QStringLiteral("settingsRevert"));
  connect(m_revert, &QPushButton::clicked, this, &SettingsPage::revert);
  m_save = new QPushButton(tr("&Save"), this);
  m_save->setObjectName(QStringLiteral("settingsSave"));
  m_save->setShortcut(QKeySequence::Save);
  connect(m_save, &QPushButton::clicked, this, &SettingsPage::save);
  buttons->addWidget(defaults);
  buttons->addWidget(m_revert);
  buttons->addWidget(m_save);
  layout->addLayout(buttons);
  refreshState();
}

void SettingsPage::setConfig(const config::Config &config, const QString &filePath, const QMap<QString, QString> &origin) {
  m_saved = config;
  m_path = filePath;
  m_fileExists = !filePath.isEmpty() && QFileInfo::exists(filePath);
  m_origin = origin;
  load(config);
}

void SettingsPage::load(const config::Config &config) {
  m_loading = true;
  m_edited = config;
  m_problemText.clear();
  for (const config::Key &key : config::schema::keys()) {
    QWidget *editor = m_editors.value(key.path());
    const QVariant value = key.get(config);
    if (auto *box = qobject_cast<QCheckBox *>(editor))
      box->setChecked(value.toBool());
    else if (auto *combo = qobject_cast<QComboBox *>(editor))
      combo->setCurrentIndex(combo->findData(value.toString()));
    else if (auto *spin = qobject_cast<QSpinBox *>(editor))
      spin->setValue(value.toInt());
    else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor))
      dspin->setValue(value.toDouble());
    else if (auto *line = qobject_cast<QLineEdit *>(editor))
      line->setText(value.toString());
    QLabel *problem = m_problems.value(key.path());
    const QString from = m_origin.value(key.path());
    // The environment and the command line win over the file: say so where it matters.
    if (from.startsWith(QLatin1String("env")) || from == QLatin1String("command line")) {
      problem->setStyleSheet(QStringLiteral("color:#664d03;"));
      problem->setText(tr("Set by %1 for this run; the saved value applies when it is not.").arg(from == QLatin1String("command line") ? tr("the command line") : from.mid(4)));
      problem->show();
    } else {
      problem->hide();
    }
  }
  m_loading = false;
  refreshState();
}

void SettingsPage::onEdited(const QString &keyPath, const QVariant &value) {
  if (m_loading)
    return;
  const int dot = int(keyPath.indexOf(QLatin1Char('.')));
  const config::Key *key = config::schema::find(QStringView(keyPath).left(dot), QStringView(keyPath).mid(dot + 1));
  if (!key)
    return;
  QLabel *label = m_problems.value(keyPath);
  const QString problem = key->check(value);
  if (problem.isEmpty()) {
    key->set(m_edited, value);
    m_problemText.remove(keyPath);
    label->hide();
  } else {
    m_problemText.insert(keyPath, problem);
    label->setStyleSheet(QStringLiteral("color:#b02a37;"));
    label->setText(problem);
    label->show();
  }
  refreshState();
}

QString SettingsPage::problem(const QString &keyPath) const { return m_problemText.value(keyPath); }

QString SettingsPage::validationMessage() const {
  if (!m_problemText.isEmpty())
    return QStringLiteral("%1: %2").arg(m_problemText.firstKey(), m_problemText.first());
  const Status s = config::validate(m_edited);
  return s ? QString() : s.error().message;
}

void SettingsPage::refreshState() {
  const QString problem = validationMessage();
  const bool modified = isModified();
  m_save->setEnabled(modified && problem.isEmpty() && !m_path.isEmpty());
  m_revert->setEnabled(modified || !m_problemText.isEmpty());
  if (!problem.isEmpty())
    m_status->setText(tr("Cannot save: %1").arg(problem));
  else if (m_path.isEmpty())
    m_status->setText(tr("No configuration file to save to."));
  else
    m_status->setText(modified                     ? tr("Changed; Save writes %1 (new sessions use it).").arg(m_path)
                      : m_fileExists ? tr("Saved in %1").arg(m_path)
                                     : tr("No configuration file yet: Save writes %1.").arg(m_path));
  m_status->setStyleSheet(problem.isEmpty() ? QString() : QStringLiteral("color:#b02a37;"));
  Q_EMIT modifiedChanged(modified);
}

bool SettingsPage::setValueText(const QString &keyPath, const QString &text) {
  QWidget *editor = m_editors.value(keyPath);
  if (!editor)
    return false;
  if (auto *box = qobject_cast<QCheckBox *>(editor))
    box->setChecked(text == QLatin1String("true"));
  else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
    const int i = combo->findData(text);
    if (i < 0)
      return false;
    combo->setCurrentIndex(i);
  } else if (auto *spin = qobject_cast<QSpinBox *>(editor)) {
    spin->setValue(text.toInt());
  } else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor)) {
    dspin->setValue(text.toDouble());
  } else if (auto *line = qobject_cast<QLineEdit *>(editor)) {
    line->setText(text);
    Q_EMIT line->textEdited(text);
  }
  return true;
}

QWidget *SettingsPage::editor(const QString &keyPath) const { return m_editors.value(keyPath); }

void SettingsPage::save() {
  if (!validationMessage().isEmpty() || m_path.isEmpty())
    return;
  const config::Config config = m_edited;
  const QString path = m_path;
  m_save->setEnabled(false);
  m_status->setText(tr("Saving…"));
  runInBackground(
      m_threads, this, threadnames::kSettings,
      [config, path] {
        const Status s = config::writeConfig(path, config);
        return s ? QString() : s.error().message;
      },
      [this, config, path](const QString &error) {
        if (error.isEmpty()) {
          m_saved = config;
          m_fileExists = true;
        }
        refreshState();
        if (!error.isEmpty())
          m_status->setText(tr("Not saved: %1").arg(error));
        Q_EMIT saved(path, error);
      });
}

void SettingsPage::revert() { load(m_saved); }

void SettingsPage::restoreDefaults() {
  load(config::Config{});
  m_loading = false;
  refreshState();
}

} // namespace dragoman::ui
