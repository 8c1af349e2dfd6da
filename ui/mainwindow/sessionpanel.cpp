#include "ui/mainwindow/sessionpanel.h"

#include "ui/widgets/levelmeter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QToolButton>

#include <set>

namespace dragoman::ui {
namespace {

QComboBox *combo(QWidget *parent, const char *name, const QString &accessible) {
  auto *c = new QComboBox(parent);
  c->setObjectName(QLatin1String(name));
  c->setAccessibleName(accessible);
  c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  return c;
}

} // namespace

QString SessionPanel::languageLabel(const QString &code) {
  if (code == QLatin1String("auto"))
    return tr("Detect automatically");
  const QLocale locale(code);
  if (locale.language() == QLocale::C || code.size() > 3)
    return code;
  return QStringLiteral("%1 (%2)").arg(QLocale::languageToString(locale.language()), code);
}

SessionPanel::SessionPanel(QWidget *parent) : QWidget(parent) {
  setObjectName(QStringLiteral("sessionPanel"));
  auto *grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);

  m_input = combo(this, "inputDevice", tr("Input device"));
  m_input->setToolTip(tr("Where the speech comes from: a microphone, the sound of a call (a monitor), or an audio file"));
  m_output = combo(this, "outputDevice", tr("Output device"));
  m_output->setToolTip(tr("Where the translation is spoken; the virtual microphone lets call apps hear it"));
  setDevices({});
  auto *inputLabel = new QLabel(tr("&Input:"), this);
  inputLabel->setBuddy(m_input);
  auto *outputLabel = new QLabel(tr("&Output:"), this);
  outputLabel->setBuddy(m_output);
  grid->addWidget(inputLabel, 0, 0);
  grid->addWidget(m_input, 0, 1);
  grid->addWidget(outputLabel, 1, 0);
  grid->addWidget(m_output, 1, 1);
  connect(m_input, &QComboBox::activated, this, [this](int index) {
    if (m_input->itemData(index).toString() == QLatin1String(kFileInput) && m_file.isEmpty())
      Q_EMIT chooseFileClicked();
  });

  m_source = combo(this, "sourceLanguage", tr("Source language"));
  m_target = combo(this, "targetLanguage", tr("Target language"));
  m_swap = new QToolButton(this);
  m_swap->setObjectName(QStringLiteral("swapLanguages"));
  m_swap->setText(QStringLiteral("⇄"));
  m_swap->setToolTip(tr("Swap the languages (Ctrl+Shift+S)"));
  m_swap->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
  m_swap->setAccessibleName(tr("Swap languages"));
  connect(m_swap, &QToolButton::clicked, this, &SessionPanel::swapLanguages);
  auto *languages = new QHBoxLayout;
  auto *fromLabel = new QLabel(tr("&From:"), this);
  fromLabel->setBuddy(m_source);
  auto *toLabel = new QLabel(tr("&To:"), this);
  toLabel->setBuddy(m_target);
  languages->addWidget(fromLabel);
  languages->addWidget(m_source);
  languages->addWidget(m_swap);
  languages->addWidget(toLabel);
  languages->addWidget(m_target);
  languages->addStretch(1);
  grid->addLayout(languages, 0, 2);

  auto *engines = new QHBoxLayout;
  m_asr = combo(this, "asrEngine", tr("Speech recognition engine"));
  m_asrModel = new QLineEdit(this);
  m_asrModel->setObjectName(QStringLiteral("asrModel"));
  m_asrModel->setPlaceholderText(tr("model folder"));
  m_asrModel->setAccessibleName(tr("Speech recognition model"));
  m_asrModel->setMinimumWidth(140);
  m_mt = combo(this, "translationEngine", tr("Translation engine"));
  m_mtModel = new QLineEdit(this);
  m_mtModel->setObjectName(QStringLiteral("translationModel"));
  m_mtModel->setPlaceholderText(tr("model folder"));
  m_mtModel->setAccessibleName(tr("Translation model"));
  m_mtModel->setMinimumWidth(140);
  m_tts = combo(this, "ttsEngine", tr("Speech synthesis engine"));
  engines->addWidget(new QLabel(tr("Recognition:"), this));
  engines->addWidget(m_asr);
  engines->addWidget(m_asrModel, 1);
  engines->addWidget(new QLabel(tr("Translation:"), this));
  engines->addWidget(m_mt);
  engines->addWidget(m_mtModel, 1);
  engines->addWidget(new QLabel(tr("Speech:"), this));
  engines->addWidget(m_tts);
  m_voice = combo(this, "ttsVoice", tr("Voice"));
  m_voice->setToolTip(tr("The voice that speaks the translation; Automatic picks the best installed one"));
  m_voice->addItem(tr("Automatic"), QString());
  engines->addWidget(m_voice);
  m_preview = new QPushButton(tr("Pre&view"), this);
  m_preview->setObjectName(QStringLiteral("previewVoice"));
  m_preview->setAccessibleName(tr("Preview the voice"));
  m_preview->setToolTip(tr("Speak a short sample with this voice"));
  connect(m_preview, &QPushButton::clicked, this, &SessionPanel::previewClicked);
  engines->addWidget(m_preview);
  connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
    const QString target = m_target->currentData().toString();
    if (!target.isEmpty())
      Q_EMIT voicesWanted(target);
  });
  grid->addLayout(engines, 1, 2);

  auto *controls = new QHBoxLayout;
  m_start = new QPushButton(tr("&Start"), this);
  m_start->setObjectName(QStringLiteral("startStop"));
  m_start->setAccessibleName(tr("Start or stop the session"));
  m_start->setToolTip(tr("Start translating (F5); press again to stop"));
  m_start->setShortcut(QKeySequence(Qt::Key_F5));
  m_start->setDefault(true);
  connect(m_start, &QPushButton::clicked, this, [this] {
    if (m_running)
      Q_EMIT stopClicked();
    else
      Q_EMIT startClicked();
  });
  m_pushToTalk = new QCheckBox(tr("&Push to talk"), this);
  m_pushToTalk->setObjectName(QStringLiteral("pushToTalkMode"));
  m_pushToTalk->setAccessibleName(tr("Push-to-talk mode"));
  m_pushToTalk->setToolTip(tr("Only listen while the Talk button is held down"));
  m_talk = new QPushButton(tr("Talk"), this);
  m_talk->setObjectName(QStringLiteral("talk"));
  m_talk->setAccessibleName(tr("Talk (hold)"));
  m_talk->setToolTip(tr("Hold to be heard (F6)"));
  m_talk->setShortcut(QKeySequence(Qt::Key_F6));
  m_talk->setEnabled(false);
  connect(m_pushToTalk, &QCheckBox::toggled, m_talk, &QPushButton::setEnabled);
  connect(m_talk, &QPushButton::pressed, this, [this] { Q_EMIT talkingChanged(true); });
  connect(m_talk, &QPushButton::released, this, [this] { Q_EMIT talkingChanged(false); });
  m_meter = new LevelMeter(this);
  controls->addWidget(m_start);
  controls->addWidget(m_pushToTalk);
  controls->addWidget(m_talk);
  controls->addWidget(m_meter, 1);
  grid->addLayout(controls, 0, 3, 2, 1);
  grid->setColumnStretch(2, 1);
}

void SessionPanel::selectData(QComboBox *combo, const QString &value, const QString &label) {
  int i = combo->findData(value);
  if (i < 0 && !value.isEmpty()) {
    combo->addItem(label.isEmpty() ? value : label, value);
    i = combo->count() - 1;
  }
  if (i >= 0)
    combo->setCurrentIndex(i);
}

void SessionPanel::setDevices(const QList<AudioDevice> &devices) {
  const QString input = m_input->currentData().toString();
  const QString output = m_output->currentData().toString();
  m_input->clear();
  m_output->clear();
  m_input->addItem(tr("Default microphone"), QStringLiteral("default"));
  m_output->addItem(tr("Default speakers"), QStringLiteral("default"));
  m_output->addItem(tr("Virtual microphone (for calls)"), QLatin1String(kVirtualMic));
  m_output->addItem(tr("Don't speak (captions only)"), QLatin1String(kNoOutput));
  for (const AudioDevice &d : devices) {
    if (d.input)
      m_input->addItem(d.name, d.name);
    if (d.output)
      m_output->addItem(d.name, d.name);
  }
  m_input->addItem(m_file.isEmpty() ? tr("Audio file…") : tr("File: %1").arg(QFileInfo(m_file).fileName()), QLatin1String(kFileInput));
  selectData(m_input, input.isEmpty() ? QStringLiteral("default") : input);
  selectData(m_output, output.isEmpty() ? QStringLiteral("default") : output);
}

void SessionPanel::setInputFile(const QString &file) {
  m_file = file;
  const int i = m_input->findData(QLatin1String(kFileInput));
  m_input->setItemText(i, tr("File: %1").arg(QFileInfo(file).fileName()));
  m_input->setItemData(i, file, Qt::ToolTipRole);
  m_input->setCurrentIndex(i);
}

SessionPanel::EngineLanguages SessionPanel::languagesOf(const QList<EngineInfo> &engines, bool toAnyListed) {
  EngineLanguages out;
  for (const EngineInfo &e : engines) {
    if (!e.available)
      continue;
    if (e.stage == Stage::Asr)
      out.sources.insert(e.languages.cbegin(), e.languages.cend());
    for (const auto &pair : e.pairs) {
      out.sources.insert(pair.source);
      out.targets.insert(pair.target);
    }
    if (toAnyListed && e.stage == Stage::Translation && e.pairs.isEmpty())
      out.targets.insert(e.languages.cbegin(), e.languages.cend());
  }
  return out;
}

void SessionPanel::fillLanguages(const QList<EngineInfo> &engines) {
  auto [sources, targets] = languagesOf(engines, true);
  sources.insert(QStringLiteral("auto"));
  const QString source = m_source->currentData().toString();
  const QString target = m_target->currentData().toString();
  m_source->clear();
  m_target->clear();
  for (const QString &code : sources)
    m_source->addItem(languageLabel(code), code);
  for (const QString &code : targets)
    m_target->addItem(languageLabel(code), code);
  selectData(m_source, source, languageLabel(source));
  selectData(m_target, target, languageLabel(target));
}

void SessionPanel::setEngines(const QList<EngineInfo> &engines) {
  const SessionRequest before = request();
  m_asr->clear();
  m_mt->clear();
  m_tts->clear();
  for (const EngineInfo &e : engines) {
    QComboBox *c = e.stage == Stage::Asr ? m_asr : e.stage == Stage::Translation ? m_mt : e.stage == Stage::Synthesis ? m_tts : nullptr;
    if (!c)
      continue;
    c->addItem(e.available ? e.name : tr("%1 (unavailable)").arg(e.name), e.name);
    if (!e.available)
      c->setItemData(c->count() - 1, e.reason, Qt::ToolTipRole);
  }
  fillLanguages(engines);
  selectData(m_asr, before.asrEngine);
  selectData(m_mt, before.translationEngine);
  selectData(m_tts, before.ttsEngine);
}

void SessionPanel::setVoices(const QString &language, const QList<VoiceChoice> &voices) {
  if (language != m_target->currentData().toString())
    return; // an answer for a language no longer chosen
  const QString before = m_wantedVoice.isEmpty() ? m_voice->currentData().toString() : m_wantedVoice;
  m_voice->clear();
  m_voice->addItem(tr("Automatic"), QString());
  for (const VoiceChoice &v : voices) {
    m_voice->addItem(v.label, v.id);
    if (!v.license.isEmpty())
      m_voice->setItemData(m_voice->count() - 1, tr("Licence: %1").arg(v.license), Qt::ToolTipRole);
  }
  const int at = m_voice->findData(before);
  m_voice->setCurrentIndex(at < 0 ? 0 : at);
  m_wantedVoice.clear();
}

void SessionPanel::setPreviewing(bool previewing) {
  m_preview->setEnabled(!previewing);
  m_preview->setText(previewing ? tr("Playing…") : tr("Pre&view"));
}

void SessionPanel::setRequest(const SessionRequest &r) {
  selectData(m_input, r.inputDevice);
  if (!r.inputFile.isEmpty())
    setInputFile(r.inputFile);
  selectData(m_output, !r.speak ? QLatin1String(kNoOutput) : r.virtualMicrophone ? QLatin1String(kVirtualMic) : r.outputDevice);
  selectData(m_source, r.sourceLanguage, languageLabel(r.sourceLanguage));
  selectData(m_target, r.targetLanguage, languageLabel(r.targetLanguage));
  selectData(m_asr, r.asrEngine);
  selectData(m_mt, r.translationEngine);
  selectData(m_tts, r.ttsEngine);
  m_wantedVoice = r.ttsVoice;
  if (const int at = m_voice->findData(r.ttsVoice); at >= 0)
    m_voice->setCurrentIndex(at);
  m_asrModel->setText(r.asrModel);
  m_mtModel->setText(r.translationModel);
  m_pushToTalk->setChecked(r.pushToTalk);
}

SessionRequest SessionPanel::request() const {
  SessionRequest r;
  const QString input = m_input->currentData().toString();
  if (input == QLatin1String(kFileInput))
    r.inputFile = m_file;
  else if (!input.isEmpty())
    r.inputDevice = input;
  const QString output = m_output->currentData().toString();
  r.speak = output != QLatin1String(kNoOutput);
  r.virtualMicrophone = output == QLatin1String(kVirtualMic);
  if (r.speak && !r.virtualMicrophone && !output.isEmpty())
    r.outputDevice = output;
  r.sourceLanguage = m_source->currentData().toString();
  r.targetLanguage = m_target->currentData().toString();
  r.asrEngine = m_asr->currentData().toString();
  r.asrModel = m_asrModel->text().trimmed();
  r.translationEngine = m_mt->currentData().toString();
  r.translationModel = m_mtModel->text().trimmed();
  r.ttsEngine = m_tts->currentData().toString();
  r.ttsVoice = m_wantedVoice.isEmpty() ? m_voice->currentData().toString() : m_wantedVoice; // the list may not be here yet
  r.pushToTalk = m_pushToTalk->isChecked();
  return r;
}

void SessionPanel::swapLanguages() {
  const QString source = m_source->currentData().toString();
  const QString target = m_target->currentData().toString();
  if (source == QLatin1String("auto") || target.isEmpty())
    return; // nothing to swap into the target: a detected language is not known yet
  selectData(m_source, target, languageLabel(target));
  selectData(m_target, source, languageLabel(source));
}

void SessionPanel::setRunning(bool running) {
  m_running = running;
  m_start->setText(running ? tr("&Stop") : tr("&Start"));
  for (QWidget *w : std::initializer_list<QWidget *>{m_input, m_output, m_source, m_target, m_swap, m_asr, m_asrModel, m_mt,
                                                     m_mtModel, m_tts, m_voice, m_pushToTalk})
    w->setEnabled(!running);
}

} // namespace dragoman::ui
