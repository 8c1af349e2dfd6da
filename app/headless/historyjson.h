#pragma once
// A history session's summary as JSON: `history list --json` and GET /api/v1/sessions.

#include "core/storage/historyreader.h"

#include <QJsonObject>

namespace dragoman::headless {

QJsonObject sessionSummaryJson(const storage::SessionSummary &s);

} // namespace dragoman::headless
