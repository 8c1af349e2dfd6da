#include "core/common/logcategories.h"

Q_LOGGING_CATEGORY(lcApp, "dragoman.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "dragoman.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAudio, "dragoman.audio", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAsr, "dragoman.asr", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMt, "dragoman.mt", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTts, "dragoman.tts", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPipeline, "dragoman.pipeline", QtInfoMsg)
Q_LOGGING_CATEGORY(lcInference, "dragoman.inference", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTelemetry, "dragoman.telemetry", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "dragoman.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "dragoman.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "dragoman.ui", QtInfoMsg)
