#pragma once
// This process's resident memory, from /proc/self/status (no torch, no Qt): model loads report
// their growth, benchmarks their peak.

namespace dragoman::torchrt {

long long currentRssBytes(); // VmRSS; 0 where /proc is not readable
long long peakRssBytes();    // VmHWM; 0 where /proc is not readable

} // namespace dragoman::torchrt
