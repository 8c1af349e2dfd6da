#pragma once
// A scripted stand-in for the Whisper network: the test decides the logits of every position from
// the tokens fed so far, and the fake counts what the decoder asks of it (encodes, sessions,
// forwards and their shapes, reorders), so tests can check the search and the KV-cache use
// without weights.

#include "core/inference/torch/whisper/model.h"

#include <functional>
#include <span>
#include <vector>

namespace dragoman::test {

struct FakeStep {
  int window = 0;               // which encode() made the encoder output (0-based)
  int attempt = 0;              // which decoding session on that encoder output (0-based: fallback retries)
  int row = 0;                  // row of the batch
  std::span<const int> history; // tokens fed to this row so far, the current position last
  std::size_t promptLength = 0; // tokens in the session's first forward
  // Tokens after the first forward (the sampled ones); empty while inside the prompt.
  std::span<const int> sampled() const {
    return history.size() > promptLength ? history.subspan(promptLength) : std::span<const int>();
  }
  bool inPrompt() const { return history.size() < promptLength; }
  bool atPromptEnd() const { return history.size() == promptLength; }
};

// Fills the logits of one position (pre-filled with 0).
using LogitScript = std::function<void(const FakeStep &, std::span<float> logits)>;

struct FakeStats {
  int encodes = 0;
  int sessions = 0;
  int forwards = 0;
  int reorders = 0;
  long long tokensFed = 0;
  std::vector<std::vector<long long>> forwardShapes;  // [B, T] of each forward
  std::vector<std::vector<long long>> reorderIndices; // each reorder's index
  std::vector<std::vector<int>> sessionPrompts;       // first forward of each session (row 0)
  std::vector<int> sessionWindows;                    // window of each session
};

class FakeWhisperModel : public torchrt::whisper::WhisperModel {
public:
  explicit FakeWhisperModel(LogitScript script, int vocabSize = 51865);

  const torchrt::whisper::WhisperConfig &config() const override { return m_config; }
  at::Tensor encode(const at::Tensor &mel) override;
  std::unique_ptr<torchrt::whisper::IDecoderSession> startDecoding(const at::Tensor &encoderOut,
                                                                   long long batch) override;
  at::Tensor logitsFull(const at::Tensor &encoderOut, const at::Tensor &tokens) override;
  std::string deviceName() const override { return "cpu"; }
  long long parameterBytes() const override { return 0; }

  FakeStats stats;
  std::function<void()> onForward; // runs before each forward (e.g. to raise an abort flag)
  std::vector<float> melMeans;     // mean of each encoded window, in order

  // Internal, for the session.
  std::vector<float> logitsFor(int window, int attempt, int row, const std::vector<int> &history,
                               std::size_t promptLength) const;

private:
  LogitScript m_script;
  torchrt::whisper::WhisperConfig m_config;
  std::vector<int> m_attempts; // sessions per window
};

// An encoder output as the fake's encode() makes it, for decoding tests that skip the mel.
at::Tensor fakeEncoderOutput(FakeWhisperModel &model);

} // namespace dragoman::test
