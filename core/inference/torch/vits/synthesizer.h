#pragma once
// Speech synthesis with a VITS voice as the rest of Dragoman uses it: a Hugging Face VITS / MMS-TTS
// folder (config.json, model.safetensors, vocab.json, tokenizer_config.json) turned into a
// waveform, and the probe's view of it (ids, durations, the injected noise of `dragoman tts`).
// No torch and no Qt in this header (pimpl); errors are ModelError. One Synthesizer is used by one
// thread at a time; c10::InferenceMode is entered inside each call.

#include "core/inference/torch/runtime/device.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dragoman::torchrt::vits {

struct SpeechOptions {
  std::optional<double> noiseScale;         // unset: the voice's noise_scale
  std::optional<double> noiseScaleDuration; // unset: the voice's noise_scale_duration (Piper's noise_w)
  std::optional<double> lengthScale;        // unset: 1 / the voice's speaking_rate
  std::uint64_t seed = 0;                   // the Gaussian draws of every utterance start from it
  int speaker = 0;                          // 0 .. VoiceReport::speakers - 1
  // A safetensors file holding K.noise_duration [1, 2, L] and K.noise_prior [1, C, T] for
  // utterance K: the standard-normal draws used instead of random ones (the reference checks).
  std::string noiseFile;
  // With a SamplesPiece: the first piece of the waveform is about this long (then each twice the
  // one before), so that it can play while the rest is made; 0: the whole waveform as one piece.
  double firstPieceSeconds = 0;
};

// How long the first piece of speech is when a text is streamed (live sessions; `bench tts`): on two
// cores the decoder makes a second of a Piper medium voice's speech in about 0.1 s, so each next
// piece (twice as long as the one before) is ready well before the one before it has played.
inline constexpr double kFirstPieceSeconds = 0.3;

// Samples of an utterance's waveform in order, as the voice makes them (their concatenation is
// Utterance::waveform).
using SamplesPiece = std::function<void(const float *samples, std::size_t count)>;

struct Utterance {
  std::string text;              // as the voice reads it (normalised, unknown characters dropped)
  std::vector<long long> ids;    // the model's input
  std::vector<long long> frames; // spectrogram frames per id (after the ceil)
  std::vector<float> waveform;   // the generator's output in [-1, 1], before any level change
};

struct VoiceReport {
  std::string path, format; // "vits" (Hugging Face folder) or "piper" (NAME.onnx + NAME.onnx.json)
  std::string language;     // tokenizer_config.json's language, when given; a Piper voice's espeak.voice
  int sampleRate = 0;
  std::string device, dtype;
  double loadMs = 0;
  int speakers = 1;                           // a multi-speaker voice's speaker count
  std::map<std::string, int> speakerNames;    // a Piper voice's speaker_id_map (name → id)
  // A Piper voice's phoneme_id_map (one UTF-8 code point → ids); empty for a Hugging Face folder.
  // Its phonemes come from eSpeak NG with `language` as the voice, then go to speakIds().
  std::map<std::string, std::vector<long long>> phonemeIdMap;
};

class Synthesizer {
public:
  // A Hugging Face VITS folder, or a Piper voice NAME.onnx (with NAME.onnx.json beside it). Throws
  // ModelError: NotFound / Corrupt naming the file or field, Unsupported for a voice this build
  // cannot speak (romanised input, Piper weights it cannot place), Device for the
  // runtime.
  static std::unique_ptr<Synthesizer> load(const std::string &path, const RuntimeOptions &runtime);
  ~Synthesizer();

  const VoiceReport &report() const;
  // 1 / the voice's speaking_rate (a Piper voice's inference.length_scale).
  double defaultLengthScale() const;
  // The most ids one utterance may have (longer texts are spoken in pieces).
  static int maxIds();
  // A Hugging Face voice's ids for the text (as speak() reads it); empty for a Piper voice.
  std::vector<long long> encode(const std::string &text) const;
  // The text as one utterance (as VitsTokenizer reads it). Text with no character the voice knows
  // gives an utterance without ids or samples. `index` picks the injected noise (K.*).
  // A Piper voice is phonemised outside (eSpeak NG, core/inference/system): ModelError(Unsupported)
  // here; use speakIds() with its phoneme ids.
  Utterance speak(const std::string &text, const SpeechOptions &options, int index = 0, const SamplesPiece &piece = {}) const;
  // The model's input ids as given (a Piper voice's phoneme ids, or a tokenizer's ids); `text` of
  // the utterance stays empty. Throws ModelError(Input) for no ids.
  Utterance speakIds(const std::vector<long long> &ids, const SpeechOptions &options, int index = 0,
                     const SamplesPiece &piece = {}) const;

private:
  Synthesizer();
  Utterance run(Utterance u, const SpeechOptions &options, int index, const SamplesPiece &piece) const;
  struct Impl;
  std::unique_ptr<Impl> d;
};

} // namespace dragoman::torchrt::vits
