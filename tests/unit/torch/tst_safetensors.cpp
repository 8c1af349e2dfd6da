// The safetensors reader: round trip, sharded folders, and every kind of damage rejected with a
// clear error (never a crash or a read outside the file).
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"
#include "core/inference/torch/runtime/weights.h"

#include <ATen/ATen.h>

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace dragoman::torchrt;

namespace {

TensorData floats(const std::string &name, std::vector<std::int64_t> shape, float start) {
  TensorData t{name, DType::F32, std::move(shape), {}};
  std::int64_t n = 1;
  for (auto d : t.shape)
    n *= d;
  t.bytes.resize(static_cast<size_t>(n) * 4);
  for (std::int64_t i = 0; i < n; ++i) {
    const float v = start + float(i);
    std::memcpy(t.bytes.data() + i * 4, &v, 4);
  }
  return t;
}

QByteArray readAll(const QString &path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &data) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  f.write(data);
}

// A file with the given header text and data bytes.
QByteArray withHeader(const QByteArray &json, int dataBytes) {
  QByteArray out(8, '\0');
  const quint64 n = quint64(json.size());
  for (int i = 0; i < 8; ++i)
    out[i] = char((n >> (8 * i)) & 0xff);
  return out + json + QByteArray(dataBytes, '\x01');
}

// The path of the file mapping that holds address p in this process, or "" when none does.
std::string mappingOf(const void *p) {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream in(line);
    std::string range, perms, offset, dev, inode, file;
    in >> range >> perms >> offset >> dev >> inode >> file;
    const std::size_t dash = range.find('-');
    const std::uintptr_t lo = std::stoull(range.substr(0, dash), nullptr, 16), hi = std::stoull(range.substr(dash + 1), nullptr, 16);
    if (a >= lo && a < hi)
      return file;
  }
  return {};
}

} // namespace

class TestSafetensors : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

  QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private Q_SLOTS:
  void roundTrip() {
    writeSafetensors(path("a.safetensors").toStdString(), {floats("w", {2, 3}, 1), floats("b", {3}, 10)}, {{"format", "pt"}});
    auto f = SafetensorsFile::open(path("a.safetensors").toStdString());
    QCOMPARE(f->tensors().size(), size_t(2));
    QCOMPARE(f->metadata().at("format"), std::string("pt"));
    const TensorView *w = f->find("w");
    QVERIFY(w);
    QCOMPARE(w->shape, (std::vector<std::int64_t>{2, 3}));
    QCOMPARE(w->numel(), 6LL);
    float v = 0;
    std::memcpy(&v, w->data + 5 * 4, 4);
    QCOMPARE(v, 6.0f);
    QVERIFY(!f->find("nope"));
    QVERIFY(!QFile::exists(path("a.safetensors.part")));
  }

  // Weights already in the runtime's dtype on the CPU view the file's read-only mapping instead of
  // copying it, and keep it alive after the loader is gone; other dtypes are converted.
  void loaderViewsTheMappingWhenNoConversionIsNeeded() {
    QTemporaryDir dir;
    TensorData half{"h", DType::F16, {2}, {}};
    half.bytes = {std::byte{0x00}, std::byte{0x3c}, std::byte{0x00}, std::byte{0x40}}; // 1.0, 2.0
    const QString file = dir.filePath(QStringLiteral("model.safetensors"));
    writeSafetensors(file.toStdString(), {floats("w", {3, 4}, 1), half});
    ResolvedRuntime cpu;
    cpu.device = "cpu";
    cpu.dtype = "float32";
    at::Tensor w, h;
    {
      WeightLoader loader(dir.path().toStdString(), cpu);
      w = loader.get("w", {3, 4});
      h = loader.get("h", {2});
    }
    QCOMPARE(w.scalar_type(), at::kFloat);
    QCOMPARE(w[2][3].item<float>(), 12.0f);
    QCOMPARE(QString::fromStdString(mappingOf(w.data_ptr())), QFileInfo(file).canonicalFilePath());
    QCOMPARE(h.scalar_type(), at::kFloat);
    QCOMPARE(h[1].item<float>(), 2.0f);
    QVERIFY(mappingOf(h.data_ptr()).empty() || mappingOf(h.data_ptr()) != QFileInfo(file).canonicalFilePath().toStdString());
    // The folder removed: the mapping (and the weights) live on with the tensor.
    QVERIFY(dir.remove());
    QCOMPARE(w.sum().item<float>(), 78.0f);
  }

  void shardedFolder() {
    QTemporaryDir dir;
    writeSafetensors(dir.filePath(QStringLiteral("model-00001-of-00002.safetensors")).toStdString(), {floats("a", {2}, 0)});
    writeSafetensors(dir.filePath(QStringLiteral("model-00002-of-00002.safetensors")).toStdString(), {floats("b", {2}, 5)});
    writeAll(dir.filePath(QStringLiteral("model.safetensors.index.json")),
             R"({"metadata":{},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}})");
    const SafetensorsSet set = SafetensorsSet::openFolder(dir.path().toStdString());
    QCOMPARE(set.names().size(), size_t(2));
    QVERIFY(set.find("b"));
    QVERIFY(QString::fromStdString(set.fileOf("b")).endsWith(QStringLiteral("00002-of-00002.safetensors")));
    // An index that places a tensor in the wrong shard is rejected.
    writeAll(dir.filePath(QStringLiteral("model.safetensors.index.json")),
             R"({"weight_map":{"a":"model-00002-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}})");
    QVERIFY_THROWS_EXCEPTION(ModelError, SafetensorsSet::openFolder(dir.path().toStdString()));
    writeAll(dir.filePath(QStringLiteral("model.safetensors.index.json")), R"({"weight_map":{"a":"../etc/passwd"}})");
    QVERIFY_THROWS_EXCEPTION(ModelError, SafetensorsSet::openFolder(dir.path().toStdString()));
  }

  void emptyFolderIsNotFound() {
    QTemporaryDir dir;
    try {
      SafetensorsSet::openFolder(dir.path().toStdString());
      QFAIL("opened an empty folder");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::NotFound);
    }
  }

  void rejectsDamage_data() {
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << QByteArray() << "shorter than the 8-byte header";
    QTest::newRow("huge header length") << QByteArray("\xff\xff\xff\xff\xff\xff\xff\x7f{}", 10) << "does not fit";
    QTest::newRow("not json") << withHeader("{\"a\":", 0) << "not a JSON object";
    QTest::newRow("unknown dtype") << withHeader(R"({"a":{"dtype":"F8","shape":[1],"data_offsets":[0,1]}})", 1)
                                   << "unsupported dtype F8";
    QTest::newRow("shape vs bytes") << withHeader(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)
                                    << "need 12 bytes but data_offsets span 8";
    QTest::newRow("past the end") << withHeader(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8)
                                  << "outside the data section";
    QTest::newRow("reversed range") << withHeader(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", 8)
                                    << "outside the data section";
    QTest::newRow("overlap") << withHeader(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
                                               "b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12)
                             << "share bytes";
    QTest::newRow("negative dim") << withHeader(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4)
                                  << "not a non-negative integer";
    QTest::newRow("overflowing shape")
        << withHeader(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,4]}})", 4) << "overflows";
    QTest::newRow("bad offsets") << withHeader(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", 4)
                                 << "data_offsets must be [begin, end]";
    QTest::newRow("metadata not strings") << withHeader(R"({"__metadata__":{"x":1}})", 0) << "not a string";
  }
  void rejectsDamage() {
    QFETCH(QByteArray, file);
    QFETCH(QString, message);
    writeAll(path("bad.safetensors"), file);
    try {
      SafetensorsFile::open(path("bad.safetensors").toStdString());
      QFAIL("accepted a damaged file");
    } catch (const ModelError &e) {
      const QString what = QString::fromStdString(e.what());
      QVERIFY2(what.contains(message), e.what());
      QVERIFY2(what.contains(QStringLiteral("bad.safetensors")), e.what());
    }
  }

  // Every prefix of a valid file either opens (only the whole file) or throws ModelError.
  void everyTruncationIsRejected() {
    writeSafetensors(path("t.safetensors").toStdString(), {floats("w", {4, 4}, 1), floats("b", {4}, 0)});
    const QByteArray whole = readAll(path("t.safetensors"));
    for (int n = 0; n < whole.size(); ++n) {
      writeAll(path("cut.safetensors"), whole.left(n));
      QVERIFY_THROWS_EXCEPTION(ModelError, SafetensorsFile::open(path("cut.safetensors").toStdString()));
    }
    writeAll(path("cut.safetensors"), whole);
    QVERIFY(SafetensorsFile::open(path("cut.safetensors").toStdString())->find("w"));
  }

  // Random byte flips in the header: ModelError or a file whose views all lie inside it.
  void randomHeaderDamageNeverCrashes() {
    writeSafetensors(path("r.safetensors").toStdString(), {floats("w", {8, 8}, 1), floats("b", {8}, 0)});
    const QByteArray whole = readAll(path("r.safetensors"));
    QRandomGenerator rng(42);
    int rejected = 0;
    for (int round = 0; round < 2000; ++round) {
      QByteArray damaged = whole;
      const int headerEnd = 8 + int(quint8(whole[0]));
      for (int k = 0; k < 3; ++k)
        damaged[rng.bounded(headerEnd)] = char(rng.bounded(256));
      writeAll(path("d.safetensors"), damaged);
      try {
        auto f = SafetensorsFile::open(path("d.safetensors").toStdString());
        const auto *begin = reinterpret_cast<const std::byte *>(f.get()); // unused marker
        Q_UNUSED(begin);
        for (const auto &[name, view] : f->tensors())
          QVERIFY(view.bytes == size_t(view.numel()) * dtypeSize(view.dtype));
      } catch (const ModelError &) {
        ++rejected;
      }
    }
    QVERIFY(rejected > 0);
  }

  void missingFileIsNotFound() {
    try {
      SafetensorsFile::open("/nonexistent/model.safetensors");
      QFAIL("opened a missing file");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::NotFound);
    }
  }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
