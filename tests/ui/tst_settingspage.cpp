// The settings page over the real schema and a real file: every key has an editor; a bad value is
// named beside its field and blocks Save, as does a rule across fields; Save writes a file that
// loads back to the edited configuration; Revert and Defaults; overrides from the environment are
// pointed out.
#include "core/common/threadhost.h"
#include "core/config/config.h"
#include "core/config/schema.h"
#include "ui/settings/settingspage.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::ui;

class TestSettingsPage : public QObject {
  Q_OBJECT
  dragoman::ThreadHost m_threads; // the threads of what is tested come from here, as from the application's
private Q_SLOTS:
  void everyKeyHasAnEditor() {
    SettingsPage page(m_threads);
    for (const config::Key &key : config::schema::keys()) {
      QWidget *e = page.editor(key.path());
      QVERIFY2(e, qPrintable(key.path()));
      QVERIFY(!e->accessibleName().isEmpty());
    }
  }

  void editValidateSaveReload() {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("dragoman.yaml"));
    SettingsPage page(m_threads);
    page.setConfig(config::Config{}, file);
    auto *save = page.findChild<QPushButton *>(QStringLiteral("settingsSave"));
    QVERIFY(!page.isModified());
    QVERIFY(!save->isEnabled());

    QVERIFY(page.setValueText(QStringLiteral("tts.words_per_minute"), QStringLiteral("210")));
    QVERIFY(page.setValueText(QStringLiteral("translation.target_language"), QStringLiteral("fr")));
    QVERIFY(page.setValueText(QStringLiteral("profiling.enabled"), QStringLiteral("false")));
    QVERIFY(page.isModified());
    QVERIFY(save->isEnabled());

    // A rule across fields: the same language on both sides.
    QVERIFY(page.setValueText(QStringLiteral("translation.source_language"), QStringLiteral("fr")));
    QVERIFY2(!page.validationMessage().isEmpty(), "same languages accepted");
    QVERIFY(!save->isEnabled());
    QVERIFY(page.setValueText(QStringLiteral("translation.source_language"), QStringLiteral("en")));
    QVERIFY(page.validationMessage().isEmpty());

    // A bad value is named where it was typed and is not taken.
    const config::Key *notEmpty = nullptr;
    for (const config::Key &k : config::schema::keys())
      if (k.notEmpty && (k.type == config::KeyType::String))
        notEmpty = &k;
    if (notEmpty) {
      QVERIFY(page.setValueText(notEmpty->path(), QString()));
      QVERIFY2(!page.problem(notEmpty->path()).isEmpty(), qPrintable(notEmpty->path()));
      QVERIFY(!save->isEnabled());
      QVERIFY(page.setValueText(notEmpty->path(), notEmpty->defaultValue().toString()));
      QVERIFY(page.problem(notEmpty->path()).isEmpty());
    }

    QSignalSpy saved(&page, &SettingsPage::saved);
    save->click();
    QVERIFY(saved.wait(5000));
    QVERIFY2(saved.at(0).at(1).toString().isEmpty(), qPrintable(saved.at(0).at(1).toString()));
    QVERIFY(!page.isModified());
    config::LoadOptions options;
    options.filePath = file;
    options.fileRequired = true;
    options.environment = QProcessEnvironment();
    Result<config::Loaded> loaded = config::load(options);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
    QVERIFY(loaded->config == page.editedConfig());
    QCOMPARE(loaded->config.tts.wordsPerMinute, 210);
    QCOMPARE(loaded->config.translation.targetLanguage, QStringLiteral("fr"));

    page.setValueText(QStringLiteral("tts.words_per_minute"), QStringLiteral("120"));
    page.revert();
    QCOMPARE(page.editedConfig().tts.wordsPerMinute, 210);
    page.restoreDefaults();
    QVERIFY(page.editedConfig() == config::Config{});
    QVERIFY(page.isModified());
  }

  void overridesArePointedOut() {
    SettingsPage page(m_threads);
    QMap<QString, QString> origin;
    origin.insert(QStringLiteral("audio.volume"), QStringLiteral("env DRAGOMAN_AUDIO_VOLUME"));
    page.setConfig(config::Config{}, QStringLiteral("/tmp/x.yaml"), origin);
    auto *note = page.findChild<QLabel *>(QStringLiteral("problem_audio_volume"));
    QVERIFY(note);
    QVERIFY2(note->text().contains(QLatin1String("DRAGOMAN_AUDIO_VOLUME")), qPrintable(note->text()));
  }
};

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
