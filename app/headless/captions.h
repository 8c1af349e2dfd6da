#pragma once
// What translate and live share: the options that pick engines and languages, and how a finished
// segment is shown and recorded.

#include "app/cli/commandline.h"
#include "app/context/callsession.h"
#include "app/context/sessionrunner.h"
#include "core/config/config.h"
#include "core/common/types.h"

#include <QFile>
#include <QJsonObject>
#include <QVariantMap>

namespace dragoman::headless {

// "section.key=value" overrides for --from, --to, --asr-engine, --mt-engine, --tts-engine, --voice.
QStringList engineOverrides(const cli::Invocation &invocation);

// --duration SECONDS (0 when absent); a usage error names a bad value.
Result<double> durationOption(const cli::Invocation &invocation);

// "01:02.3"
QString clockText(double seconds);

// Two lines on stdout: the source and the translation, with the segment's position (and, in a
// call, its direction: "me", "them").
void printCaption(const SegmentResult &segment, const QString &direction = {});

// One captions line: ids, texts, and every stage time in ms since `origin`.
QJsonObject captionJson(const SegmentResult &segment, TimePoint origin);

// --captions: one JSON line per segment, flushed at once, so a crash loses no finished line.
class CaptionLog {
public:
  Status open(const QString &path); // empty: no log
  // direction: "me" or "them" in a call (the line's "direction"), empty for one direction.
  void write(const SegmentResult &segment, TimePoint origin, const QString &direction = {});

private:
  QFile m_file;
};

// dragoman call's options (bench call's too): the engines of both directions, and the call.
QStringList callEngineOverrides(const cli::Invocation &invocation);
CallOptions callOptions(const cli::Invocation &invocation, const config::Config &config);

// The live summary's fields: segments, overruns, echo gate and canceller, reopens, streaming.
QVariantMap counterFields(const SessionRunner::Counters &counters);

} // namespace dragoman::headless
