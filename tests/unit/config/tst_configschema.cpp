// The schema table, Key parsing/checking, validate() and the environment variable names.

#include "core/config/config.h"
#include "core/config/schema.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <limits>

using namespace dragoman;
using namespace dragoman::config;

namespace {

const Key *keyAt(const QString &path) {
  const qsizetype dot = path.indexOf(QLatin1Char('.'));
  return schema::find(path.left(dot), path.mid(dot + 1));
}

} // namespace

class TestConfigSchema : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void sections();
  void tableIsConsistent();
  void defaults_data();
  void defaults();
  void environmentVariableNames_data();
  void environmentVariableNames();
  void validateDefaults();
  void validateErrors_data();
  void validateErrors();
  void closestMatch_data();
  void closestMatch();
};

void TestConfigSchema::sections() {
  QCOMPARE(
      schema::sectionNames(),
      (QStringList{QStringLiteral("audio"), QStringLiteral("asr"), QStringLiteral("translation"), QStringLiteral("tts"),
                   QStringLiteral("pipeline"), QStringLiteral("inference"), QStringLiteral("models"), QStringLiteral("memory"), QStringLiteral("profiling"),
                   QStringLiteral("server"), QStringLiteral("storage"), QStringLiteral("logging")}));
  for (const Section &s : schema::sections()) {
    QVERIFY2(!schema::keyNames(s.name).isEmpty(), qPrintable(s.name));
    QVERIFY(!s.description.isEmpty());
  }
  QVERIFY(!schema::hasSection(u"video"));
  QVERIFY(!schema::find(u"tts", u"speed"));
}

void TestConfigSchema::tableIsConsistent() {
  static const QRegularExpression snake(QStringLiteral("^[a-z][a-z0-9]*(_[a-z0-9]+)*$"));
  QSet<QString> paths;
  for (const Key &key : schema::keys()) {
    QVERIFY2(snake.match(key.name).hasMatch(), qPrintable(key.path()));
    QVERIFY2(schema::hasSection(key.section), qPrintable(key.path()));
    QVERIFY2(!paths.contains(key.path()), qPrintable(key.path()));
    paths.insert(key.path());
    QVERIFY2(!key.description.isEmpty() && !key.description.contains(QLatin1Char('\n')), qPrintable(key.path()));
    QVERIFY2(key.check(key.defaultValue()).isEmpty(), qPrintable(key.path()));
    if (key.type == KeyType::Int || key.type == KeyType::Double)
      QVERIFY2(key.minimum < key.maximum, qPrintable(key.path()));
    if (key.type == KeyType::Enum)
      QVERIFY2(key.allowed.size() >= 2, qPrintable(key.path()));
    // Every key's setter writes what its getter reads, and no other key.
    Config config;
    const Result<QVariant> other =
        key.parse(key.type == KeyType::Bool                                 ? QStringLiteral("true")
                  : key.type == KeyType::Enum                               ? key.allowed.last()
                  : key.type == KeyType::Int || key.type == KeyType::Double ? QString::number(key.maximum, 'f', 0)
                                                                            : QStringLiteral("zz"));
    QVERIFY2(other.ok(), qPrintable(key.path()));
    key.set(config, *other);
    QCOMPARE(key.get(config), *other);
    int changed = 0;
    for (const Key &k : schema::keys())
      changed += k.get(config) != k.defaultValue() ? 1 : 0;
    QVERIFY2(changed <= 1, qPrintable(key.path()));
  }
  QCOMPARE(paths.size(), 90);
}

void TestConfigSchema::defaults_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("value");
  const char *const rows[][2] = {
      {"audio.input_device", "default"},
      {"audio.output_device", "default"},
      {"audio.sample_rate", "16000"},
      {"audio.volume", "1"},
      {"audio.echo_gate", "gate"},
      {"audio.echo_tail_ms", "300"},
      {"asr.engine", "pocketsphinx"},
      {"asr.model", ""},
      {"asr.language", "en"},
      {"asr.max_tokens", "0"},
      {"translation.engine", "auto"},
      {"translation.model", ""},
      {"translation.source_language", "en"},
      {"translation.target_language", "es"},
      {"translation.timeout_ms", "30000"},
      {"translation.max_tokens_per_word", "0"},
      {"translation.clause_words", "10"},
      {"translation.provisional", "true"},
      {"tts.engine", "auto"},
      {"tts.model", ""},
      {"tts.voice", ""},
      {"tts.words_per_minute", "175"},
      {"tts.seed", "0"},
      {"tts.speaker", "0"},
      {"tts.rate", "1"},
      {"tts.volume", "1"},
      {"tts.pause_ms", "250"},
      {"tts.level_db", "-20"},
      {"tts.catch_up_rate", "1.3"},
      {"tts.to_me_max_wait_s", "1"},
      {"pipeline.queue_capacity", "8"},
      {"pipeline.max_segment_seconds", "20"},
      {"pipeline.min_silence_ms", "500"},
      {"pipeline.silence_threshold_db", "-40"},
      {"pipeline.vad_aggressiveness", "2"},
      {"pipeline.min_speech_ms", "250"},
      {"pipeline.pre_roll_ms", "300"},
      {"pipeline.segment_overlap_ms", "500"},
      {"memory.gpu_limit_mb", "0"},
      {"memory.ram_warning_percent", "90"},
      {"memory.rss_limit_mb", "0"},
      {"memory.on_pressure", "unload-idle-models"},
      {"memory.on_gpu_pressure", "release-gpu-cache"},
      {"memory.idle_unload_s", "60"},
      {"memory.fallback_asr_model", ""},
      {"memory.fallback_mt_model", ""},
      {"memory.sample_interval_ms", "1000"},
      {"profiling.enabled", "true"},
      {"profiling.export_on_exit", ""},
      {"profiling.export_format", "auto"},
      {"profiling.budget_asr_ms", "2000"},
      {"profiling.budget_mt_ms", "1000"},
      {"profiling.budget_tts_ms", "1000"},
      {"profiling.realtime_warning", "0.8"},
      {"profiling.stats_interval_s", "5"},
      {"server.enabled", "false"},
      {"server.bind", "127.0.0.1"},
      {"server.port", "8765"},
      {"storage.enabled", "true"},
      {"storage.database", ""},
      {"storage.flush_interval_ms", "1000"},
      {"storage.max_size_mb", "0"},
      {"storage.retention_days", "0"},
      {"logging.level", "info"},
      {"logging.format", "text"},
      {"logging.file", ""},
      {"logging.max_file_size_mb", "10"},
      {"logging.max_files", "5"},
  };
  for (const auto &row : rows)
    QTest::newRow(row[0]) << QString::fromLatin1(row[0]) << QString::fromLatin1(row[1]);
}

void TestConfigSchema::defaults() {
  QFETCH(QString, key);
  QFETCH(QString, value);
  const Key *k = keyAt(key);
  QVERIFY(k);
  QCOMPARE(k->format(k->defaultValue()), value);
}

void TestConfigSchema::environmentVariableNames_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QString>("variable");
  QTest::newRow("target language") << QStringLiteral("translation.target_language")
                                   << QStringLiteral("DRAGOMAN_TRANSLATION_TARGET_LANGUAGE");
  QTest::newRow("queue") << QStringLiteral("pipeline.queue_capacity")
                         << QStringLiteral("DRAGOMAN_PIPELINE_QUEUE_CAPACITY");
  QTest::newRow("asr engine") << QStringLiteral("asr.engine") << QStringLiteral("DRAGOMAN_ASR_ENGINE");
  QTest::newRow("log size") << QStringLiteral("logging.max_file_size_mb")
                            << QStringLiteral("DRAGOMAN_LOGGING_MAX_FILE_SIZE_MB");
}

void TestConfigSchema::environmentVariableNames() {
  QFETCH(QString, key);
  QFETCH(QString, variable);
  const Key *k = keyAt(key);
  QVERIFY(k);
  QCOMPARE(k->environmentVariable(), variable);
  const QStringList all = environmentVariables();
  QVERIFY(all.contains(variable));
  QCOMPARE(all.size(), schema::keys().size());
  QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), all.size());
  for (const QString &name : all)
    QVERIFY2(name.startsWith(QStringLiteral("DRAGOMAN_")) && name == name.toUpper(), qPrintable(name));
}

void TestConfigSchema::validateDefaults() { QVERIFY(validate(Config{}).ok()); }

void TestConfigSchema::validateErrors_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QVariant>("value");
  QTest::addColumn<QString>("expected");
  QTest::newRow("int") << QStringLiteral("tts.words_per_minute") << QVariant(1000)
                       << QStringLiteral("tts.words_per_minute: 1000 is out of range (80..450)");
  QTest::newRow("int low") << QStringLiteral("memory.gpu_limit_mb") << QVariant(-1)
                           << QStringLiteral("memory.gpu_limit_mb: -1 is out of range (0..1048576)");
  QTest::newRow("double") << QStringLiteral("pipeline.max_segment_seconds") << QVariant(30.5)
                          << QStringLiteral("pipeline.max_segment_seconds: 30.5 is out of range (1..30)");
  QTest::newRow("nan") << QStringLiteral("pipeline.silence_threshold_db")
                       << QVariant(std::numeric_limits<double>::quiet_NaN())
                       << QStringLiteral("pipeline.silence_threshold_db: nan is out of range (-90..0)");
  QTest::newRow("enum") << QStringLiteral("tts.engine") << QVariant(QStringLiteral("Vits"))
                        << QStringLiteral("tts.engine: 'Vits' is not one of: auto, espeak-ng, vits");
  QTest::newRow("empty") << QStringLiteral("asr.language") << QVariant(QStringLiteral(" "))
                         << QStringLiteral("asr.language: must not be empty");
  QTest::newRow("same languages") << QStringLiteral("translation.source_language") << QVariant(QStringLiteral("es"))
                                  << QStringLiteral("translation.target_language: 'es' is the same as "
                                                    "translation.source_language; choose another target language");
}

void TestConfigSchema::validateErrors() {
  QFETCH(QString, key);
  QFETCH(QVariant, value);
  QFETCH(QString, expected);
  const Key *k = keyAt(key);
  QVERIFY(k);
  Config config;
  k->set(config, value);
  const Status status = validate(config);
  QVERIFY(!status.ok());
  QCOMPARE(status.error().kind, ErrorKind::Config);
  QCOMPARE(status.error().message, expected);
}

void TestConfigSchema::closestMatch_data() {
  QTest::addColumn<QString>("word");
  QTest::addColumn<QString>("expected");
  QTest::newRow("one letter") << QStringLiteral("voise") << QStringLiteral("voice");
  QTest::newRow("missing letter") << QStringLiteral("words_per_minut") << QStringLiteral("words_per_minute");
  QTest::newRow("case") << QStringLiteral("Engine") << QStringLiteral("engine");
  QTest::newRow("unrelated") << QStringLiteral("loudness") << QString();
  QTest::newRow("empty") << QString() << QString();
  QTest::newRow("too short to guess") << QStringLiteral("v") << QString();
}

void TestConfigSchema::closestMatch() {
  QFETCH(QString, word);
  QFETCH(QString, expected);
  QCOMPARE(schema::closestMatch(word, schema::keyNames(u"tts")), expected);
}

QTEST_GUILESS_MAIN(TestConfigSchema)
#include "tst_configschema.moc"
