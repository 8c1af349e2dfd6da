#pragma once
// Profile reports: a ProfileSnapshot as JSON, CSV, an aligned text table or a Chrome trace, and
// an atomic write of one to a file. Used by the CLI's --profile export, export-on-exit, the
// HTTP endpoint and the profiler window.

#include "core/common/result.h"
#include "core/telemetry/profiler/snapshot.h"

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <chrono>
#include <optional>

namespace dragoman::telemetry {

enum class ProfileFormat { Json, Csv, Text, Chrome };

// "json", "csv", "txt" (or "text"), "chrome"; case-insensitive. nullopt for anything else.
std::optional<ProfileFormat> profileFormatFromName(QStringView name);
// From a file name: *.csv, *.txt, *.trace.json or *.trace (Chrome), *.json. nullopt otherwise.
std::optional<ProfileFormat> profileFormatFromPath(QStringView path);
// The name profileFormatFromName() reads: "json", "csv", "txt", "chrome".
QString profileFormatName(ProfileFormat format);

// {"format":"dragoman.profile","version":1,"started","wall_ms","event_count","dropped_events",
//  "sections":[{name, parent, count, total_ms, mean_ms, min_ms, max_ms, p50_ms, p95_ms, p99_ms,
//  share_of_wall, threads:[{name, count, total_ms}]}], "threads":[{id, name, track, span_count, busy_ms}],
//  "events":[{section, thread_id, start_us, duration_us, depth, cross_thread}]}
QByteArray profileToJson(const ProfileSnapshot &profile);
// Reads profileToJson's output back (a saved profile, to convert it to another format). Errors
// (ErrorKind::Input) name what is wrong: not JSON, not a Dragoman profile, a newer version, a
// field of the wrong type, an event naming an unknown thread.
Result<ProfileSnapshot> profileFromJson(const QByteArray &json);
// Header section,parent,count,total_ms,mean_ms,min_ms,max_ms,p50_ms,p95_ms,p99_ms,share and one
// row per section, most total time first; RFC 4180 (CRLF, fields quoted when needed).
QByteArray profileToCsv(const ProfileSnapshot &profile);
// An aligned table for people, slowest section first, then the threads and tracks.
QByteArray profileToText(const ProfileSnapshot &profile);
// Trace Event Format for Perfetto and chrome://tracing: complete ("X") events per thread, each
// cross-thread track on a tid of its own, thread_name metadata for every thread and track.
QByteArray profileToChromeTrace(const ProfileSnapshot &profile);

QByteArray profileTo(const ProfileSnapshot &profile, ProfileFormat format);

// Writes atomically (QSaveFile): the file is whole or untouched. The error names the path.
Status writeProfile(const ProfileSnapshot &profile, ProfileFormat format, const QString &path);

namespace detail {
// ISO 8601 UTC with milliseconds, e.g. "2024-05-01T12:00:00.000Z".
QString isoUtc(std::chrono::system_clock::time_point t);
} // namespace detail

} // namespace dragoman::telemetry
