#pragma once
// Long-form transcription, as openai/whisper's transcribe(): 30-second windows over the whole
// log-mel, seek advanced by the timestamps, temperature fallback, the no-speech skip, previous
// text as context, language detection on the first window, and repetition-loop cutting.
// Internal: names ATen types.

#include "core/inference/torch/whisper/decoding/repetition.h"
#include "core/inference/torch/whisper/model.h"
#include "core/inference/torch/whisper/types.h"

#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstddef>
#include <functional>

namespace dragoman::torchrt::whisper {

struct WhisperVocab;

using SegmentCallback = std::function<void(const Segment &)>;

// mel: [n_mels, frames] from logMelSpectrogram, i.e. the audio followed by 30 s of padding (the
// padding frames are not transcribed). onSegment is called for each segment as soon as its window
// is done, in order. Throws ModelError: Cancelled when `abort` is set (checked between decoder
// steps and windows), Input for an unknown language or a malformed mel.
Transcript transcribeMel(WhisperModel &model, const WhisperVocab &vocab, const at::Tensor &mel,
                         const DecodeOptions &options, const std::atomic_bool &abort, SegmentCallback onSegment = {},
                         const RepetitionLimits &limits = {});

// The same from 16 kHz mono samples.
Transcript transcribe(WhisperModel &model, const WhisperVocab &vocab, const float *audio16k, std::size_t samples,
                      const DecodeOptions &options, const std::atomic_bool &abort, SegmentCallback onSegment = {});

} // namespace dragoman::torchrt::whisper
