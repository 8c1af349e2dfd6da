#pragma once
// A recorded session as subtitles (SRT, WebVTT), JSON, plain text or CSV: what was said, its
// translation, or both.

#include "core/common/result.h"
#include "core/storage/historyreader.h"

#include <QByteArray>
#include <optional>
#include <vector>

namespace dragoman::storage {

enum class ExportFormat { Srt, Vtt, Json, Txt, Csv };
enum class ExportSide { Source, Translation, Both };

std::optional<ExportFormat> exportFormatFromName(const QString &name); // "srt", "vtt", "json", "txt", "csv"
std::optional<ExportSide> exportSideFromName(const QString &name);     // "source", "translation", "both"

// "01:02:03,456" (SRT, separator ',') or "01:02:03.456" (WebVTT, '.').
QString captionTimestamp(double seconds, QChar separator);

// Segments without text on the chosen side are left out of SRT, VTT and TXT (a cue needs text);
// JSON and CSV keep every segment.
QByteArray exportSession(const SessionSummary &session, const std::vector<StoredSegment> &segments, ExportFormat format,
                         ExportSide side);

} // namespace dragoman::storage
