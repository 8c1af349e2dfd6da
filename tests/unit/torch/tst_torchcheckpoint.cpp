// The pytorch_model.bin fallback: a folder that has only a PyTorch checkpoint (torch.save's zip
// format) loads and computes the same encoder output as its safetensors twin; a damaged checkpoint
// is a clear error.
#include "core/inference/torch/runtime/device.h"
#include "core/inference/torch/runtime/errors.h"
#include "core/inference/torch/runtime/safetensors.h"
#include "core/inference/torch/whisper/loader.h"
#include "tests/unit/torch/fixturecases.h"
#include "tests/support/testpaths.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <torch/serialize.h>

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace dragoman;
using namespace dragoman::torchrt;

class TestTorchCheckpoint : public QObject {
  Q_OBJECT
  QString m_fixture;
  QTemporaryDir m_dir;

  void writeBin(const QByteArray &bytes) {
    QFile out(m_dir.filePath(QStringLiteral("pytorch_model.bin")));
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(bytes);
  }

private Q_SLOTS:
  void initTestCase() {
    const QString weights = test::sharedFile(QStringLiteral("fixtures/whisper-tiny-random/model.safetensors"));
    if (weights.isEmpty())
      QSKIP("shared fixture whisper-tiny-random not found: set DRAGOMAN_SHARED to the shared/ folder");
    m_fixture = QFileInfo(weights).absolutePath();
    QVERIFY(QFile::copy(m_fixture + QStringLiteral("/config.json"), m_dir.filePath(QStringLiteral("config.json"))));
    // The safetensors weights as a state dict in a PyTorch checkpoint.
    const auto file = SafetensorsFile::open(weights.toStdString());
    c10::impl::GenericDict dict(c10::StringType::get(), c10::TensorType::get());
    for (const auto &[name, view] : file->tensors()) {
      const std::vector<int64_t> shape(view.shape.begin(), view.shape.end());
      dict.insert(name, at::from_blob(const_cast<std::byte *>(view.data), shape, at::kFloat).clone());
    }
    const std::vector<char> bytes = torch::pickle_save(dict);
    writeBin(QByteArray(bytes.data(), qsizetype(bytes.size())));
  }

  void loadsAndMatchesSafetensors() {
    c10::InferenceMode guard;
    const ResolvedRuntime cpu = resolveRuntime(RuntimeOptions{"cpu", "float32", 0});
    const auto fromBin = whisper::loadWhisperModel(m_dir.path().toStdString(), cpu);
    const auto fromSafetensors = whisper::loadWhisperModel(m_fixture.toStdString(), cpu);
    const test::FixtureCases cases(m_fixture + QStringLiteral("/cases.safetensors"));
    const at::Tensor mel = cases.get("jfk.mel").unsqueeze(0);
    const double diff = (fromBin->encode(mel) - fromSafetensors->encode(mel)).abs().max().item<double>();
    QCOMPARE(diff, 0.0);
    const at::Tensor prompt = cases.get("jfk.prompt").unsqueeze(0);
    const at::Tensor logits = fromBin->logitsFull(fromBin->encode(mel), prompt);
    QVERIFY((logits[0] - cases.get("jfk.prompt_logits")).abs().max().item<double>() < 1e-3);
  }

  void damagedCheckpointIsAClearError() {
    QFile in(m_dir.filePath(QStringLiteral("pytorch_model.bin")));
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QByteArray whole = in.readAll();
    in.close();
    writeBin(whole.left(whole.size() / 3));
    try {
      whisper::loadWhisperModel(m_dir.path().toStdString(), resolveRuntime(RuntimeOptions{"cpu", "float32", 0}));
      QFAIL("a truncated checkpoint loaded");
    } catch (const ModelError &e) {
      QCOMPARE(e.code(), ErrorCode::Corrupt);
      QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("pytorch_model.bin")), e.what());
    }
    writeBin(whole);
  }
};

QTEST_GUILESS_MAIN(TestTorchCheckpoint)
#include "tst_torchcheckpoint.moc"
