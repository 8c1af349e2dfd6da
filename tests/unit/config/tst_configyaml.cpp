// toYaml() and writeDefault(): `config show` / `config init` output loads back to the same Config.

#include "core/config/config.h"
#include "core/config/schema.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::config;

namespace {

// A valid configuration in which every key differs from its default.
Config everythingChanged() {
  Config config;
  for (const Key &key : schema::keys()) {
    QVariant value;
    switch (key.type) {
    case KeyType::Int:
      value = int(key.defaultValue().toInt() == int(key.minimum) ? key.maximum : key.minimum);
      break;
    case KeyType::Double:
      value = key.defaultValue().toDouble() == key.maximum ? key.minimum : key.maximum;
      break;
    case KeyType::Bool:
      value = !key.defaultValue().toBool();
      break;
    case KeyType::Enum:
      value = key.allowed.last() == key.defaultValue().toString() ? key.allowed.first() : key.allowed.last();
      break;
    case KeyType::Path:
      value = QStringLiteral("/tmp/a b/ü#x: y/") + key.name + QStringLiteral(".txt");
      break;
    case KeyType::String:
      value = QStringLiteral("\"q\" 'a': #b \\ tab\t ü ☺ ") + key.name; // differs per key (languages)
      break;
    }
    key.set(config, value);
  }
  return config;
}

} // namespace

class TestConfigYaml : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase();
  void roundTrip_data();
  void roundTrip();
  void commentsDescribeEveryKey();
  void plainHasNoComments();
  void writeDefault();
  void writeDefaultRefusesToOverwrite();

private:
  Result<Loaded> loadText(const QString &yaml);
  QTemporaryDir m_dir;
  int m_files = 0;
};

void TestConfigYaml::initTestCase() {
  QVERIFY(m_dir.isValid());
  QStandardPaths::setTestModeEnabled(true);
}

Result<Loaded> TestConfigYaml::loadText(const QString &yaml) {
  const QString path = m_dir.filePath(QStringLiteral("round%1.yaml").arg(++m_files));
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return makeError(ErrorKind::Output, path);
  file.write(yaml.toUtf8());
  file.close();
  LoadOptions options;
  options.filePath = path;
  options.fileRequired = true;
  options.environment = QProcessEnvironment();
  return load(options);
}

void TestConfigYaml::roundTrip_data() {
  QTest::addColumn<bool>("changed");
  QTest::addColumn<bool>("withComments");
  QTest::newRow("defaults, commented") << false << true;
  QTest::newRow("defaults, plain") << false << false;
  QTest::newRow("all changed, commented") << true << true;
  QTest::newRow("all changed, plain") << true << false;
}

void TestConfigYaml::roundTrip() {
  QFETCH(bool, changed);
  QFETCH(bool, withComments);
  const Config config = changed ? everythingChanged() : Config{};
  QVERIFY2(validate(config).ok(), qPrintable(validate(config).ok() ? QString() : validate(config).error().message));
  QCOMPARE(config == Config{}, !changed);

  const QString yaml = toYaml(config, withComments);
  const Result<Loaded> loaded = loadText(yaml);
  QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message + QLatin1Char('\n') + yaml));
  QCOMPARE(toYaml(loaded->config, withComments), yaml);
  QVERIFY(loaded->config == config);
  for (const Key &key : schema::keys())
    QCOMPARE(loaded->origin.value(key.path()), QStringLiteral("file"));
}

void TestConfigYaml::commentsDescribeEveryKey() {
  const QString yaml = toYaml(Config{}, true);
  for (const Key &key : schema::keys()) {
    QVERIFY2(yaml.contains(QStringLiteral("# ") + key.description), qPrintable(key.path()));
    QVERIFY2(yaml.contains(key.environmentVariable()), qPrintable(key.path()));
    QVERIFY2(yaml.contains(key.allowedText()) || key.type == KeyType::String || key.type == KeyType::Path,
             qPrintable(key.path()));
  }
  QVERIFY(yaml.contains(QStringLiteral("# One of: pocketsphinx, whisper.")));
  QVERIFY(yaml.contains(QStringLiteral("# Range: 80..450. Default: 175.")));
  QVERIFY(yaml.contains(QStringLiteral("\ntts:\n")));
  QVERIFY(yaml.contains(QStringLiteral("\n  words_per_minute: 175\n")));
}

void TestConfigYaml::plainHasNoComments() {
  const QString yaml = toYaml(Config{}, false);
  QVERIFY(!yaml.contains(QLatin1Char('#')));
  QCOMPARE(yaml.count(QLatin1Char('\n')), schema::sections().size() + schema::keys().size());
  QVERIFY(yaml.startsWith(QStringLiteral("audio:\n  input_device: \"default\"\n")));
}

void TestConfigYaml::writeDefault() {
  const QString path = m_dir.filePath(QStringLiteral("new/nested/dragoman.yaml"));
  const Status written = config::writeDefault(path, false);
  QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
  QFile file(path);
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(QString::fromUtf8(file.readAll()), toYaml(Config{}, true));

  LoadOptions options;
  options.filePath = path;
  options.fileRequired = true;
  options.environment = QProcessEnvironment();
  const Result<Loaded> loaded = load(options);
  QVERIFY(loaded.ok());
  QVERIFY(loaded->config == Config{});
}

void TestConfigYaml::writeDefaultRefusesToOverwrite() {
  const QString path = m_dir.filePath(QStringLiteral("mine.yaml"));
  {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("tts:\n  voice: mine\n");
  }
  const Status refused = config::writeDefault(path, false);
  QVERIFY(!refused.ok());
  QCOMPARE(refused.error().kind, ErrorKind::Output);
  QCOMPARE(refused.error().message, path + QStringLiteral(": already exists; not overwriting it"));
  QFile file(path);
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(file.readAll(), QByteArray("tts:\n  voice: mine\n"));
  file.close();

  QVERIFY(config::writeDefault(path, true).ok());
  QVERIFY(file.open(QIODevice::ReadOnly));
  QCOMPARE(QString::fromUtf8(file.readAll()), toYaml(Config{}, true));

  const Status onFolder = config::writeDefault(m_dir.path(), true);
  QVERIFY(!onFolder.ok());
  QCOMPARE(onFolder.error().kind, ErrorKind::Output);
}

QTEST_GUILESS_MAIN(TestConfigYaml)
#include "tst_configyaml.moc"
