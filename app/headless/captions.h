#pragma once
// What translate and live share: the options that pick engines and languages, and how a finished
// segment is shown and recorded.

#include "app/cli/commandline.h"
#include "core/common/types.h"

#include <QJsonObject>

namespace dragoman::headless {

// "section.key=value" overrides for --from, --to, --asr-engine, --mt-engine, --tts-engine, --voice.
QStringList engineOverrides(const cli::Invocation &invocation);

// "01:02.3"
QString clockText(double seconds);

// Two lines on stdout: the source and the translation, with the segment's position.
void printCaption(const SegmentResult &segment);

// One captions line: ids, texts, and every stage time in ms since `origin`.
QJsonObject captionJson(const SegmentResult &segment, TimePoint origin);

} // namespace dragoman::headless
