#pragma once
// What `dragoman translate` writes: the translated speech track, a JSON document, SubRip subtitles.
// Each file is written atomically: it exists only once it is complete.

#include "core/common/result.h"
#include "core/common/types.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace dragoman {

struct TranslationJob {
  QString input;
  double inputSeconds = 0.0;
  QString sourceLanguage;
  QString targetLanguage;
  QString asrEngine;
  QString translationEngine;
  QString ttsEngine; // empty when no speech was made
  QList<SegmentResult> segments;
};

QJsonObject segmentTimings(const SegmentResult &segment);
QJsonObject jobToJson(const TranslationJob &job);
QString jobToSrt(const TranslationJob &job);
QString srtTimestamp(double seconds);

// Places each segment's speech at its source position (or right after the previous one, if that
// one is still speaking), resampled to the first segment's rate.
Result<AudioBuffer> assembleSpeechTrack(const QList<SegmentResult> &segments);

Status writeTextFileAtomically(const QString &path, const QByteArray &content);

} // namespace dragoman
