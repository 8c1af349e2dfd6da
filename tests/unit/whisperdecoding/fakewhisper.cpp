#include "tests/unit/whisperdecoding/fakewhisper.h"

#include "core/inference/torch/runtime/errors.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/full.h>
#include <ATen/ops/zeros.h>

#include <cmath>
#include <cstring>

namespace dragoman::test {

using namespace dragoman::torchrt;
using namespace dragoman::torchrt::whisper;

namespace {

class FakeSession : public IDecoderSession {
public:
  FakeSession(FakeWhisperModel &model, int window, int attempt, long long batch)
      : m_model(model), m_window(window), m_attempt(attempt), m_rows(static_cast<std::size_t>(batch)) {}

  at::Tensor forward(const at::Tensor &tokensIn) override {
    if (m_model.onForward)
      m_model.onForward();
    const at::Tensor tokens = tokensIn.contiguous();
    const long long b = tokens.size(0), t = tokens.size(1);
    if (b != static_cast<long long>(m_rows.size()))
      throw ModelError(ErrorCode::Input, "fake decoder: batch mismatch");
    if (cachedLength() + t > m_model.config().maxTargetPositions)
      throw ModelError(ErrorCode::Input, "fake decoder: context full");
    FakeStats &s = m_model.stats;
    ++s.forwards;
    s.tokensFed += b * t;
    s.forwardShapes.push_back({b, t});
    if (m_promptLength == 0) {
      m_promptLength = static_cast<std::size_t>(t);
      std::vector<int> prompt;
      for (long long i = 0; i < t; ++i)
        prompt.push_back(static_cast<int>(tokens[0][i].item<int64_t>()));
      s.sessionPrompts.push_back(prompt);
      s.sessionWindows.push_back(m_window);
    }
    const long long v = m_model.config().vocabSize;
    at::Tensor out = at::empty({b, t, v}, at::kFloat);
    float *dst = out.data_ptr<float>();
    const auto *ids = tokens.data_ptr<int64_t>();
    for (long long r = 0; r < b; ++r)
      for (long long i = 0; i < t; ++i) {
        m_rows[static_cast<std::size_t>(r)].push_back(static_cast<int>(ids[r * t + i]));
        const std::vector<float> row = m_model.logitsFor(m_window, m_attempt, static_cast<int>(r),
                                                         m_rows[static_cast<std::size_t>(r)], m_promptLength);
        std::memcpy(dst + (r * t + i) * v, row.data(), static_cast<std::size_t>(v) * sizeof(float));
      }
    return out;
  }

  void reorder(const at::Tensor &index) override {
    ++m_model.stats.reorders;
    std::vector<long long> idx;
    std::vector<std::vector<int>> rows;
    for (long long i = 0; i < index.size(0); ++i) {
      idx.push_back(index[i].item<int64_t>());
      rows.push_back(m_rows.at(static_cast<std::size_t>(idx.back())));
    }
    m_model.stats.reorderIndices.push_back(idx);
    m_rows = std::move(rows);
  }

  long long cachedLength() const override { return m_rows.empty() ? 0 : static_cast<long long>(m_rows.front().size()); }
  void reset() override {
    for (auto &r : m_rows)
      r.clear();
    m_promptLength = 0;
  }
  long long batchSize() const override { return static_cast<long long>(m_rows.size()); }

private:
  FakeWhisperModel &m_model;
  int m_window;
  int m_attempt;
  std::vector<std::vector<int>> m_rows;
  std::size_t m_promptLength = 0;
};

} // namespace

FakeWhisperModel::FakeWhisperModel(LogitScript script, int vocabSize) : m_script(std::move(script)) {
  m_config.dModel = 4;
  m_config.encoderLayers = m_config.decoderLayers = 1;
  m_config.encoderHeads = m_config.decoderHeads = 1;
  m_config.numMelBins = 80;
  m_config.vocabSize = vocabSize;
}

at::Tensor FakeWhisperModel::encode(const at::Tensor &mel) {
  melMeans.push_back(mel.mean().item<float>());
  m_attempts.push_back(0);
  // The window's number travels in the encoder output, so sessions know which window they decode.
  return at::full({1, 1500, m_config.dModel}, static_cast<float>(stats.encodes++), at::kFloat);
}

std::unique_ptr<IDecoderSession> FakeWhisperModel::startDecoding(const at::Tensor &encoderOut, long long batch) {
  const int window = static_cast<int>(std::lround(encoderOut.flatten()[0].item<float>()));
  ++stats.sessions;
  const int attempt = m_attempts.at(static_cast<std::size_t>(window))++;
  return std::make_unique<FakeSession>(*this, window, attempt, batch);
}

at::Tensor FakeWhisperModel::logitsFull(const at::Tensor &encoderOut, const at::Tensor &tokens) {
  auto session = startDecoding(encoderOut, tokens.size(0));
  return session->forward(tokens);
}

std::vector<float> FakeWhisperModel::logitsFor(int window, int attempt, int row, const std::vector<int> &history,
                                               std::size_t promptLength) const {
  std::vector<float> logits(static_cast<std::size_t>(m_config.vocabSize), 0.0f);
  FakeStep step;
  step.window = window;
  step.attempt = attempt;
  step.row = row;
  step.history = history;
  step.promptLength = promptLength;
  m_script(step, logits);
  return logits;
}

at::Tensor fakeEncoderOutput(FakeWhisperModel &model) {
  return model.encode(at::zeros({1, 80, 3000}));
}

} // namespace dragoman::test
