// load(): precedence, origins, every error a person can make, and the default file location.

#include "core/config/config.h"
#include "core/config/schema.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::config;

namespace {

QProcessEnvironment makeEnvironment(const QStringList &assignments) {
  QProcessEnvironment env; // empty: never the real environment
  for (const QString &a : assignments) {
    const qsizetype eq = a.indexOf(QLatin1Char('='));
    env.insert(a.left(eq), a.mid(eq + 1));
  }
  return env;
}

QString valueText(const Config &config, const QString &path) {
  const qsizetype dot = path.indexOf(QLatin1Char('.'));
  const Key *key = schema::find(path.left(dot), path.mid(dot + 1));
  Q_ASSERT(key);
  return key->format(key->get(config));
}

} // namespace

class TestConfig : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase();
  void defaultsWithoutAnyLayer();
  void precedence_data();
  void precedence();
  void originMap();
  void errors_data();
  void errors();
  void acceptedSpellings_data();
  void acceptedSpellings();
  void foreignEnvironmentIgnored();
  void emptyFiles_data();
  void emptyFiles();
  void defaultFileLocation();

private:
  QString writeFile(const QByteArray &content);
  QTemporaryDir m_home;
  QTemporaryDir m_dir;
  int m_files = 0;
};

void TestConfig::initTestCase() {
  // Keep the user's real ~/.config out of reach: test mode under a throw-away home.
  QVERIFY(m_home.isValid() && m_dir.isValid());
  qputenv("HOME", QFile::encodeName(m_home.path()));
  QStandardPaths::setTestModeEnabled(true);
  QVERIFY(defaultConfigPath().startsWith(m_home.path()));
}

QString TestConfig::writeFile(const QByteArray &content) {
  const QString path = m_dir.filePath(QStringLiteral("config%1.yaml").arg(++m_files));
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
    qFatal("cannot write %s", qPrintable(path));
  return path;
}

void TestConfig::defaultsWithoutAnyLayer() {
  LoadOptions options;
  options.environment = QProcessEnvironment();
  const Result<Loaded> loaded = load(options);
  QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
  QVERIFY(loaded->config == Config{});
  QVERIFY(loaded->filePath.isEmpty()); // no default file exists in the test home
}

void TestConfig::precedence_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("file");     // empty: layer absent
  QTest::addColumn<QString>("env");      // empty: layer absent
  QTest::addColumn<QString>("override"); // empty: layer absent
  QTest::addColumn<QString>("expected");
  QTest::addColumn<QString>("origin");

  struct Sample {
    const char *key, *a, *b, *c, *def, *env;
  };
  // One key per type; a, b and c are three valid values differing from the default.
  const Sample samples[] = {
      {"tts.words_per_minute", "100", "200", "300", "175", "env DRAGOMAN_TTS_WORDS_PER_MINUTE"},
      {"pipeline.max_segment_seconds", "2.5", "10", "29.75", "20", "env DRAGOMAN_PIPELINE_MAX_SEGMENT_SECONDS"},
      {"server.enabled", "true", "false", "true", "false", "env DRAGOMAN_SERVER_ENABLED"},
      {"asr.engine", "whisper", "pocketsphinx", "whisper", "pocketsphinx", "env DRAGOMAN_ASR_ENGINE"},
      {"translation.target_language", "fr", "de", "it", "es", "env DRAGOMAN_TRANSLATION_TARGET_LANGUAGE"},
      {"logging.file", "/tmp/a.log", "/tmp/b.log", "/tmp/c.log", "", "env DRAGOMAN_LOGGING_FILE"},
      {"pipeline.queue_capacity", "16", "32", "64", "8", "env DRAGOMAN_PIPELINE_QUEUE_CAPACITY"},
  };
  const QString none;
  for (const Sample &s : samples) {
    const QString k = QLatin1String(s.key);
    const QString a = QLatin1String(s.a), b = QLatin1String(s.b), c = QLatin1String(s.c);
    const QString env = QLatin1String(s.env);
    auto row = [&](const char *name) { return &QTest::newRow(qPrintable(k + QLatin1Char(' ') + QLatin1String(name))); };
    *row("default") << k << none << none << none << QString::fromLatin1(s.def) << QStringLiteral("default");
    *row("file") << k << a << none << none << a << QStringLiteral("file");
    *row("env") << k << none << b << none << b << env;
    *row("override") << k << none << none << c << c << QStringLiteral("command line");
    *row("env over file") << k << a << b << none << b << env;
    *row("override over file") << k << a << none << c << c << QStringLiteral("command line");
    *row("override over env") << k << none << b << c << c << QStringLiteral("command line");
    *row("override over all") << k << a << b << c << c << QStringLiteral("command line");
  }
}

void TestConfig::precedence() {
  QFETCH(QString, key);
  QFETCH(QString, file);
  QFETCH(QString, env);
  QFETCH(QString, override);
  QFETCH(QString, expected);
  QFETCH(QString, origin);

  const qsizetype dot = key.indexOf(QLatin1Char('.'));
  const Key *k = schema::find(key.left(dot), key.mid(dot + 1));
  QVERIFY(k);
  LoadOptions options;
  options.environment = QProcessEnvironment();
  if (!file.isEmpty()) {
    options.filePath = writeFile(QStringLiteral("%1:\n  %2: %3\n").arg(k->section, k->name, file).toUtf8());
    options.fileRequired = true;
  }
  if (!env.isEmpty())
    options.environment.insert(k->environmentVariable(), env);
  if (!override.isEmpty())
    options.overrides << key + QLatin1Char('=') + override;

  const Result<Loaded> loaded = load(options);
  QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
  QCOMPARE(valueText(loaded->config, key), expected);
  QCOMPARE(loaded->origin.value(key), origin);
  QCOMPARE(loaded->filePath, options.filePath);
}

void TestConfig::originMap() {
  LoadOptions options;
  options.filePath = writeFile("tts:\n  voice: anna\nserver:\n  port: 9000\n");
  options.environment =
      makeEnvironment({QStringLiteral("DRAGOMAN_SERVER_PORT=9001"), QStringLiteral("DRAGOMAN_ASR_LANGUAGE=de")});
  options.overrides = {QStringLiteral("asr.language=fr")};
  const Result<Loaded> loaded = load(options);
  QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
  QCOMPARE(loaded->origin.size(), schema::keys().size());
  QCOMPARE(loaded->origin.value(QStringLiteral("tts.voice")), QStringLiteral("file"));
  QCOMPARE(loaded->origin.value(QStringLiteral("server.port")), QStringLiteral("env DRAGOMAN_SERVER_PORT"));
  QCOMPARE(loaded->origin.value(QStringLiteral("asr.language")), QStringLiteral("command line"));
  QCOMPARE(loaded->origin.value(QStringLiteral("audio.sample_rate")), QStringLiteral("default"));
  QCOMPARE(loaded->config.tts.voice, QStringLiteral("anna"));
  QCOMPARE(loaded->config.server.port, 9001);
  QCOMPARE(loaded->config.asr.language, QStringLiteral("fr"));
  for (const Key &key : schema::keys())
    QVERIFY2(loaded->origin.contains(key.path()), qPrintable(key.path()));
}

void TestConfig::errors_data() {
  QTest::addColumn<QByteArray>("file"); // null: no file
  QTest::addColumn<bool>("required");
  QTest::addColumn<QStringList>("env");
  QTest::addColumn<QStringList>("overrides");
  QTest::addColumn<QString>("expected"); // %FILE% stands for the file's path
  QTest::addColumn<bool>("prefixOnly");  // yaml-cpp words its own messages

  const QStringList none;
  const QByteArray noFile;
  const QString ttsKeys = QStringLiteral("tts has: engine, model, voice, words_per_minute, seed, speaker, rate, volume, pause_ms, level_db, catch_up_rate, to_me_max_wait_s");
  const QString sections = QStringLiteral("sections are: audio, asr, translation, tts, pipeline, inference, models, memory, "
                                          "profiling, server, storage, logging");

  QTest::newRow("int out of range in file")
      << QByteArray("# comment\n\naudio:\n  sample_rate: 16000\n\ntts:\n  words_per_minute: 1000\n") << true << none
      << none << QStringLiteral("%FILE%:7: tts.words_per_minute: 1000 is out of range (80..450)") << false;
  QTest::newRow("int below range in env")
      << noFile << false << QStringList{QStringLiteral("DRAGOMAN_SERVER_PORT=-1")} << none
      << QStringLiteral("environment DRAGOMAN_SERVER_PORT: server.port: -1 is out of range (0..65535)") << false;
  QTest::newRow("double out of range on command line")
      << noFile << false << none << QStringList{QStringLiteral("pipeline.silence_threshold_db=5")}
      << QStringLiteral("command line: pipeline.silence_threshold_db: 5 is out of range (-90..0)") << false;
  QTest::newRow("enum in env")
      << noFile << false << QStringList{QStringLiteral("DRAGOMAN_ASR_ENGINE=foo")} << none
      << QStringLiteral("environment DRAGOMAN_ASR_ENGINE: asr.engine: 'foo' is not one of: pocketsphinx, whisper")
      << false;
  QTest::newRow("enum in file") << QByteArray("logging:\n  format: xml\n") << true << none << none
                                << QStringLiteral("%FILE%:2: logging.format: 'xml' is not one of: text, json") << false;
  QTest::newRow("string for int") << noFile << false << none << QStringList{QStringLiteral("server.port=abc")}
                                  << QStringLiteral("command line: server.port: 'abc' is not a whole number") << false;
  QTest::newRow("fraction for int") << QByteArray("pipeline:\n  queue_capacity: 8.5\n") << true << none << none
                                    << QStringLiteral("%FILE%:2: pipeline.queue_capacity: '8.5' is not a whole number")
                                    << false;
  QTest::newRow("string for double")
      << noFile << false << QStringList{QStringLiteral("DRAGOMAN_PIPELINE_MAX_SEGMENT_SECONDS=fast")} << none
      << QStringLiteral("environment DRAGOMAN_PIPELINE_MAX_SEGMENT_SECONDS: pipeline.max_segment_seconds: "
                        "'fast' is not a number")
      << false;
  QTest::newRow("maybe for bool")
      << QByteArray("server:\n  enabled: maybe\n") << true << none << none
      << QStringLiteral("%FILE%:2: server.enabled: 'maybe' is not a boolean (true/false, yes/no, on/off, 1/0)")
      << false;
  QTest::newRow("missing int value") << QByteArray("server:\n  port:\n") << true << none << none
                                     << QStringLiteral("%FILE%:2: server.port: missing value (0..65535)") << false;
  QTest::newRow("empty required string") << noFile << false << QStringList{QStringLiteral("DRAGOMAN_SERVER_BIND=")}
                                         << none
                                         << QStringLiteral(
                                                "environment DRAGOMAN_SERVER_BIND: server.bind: must not be empty")
                                         << false;
  QTest::newRow("list for scalar") << QByteArray("tts:\n  voice: [a, b]\n") << true << none << none
                                   << QStringLiteral("%FILE%:2: tts.voice: expected a single value, not a list")
                                   << false;
  QTest::newRow("unknown key in file") << QByteArray("tts:\n  voice: x\n  loudness: 3\n") << true << none << none
                                       << QStringLiteral("%FILE%:3: tts.loudness: unknown key; ") + ttsKeys << false;
  QTest::newRow("misspelt key in file") << QByteArray("tts:\n  words_per_minut: 200\n") << true << none << none
                                        << QStringLiteral("%FILE%:2: tts.words_per_minut: unknown key; ") + ttsKeys +
                                               QStringLiteral("; did you mean 'words_per_minute'?")
                                        << false;
  QTest::newRow("unknown section in file")
      << QByteArray("audio:\n  sample_rate: 48000\ntss:\n  voice: x\n") << true << none << none
      << QStringLiteral("%FILE%:3: tss: unknown section; ") + sections + QStringLiteral("; did you mean 'tts'?")
      << false;
  QTest::newRow("duplicate key") << QByteArray("tts:\n  voice: a\n  voice: b\n") << true << none << none
                                 << QStringLiteral("%FILE%:3: tts.voice: key appears twice") << false;
  QTest::newRow("section not a mapping")
      << QByteArray("tts: 5\n") << true << none << none
      << QStringLiteral("%FILE%:1: tts: expected a mapping of keys (engine, model, voice, words_per_minute, seed, speaker, rate, volume, pause_ms, level_db, catch_up_rate, to_me_max_wait_s)") << false;
  QTest::newRow("top level is a list") << QByteArray("- audio\n- tts\n") << true << none << none
                                       << QStringLiteral("%FILE%:1: the top level must be a mapping of sections (")
                                       << true;
  QTest::newRow("top level is a scalar") << QByteArray("\nhello\n") << true << none << none
                                         << QStringLiteral("%FILE%:2: the top level must be a mapping of sections (")
                                         << true;
  QTest::newRow("malformed YAML") << QByteArray("tts:\n  voice: a\n  engine: [vits\n") << true << none << none
                                  << QStringLiteral("%FILE%:4: malformed YAML: ") << true;
  QTest::newRow("bad indentation") << QByteArray("tts:\n  voice: a\n engine: vits\n") << true << none << none
                                   << QStringLiteral("%FILE%:3: malformed YAML: ") << true;
  QTest::newRow("two documents") << QByteArray("tts:\n  voice: a\n---\nasr:\n  engine: whisper\n") << true << none
                                 << none << QStringLiteral("%FILE%:4: the file holds more than one YAML document (---)")
                                 << false;
  QTest::newRow("list as section name") << QByteArray("? [a, b]\n: c\n") << true << none << none
                                        << QStringLiteral("%FILE%:1: section names must be plain words, not a list")
                                        << false;
  QTest::newRow("duplicate section") << QByteArray("tts:\n  voice: a\ntts:\n  voice: b\n") << true << none << none
                                     << QStringLiteral("%FILE%:3: tts: section appears twice") << false;
  QTest::newRow("duplicate key in flow mapping") << QByteArray("tts: {voice: x, voice: y}\n") << true << none << none
                                                 << QStringLiteral("%FILE%:1: tts.voice: key appears twice") << false;
  QTest::newRow("NUL bytes") << QByteArray("\0\x01tts:\n", 7) << true << none << none
                             << QStringLiteral("%FILE%:1: the top level must be a mapping of sections (") << true;
  QTest::newRow("stray closing brace") << QByteArray("# junk\n,2}8 tts\n") << true << none << none
                                       << QStringLiteral("%FILE%:2: malformed YAML: expected a mapping of sections")
                                       << false;
  QTest::newRow("invalid UTF-8") << QByteArray("tts:\n  voice: caf\xc3\n") << true << none << none
                                 << QStringLiteral("%FILE%:2: the file is not valid UTF-8 text") << false;
  QTest::newRow("UTF-16 file") << QByteArray("\xff\xfet\0t\0s\0:\0\n\0", 12) << true << none << none
                               << QStringLiteral("%FILE%:1: the file is not valid UTF-8 text") << false;
  QTest::newRow("missing required file") << noFile << true << none << none
                                         << QStringLiteral("%FILE%: configuration file not found") << false;
  QTest::newRow("unknown env key") << noFile << false << QStringList{QStringLiteral("DRAGOMAN_TTS_LOUDNESS=2")} << none
                                   << QStringLiteral("environment DRAGOMAN_TTS_LOUDNESS: tts.loudness: unknown key; ") +
                                          ttsKeys
                                   << false;
  QTest::newRow("unknown override key") << noFile << false << none << QStringList{QStringLiteral("tts.voise=anna")}
                                        << QStringLiteral("command line: tts.voise: unknown key; ") + ttsKeys +
                                               QStringLiteral("; did you mean 'voice'?")
                                        << false;
  QTest::newRow("unknown override section")
      << noFile << false << none << QStringList{QStringLiteral("video.fps=30")}
      << QStringLiteral("command line: video: unknown section; ") + sections << false;
  QTest::newRow("override without =") << noFile << false << none << QStringList{QStringLiteral("tts.voice")}
                                      << QStringLiteral("command line: 'tts.voice': expected section.key=value")
                                      << false;
  QTest::newRow("override without section")
      << noFile << false << none << QStringList{QStringLiteral("voice=anna")}
      << QStringLiteral("command line: 'voice=anna': expected section.key=value") << false;
  QTest::newRow("same languages")
      << QByteArray("translation:\n  target_language: EN\n") << true << none << none
      << QStringLiteral("translation.target_language: 'EN' is the same as translation.source_language; "
                        "choose another target language")
      << false;
  QTest::newRow("silence longer than segment")
      << noFile << false << none
      << QStringList{QStringLiteral("pipeline.max_segment_seconds=1"), QStringLiteral("pipeline.min_silence_ms=1000")}
      << QStringLiteral("pipeline.min_silence_ms: 1000 must be shorter than pipeline.max_segment_seconds (1 s)")
      << false;
}

void TestConfig::errors() {
  QFETCH(QByteArray, file);
  QFETCH(bool, required);
  QFETCH(QStringList, env);
  QFETCH(QStringList, overrides);
  QFETCH(QString, expected);
  QFETCH(bool, prefixOnly);

  LoadOptions options;
  options.filePath = file.isNull() ? m_dir.filePath(QStringLiteral("absent.yaml")) : writeFile(file);
  options.fileRequired = required;
  options.environment = makeEnvironment(env);
  options.overrides = overrides;
  expected.replace(QStringLiteral("%FILE%"), options.filePath);

  const Result<Loaded> loaded = load(options);
  QVERIFY(!loaded.ok());
  QCOMPARE(loaded.error().kind, ErrorKind::Config);
  const QString message = loaded.error().message;
  QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
  if (prefixOnly)
    QVERIFY2(message.startsWith(expected) && message.size() > expected.size(), qPrintable(message));
  else
    QCOMPARE(message, expected);
}

void TestConfig::acceptedSpellings_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("expected");
  for (const char *yes : {"true", "True", "YES", "on", "1"})
    QTest::newRow(yes) << QStringLiteral("server.enabled") << QString::fromLatin1(yes) << QStringLiteral("true");
  for (const char *no : {"false", "no", "Off", "0"})
    QTest::newRow(no) << QStringLiteral("profiling.enabled") << QString::fromLatin1(no) << QStringLiteral("false");
  QTest::newRow("enum case") << QStringLiteral("asr.engine") << QStringLiteral("Whisper") << QStringLiteral("whisper");
  QTest::newRow("int spaces") << QStringLiteral("server.port") << QStringLiteral(" 8080 ") << QStringLiteral("8080");
  QTest::newRow("double int") << QStringLiteral("pipeline.max_segment_seconds") << QStringLiteral("7")
                              << QStringLiteral("7");
  QTest::newRow("unicode") << QStringLiteral("tts.voice") << QStringLiteral("Jürgen ☺") << QStringLiteral("Jürgen ☺");
  QTest::newRow("home") << QStringLiteral("logging.file") << QStringLiteral("~/x.log")
                        << QDir::homePath() + QStringLiteral("/x.log");
}

void TestConfig::acceptedSpellings() {
  QFETCH(QString, key);
  QFETCH(QString, text);
  QFETCH(QString, expected);
  const qsizetype dot = key.indexOf(QLatin1Char('.'));
  const Key *k = schema::find(key.left(dot), key.mid(dot + 1));
  QVERIFY(k);
  // The same text through each layer gives the same value.
  LoadOptions viaFile;
  viaFile.environment = QProcessEnvironment();
  viaFile.filePath = writeFile(QStringLiteral("%1:\n  %2: \"%3\"\n").arg(k->section, k->name, text).toUtf8());
  LoadOptions viaEnv;
  viaEnv.environment = makeEnvironment({k->environmentVariable() + QLatin1Char('=') + text});
  LoadOptions viaOverride;
  viaOverride.environment = QProcessEnvironment();
  viaOverride.overrides = {key + QLatin1Char('=') + text};
  for (const LoadOptions &options : {viaFile, viaEnv, viaOverride}) {
    const Result<Loaded> loaded = load(options);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
    QCOMPARE(valueText(loaded->config, key), expected);
  }
}

void TestConfig::foreignEnvironmentIgnored() {
  LoadOptions options;
  options.environment =
      makeEnvironment({QStringLiteral("DRAGOMAN_SHARED=/srv/shared"), QStringLiteral("DRAGOMAN_SHARED_DEFAULT=/x"),
                       QStringLiteral("DRAGOMAN_CONFIG=/y.yaml"), QStringLiteral("DRAGOMAN_=1"),
                       QStringLiteral("PATH=/usr/bin"), QStringLiteral("TTS_SPEED=3")});
  const Result<Loaded> loaded = load(options);
  QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
  QVERIFY(loaded->config == Config{});
}

void TestConfig::emptyFiles_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::newRow("empty") << QByteArray();
  QTest::newRow("comments") << QByteArray("# nothing here\n\n# at all\n");
  QTest::newRow("empty sections") << QByteArray("audio:\ntts:\n");
  QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbftts:\n  voice: \"\"\n");
  QTest::newRow("document markers") << QByteArray("%YAML 1.2\n---\n# empty\n...\n");
  QTest::newRow("null document") << QByteArray("---\n~\n");
  QTest::newRow("null string") << QByteArray("tts:\n  voice:\n  model: ~\n");
}

void TestConfig::emptyFiles() {
  QFETCH(QByteArray, content);
  LoadOptions options;
  options.filePath = writeFile(content);
  options.fileRequired = true;
  options.environment = QProcessEnvironment();
  const Result<Loaded> loaded = load(options);
  QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
  QVERIFY(loaded->config == Config{});
  QCOMPARE(loaded->filePath, options.filePath);
}

void TestConfig::defaultFileLocation() {
  const QString path = defaultConfigPath();
  QVERIFY(path.endsWith(QStringLiteral("/dragoman/dragoman.yaml")));
  QVERIFY(dataDir().endsWith(QStringLiteral("/dragoman")));
  QVERIFY(cacheDir().endsWith(QStringLiteral("/dragoman")));
  QCOMPARE(databasePath(StorageConfig{}), dataDir() + QStringLiteral("/history.sqlite"));
  QCOMPARE(databasePath(StorageConfig{true, QStringLiteral("/db.sqlite")}), QStringLiteral("/db.sqlite"));

  QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write("tts:\n  words_per_minute: 222\n");
  file.close();

  LoadOptions options; // no filePath: the default file is read when it exists
  options.environment = QProcessEnvironment();
  const Result<Loaded> loaded = load(options);
  QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
  QCOMPARE(loaded->filePath, path);
  QCOMPARE(loaded->config.tts.wordsPerMinute, 222);
  QVERIFY(QFile::remove(path));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
