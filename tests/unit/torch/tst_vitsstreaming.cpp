// A VITS waveform streamed in pieces (the decoder run piece by piece, each with the spectrogram
// around it) joins into the waveform the whole decoder makes, for both of the generators people
// run (Piper's resblock "2" and Hugging Face's resblock "1"), with the pieces' lengths doubling.
// The networks have the real sizes' kernels, dilations and upsampling (what the context depends
// on) and few channels (so that the test is quick); random weights.
#include "core/inference/torch/vits/bench.h"
#include "core/inference/torch/vits/model.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QTest>

using namespace dragoman::torchrt;
using namespace dragoman::torchrt::vits;

namespace {

VitsConfig narrowed(const std::string &size) {
  VitsConfig c = voiceShape(size);
  c.hiddenSize = c.flowSize = 32;
  c.ffnDim = 64;
  c.durationPredictorFilterChannels = 32;
  c.upsampleInitialChannel = 64;
  c.vocabSize = 40;
  return c;
}

} // namespace

class TestVitsStreaming : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void piecesJoinIntoTheWhole_data() {
    QTest::addColumn<QString>("size");
    QTest::addColumn<double>("noise");
    QTest::newRow("piper-medium (resblock 2), no noise") << QStringLiteral("piper-medium") << 0.0;
    QTest::newRow("piper-medium (resblock 2), noise") << QStringLiteral("piper-medium") << 0.667;
    QTest::newRow("mms (resblock 1), noise") << QStringLiteral("mms") << 0.667;
  }
  void piecesJoinIntoTheWhole() {
    QFETCH(QString, size);
    QFETCH(double, noise);
    c10::InferenceMode mode;
    const VitsConfig config = narrowed(size.toStdString());
    const VitsModel model(VitsModel::randomWeights(config, 3, 3), {}, "random", config,
                          resolveRuntime(RuntimeOptions{"cpu", "float32", 0}));
    std::vector<long long> ids;
    for (int i = 0; i < 60; ++i)
      ids.push_back(1 + (i * 7) % (config.vocabSize - 1));
    SynthesisOptions options = model.defaultOptions();
    options.noiseScale = noise;
    options.noiseScaleDuration = 0; // every id 3 frames: 180
    options.seed = 11;
    const Synthesis whole = model.synthesize(ids, options);
    const int64_t frames = whole.spectrogram.size(2), hop = config.hopLength();
    QCOMPARE(frames, int64_t(180));

    options.firstPieceFrames = 8;
    std::vector<at::Tensor> pieces;
    const Synthesis streamed = model.synthesize(ids, options, [&](const at::Tensor &p) { pieces.push_back(p.clone()); });
    // 8, 16, 32, then 64 and the 60 left (shorter than a piece) together.
    QCOMPARE(pieces.size(), std::size_t(4));
    const std::vector<int64_t> expected{8, 16, 32, 124};
    for (std::size_t i = 0; i < pieces.size(); ++i)
      QCOMPARE(pieces[i].numel(), expected[i] * hop);
    const at::Tensor joined = at::cat(pieces);
    QVERIFY(at::equal(joined, streamed.waveform));
    QCOMPARE(joined.numel(), whole.waveform.numel());
    const double worst = (joined - whole.waveform).abs().max().item<double>();
    const double loudest = whole.waveform.abs().max().item<double>();
    QVERIFY2(loudest > 0.01, "the random decoder makes sound");
    QVERIFY2(worst < 1e-5, qPrintable(QStringLiteral("largest difference %1 (loudest sample %2)").arg(worst).arg(loudest)));
  }

  // A spectrogram shorter than two first pieces is one piece; no piece wanted, no pieces.
  void shortSpeechIsOnePiece() {
    c10::InferenceMode mode;
    const VitsConfig config = narrowed("piper-medium");
    const VitsModel model(VitsModel::randomWeights(config, 3, 3), {}, "random", config,
                          resolveRuntime(RuntimeOptions{"cpu", "float32", 0}));
    SynthesisOptions options = model.defaultOptions();
    options.noiseScaleDuration = 0;
    options.firstPieceFrames = 8;
    int calls = 0;
    const Synthesis s = model.synthesize({1, 2, 3, 4, 5}, options, [&](const at::Tensor &p) {
      ++calls;
      QCOMPARE(p.numel(), int64_t(15) * config.hopLength());
    });
    QCOMPARE(calls, 1);
    QCOMPARE(s.waveform.numel(), int64_t(15) * config.hopLength());
  }

  // The context a frame's samples depend on, from the generator's shape, as counted by hand in
  // output samples: conv_post 3; per stage (last first) the widest residual block (Piper: kernel 7,
  // dilations 3 and 12: 45; MMS: kernel 11, dilations 1, 3, 5, each with a second convolution:
  // 60) at the stage's rate, and 2 inputs of each transposed convolution; conv_pre 3 frames.
  // Piper medium: 3020 samples, 11.8 frames of 256: 13 with the one added; MMS: 3699, 14.4: 16.
  void contextFollowsTheGenerator() {
    c10::InferenceMode mode;
    for (const auto &[size, frames] : {std::pair{"piper-medium", 13}, std::pair{"mms", 16}}) {
      const VitsConfig config = narrowed(size);
      const VitsModel model(VitsModel::randomWeights(config, 3, 3), {}, "random", config,
                            resolveRuntime(RuntimeOptions{"cpu", "float32", 0}));
      QCOMPARE(model.decoderContextFrames(), frames);
    }
  }
};

QTEST_GUILESS_MAIN(TestVitsStreaming)
#include "tst_vitsstreaming.moc"
