#pragma once
// Cuts a recording into speech segments at pauses, for file translation.
// An energy detector with a noise floor estimated from the file itself; the live path
// (capture worker) gets a real voice activity detector.

#include "core/common/types.h"

#include <vector>

namespace dragoman::audio {

struct SegmenterParams {
  double silenceThresholdDb = -40.0; // frames quieter than this (dBFS) are never speech
  double floorMarginDb = 10.0;       // speech must also be this far above the file's noise floor
  int minSilenceMs = 500;            // a pause at least this long ends a segment
  int minSpeechMs = 150;             // shorter bursts are dropped
  double maxSegmentSeconds = 20.0;   // longer speech is split at its quietest point
  int paddingMs = 200;               // kept before and after speech so no syllable is clipped
  int frameMs = 20;
};

struct SampleRange {
  std::size_t begin = 0;
  std::size_t end = 0; // exclusive
};

std::vector<SampleRange> findSpeech(const AudioBuffer &audio, const SegmenterParams &params);

// Cuts the ranges into numbered segments (ids from firstId) with their positions in seconds.
std::vector<AudioSegment> cutSegments(const AudioBuffer &audio, const std::vector<SampleRange> &ranges,
                                      quint64 firstId = 1);

} // namespace dragoman::audio
