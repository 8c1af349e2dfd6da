// The convolutions of the VITS engine (core/inference/torch/vits/conv.h) laid out for oneDNN, and
// transposed convolutions run as their phases, against LibTorch's own conv1d / conv_transpose1d on
// random weights: kernels that the stride does not divide, padding, dilation, depthwise groups,
// no bias, and lengths from one frame up.
#include "core/inference/torch/vits/conv.h"

#include <ATen/ATen.h>
#include <ATen/Context.h>
#include <c10/core/InferenceMode.h>

#include <QTest>

using namespace dragoman::torchrt::vits;

namespace {

double maxDiff(const at::Tensor &a, const at::Tensor &b) { return (a - b).abs().max().item<double>(); }

} // namespace

class TestVitsConv : public QObject {
  Q_OBJECT

private Q_SLOTS:
  void initTestCase() { at::manual_seed(7); }

  void ordinaryMatchesConv1d_data() {
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("dilation");
    QTest::addColumn<int>("groups");
    QTest::addColumn<bool>("bias");
    QTest::newRow("pointwise") << 24 << 40 << 1 << 1 << 1 << true;
    QTest::newRow("kernel 5") << 24 << 48 << 5 << 1 << 1 << true;
    QTest::newRow("dilated 3") << 16 << 16 << 3 << 6 << 1 << true;
    QTest::newRow("depthwise dilated") << 32 << 32 << 3 << 9 << 32 << true;
    QTest::newRow("no bias, kernel 7") << 16 << 1 << 7 << 1 << 1 << false;
  }

  void ordinaryMatchesConv1d() {
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(int, kernel);
    QFETCH(int, dilation);
    QFETCH(int, groups);
    QFETCH(bool, bias);
    c10::InferenceMode guard;
    Conv cv;
    cv.weight = at::randn({out, in / groups, kernel});
    if (bias)
      cv.bias = at::randn({out});
    cv.dilation = dilation;
    cv.groups = groups;
    cv.padding = (kernel * dilation - dilation) / 2;
    const Conv plain = cv;
    cv.prepare();
    QCOMPARE(cv.weight.defined(), !at::hasMKLDNN()); // the plain weight is dropped once laid out
    for (int64_t length : {1, 2, 31, 300}) {
      const at::Tensor x = at::randn({1, in, length});
      const at::Tensor expected = at::conv1d(x, plain.weight, plain.bias, {1}, {plain.padding}, {dilation}, groups);
      const at::Tensor got = cv(x);
      QCOMPARE(got.sizes(), expected.sizes());
      QVERIFY2(maxDiff(got, expected) < 1e-4, qPrintable(QStringLiteral("length %1: differs by %2").arg(length).arg(maxDiff(got, expected))));
    }
  }

  void transposedMatchesConvTranspose1d_data() {
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("kernel");
    QTest::addColumn<int>("stride");
    QTest::newRow("HiFi-GAN 16/8") << 32 << 16 << 16 << 8;
    QTest::newRow("HiFi-GAN 4/2") << 16 << 8 << 4 << 2;
    QTest::newRow("kernel not a multiple of the stride") << 12 << 6 << 11 << 5;
    QTest::newRow("kernel below the stride") << 8 << 4 << 3 << 4;
    QTest::newRow("stride 1") << 8 << 8 << 3 << 1;
  }

  void transposedMatchesConvTranspose1d() {
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(int, kernel);
    QFETCH(int, stride);
    c10::InferenceMode guard;
    Conv cv;
    cv.transposed = true;
    cv.weight = at::randn({in, out, kernel}) * 0.2;
    cv.bias = at::randn({out});
    cv.stride = stride;
    cv.padding = std::max(0, (kernel - stride) / 2);
    const Conv plain = cv;
    cv.prepare();
    for (int64_t length : {1, 3, 47, 200}) {
      const at::Tensor x = at::randn({1, in, length});
      const at::Tensor expected = at::conv_transpose1d(x, plain.weight, plain.bias, {stride}, {plain.padding});
      const at::Tensor got = cv(x);
      QCOMPARE(got.sizes(), expected.sizes());
      QVERIFY2(maxDiff(got, expected) < 1e-4, qPrintable(QStringLiteral("length %1: differs by %2").arg(length).arg(maxDiff(got, expected))));
    }
  }
};

QTEST_GUILESS_MAIN(TestVitsConv)
#include "tst_vitsconv.moc"
