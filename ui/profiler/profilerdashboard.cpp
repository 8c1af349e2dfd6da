#include "ui/profiler/profilerdashboard.h"
#include "core/common/threadnames.h"

#include "core/telemetry/memory/memorysample.h"
#include "core/telemetry/history/trends.h"
#include "core/telemetry/reports/profilereports.h"
#include "ui/charts/latencychart.h"
#include "ui/profiler/segmenttimeline.h"
#include "ui/profiler/stagetablemodel.h"
#include "ui/widgets/background.h"

#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <optional>

namespace dragoman::ui {

ProfilerDashboard::ProfilerDashboard(ThreadHost &threads, QWidget *parent)
    : QWidget(parent), m_threads(threads), m_stages(new StageTableModel(this)) {
  setObjectName(QStringLiteral("profilerDashboard"));
  auto *layout = new QVBoxLayout(this);
  m_summary = new QLabel(tr("No session has run yet."), this);
  m_summary->setObjectName(QStringLiteral("profileSummary"));
  m_summary->setAccessibleName(tr("Run summary"));
  m_summary->setWordWrap(true);
  layout->addWidget(m_summary);

  auto *exports = new QHBoxLayout;
  exports->addWidget(new QLabel(tr("Export the profile:"), this));
  const struct {
    const char *label;
    const char *format;
    const char *suffix;
  } formats[] = {{QT_TR_NOOP("JSON"), "json", ".json"},
                 {QT_TR_NOOP("CSV"), "csv", ".csv"},
                 {QT_TR_NOOP("Text table"), "txt", ".txt"},
                 {QT_TR_NOOP("Chrome trace (Perfetto)"), "chrome", ".trace.json"}};
  for (const auto &f : formats) {
    auto *b = new QPushButton(tr(f.label), this);
    b->setObjectName(QStringLiteral("export_") + QLatin1String(f.format));
    b->setAccessibleName(tr("Export the profile as %1").arg(tr(f.label)));
    const QString format = QLatin1String(f.format);
    const QString suffix = QLatin1String(f.suffix);
    connect(b, &QPushButton::clicked, this, [this, format, suffix] { chooseExport(format, suffix); });
    exports->addWidget(b);
  }
  exports->addStretch(1);
  layout->addLayout(exports);

  m_table = new QTableView(this);
  m_table->setObjectName(QStringLiteral("stageTable"));
  m_table->setAccessibleName(tr("Latency per stage"));
  m_table->setModel(m_stages);
  m_table->verticalHeader()->hide();
  m_table->horizontalHeader()->setSectionResizeMode(StageTableModel::StageColumn, QHeaderView::Stretch);
  m_table->setSelectionMode(QAbstractItemView::NoSelection);
  m_table->setMaximumHeight(140);
  layout->addWidget(m_table);
  m_bottleneck = new QLabel(m_stages->bottleneckExplanation(), this);
  m_bottleneck->setObjectName(QStringLiteral("bottleneck"));
  m_bottleneck->setAccessibleName(tr("Bottleneck"));
  m_bottleneck->setWordWrap(true);
  layout->addWidget(m_bottleneck);
  m_queues = new QLabel(this);
  m_queues->setObjectName(QStringLiteral("queueDepths"));
  m_queues->setAccessibleName(tr("Queue depths"));
  layout->addWidget(m_queues);
  setQueueDepths({0, 0, 0}, {0, 0, 0});

  m_comparison = new QLabel(this);
  m_comparison->setObjectName(QStringLiteral("runComparison"));
  m_comparison->setAccessibleName(tr("Comparison with earlier runs"));
  m_comparison->setWordWrap(true);
  m_comparison->setTextFormat(Qt::PlainText);
  layout->addWidget(m_comparison);

  auto *split = new QSplitter(Qt::Vertical, this);
  m_latency = new LatencyChart(split);
  auto *scroll = new QScrollArea(split);
  m_timeline = new SegmentTimeline(scroll);
  scroll->setWidget(m_timeline);
  scroll->setWidgetResizable(true);
  split->addWidget(m_latency);
  split->addWidget(scroll);
  m_latency->setMinimumHeight(220);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);
  connect(this, &ProfilerDashboard::exported, this, [this](const QString &path, const QString &error) {
    m_summary->setToolTip(error.isEmpty() ? tr("Profile written to %1").arg(path) : error);
  });
}

void ProfilerDashboard::setRecord(const telemetry::RunRecord &r) {
  m_stages->setProfile(r.profile, r.findings);
  QStringList parts;
  parts << tr("%n segment(s)", nullptr, int(r.segments));
  if (r.errors)
    parts << tr("%n failed", nullptr, int(r.errors));
  parts << tr("%1 s of audio in %2 s").arg(r.audioSeconds, 0, 'f', 1).arg(r.wallSeconds, 0, 'f', 1);
  if (r.realtimeRatio >= 0.0)
    parts << tr("compute/real time %1 (%2)")
                 .arg(r.realtimeRatio, 0, 'f', 2)
                 .arg(r.realtimeRatio < 0.8 ? tr("keeps up") : r.realtimeRatio < 1.0 ? tr("tight") : tr("falls behind"));
  if (r.peakRssBytes > 0)
    parts << tr("peak memory %1").arg(telemetry::formatBytes(double(r.peakRssBytes)));
  m_summary->setText(parts.join(QStringLiteral(" · ")));
  m_bottleneck->setText(m_stages->bottleneckExplanation());
}

void ProfilerDashboard::setQueueDepths(const QList<int> &depths, const QList<int> &highWater) {
  const QString names[] = {tr("recognition"), tr("translation"), tr("synthesis")};
  QStringList parts;
  for (int i = 0; i < 3 && i < depths.size(); ++i)
    parts << tr("%1 %2 (most %3)").arg(names[i]).arg(depths[i]).arg(i < highWater.size() ? highWater[i] : 0);
  m_queues->setText(tr("Waiting in the queues: %1").arg(parts.join(QStringLiteral(", "))));
}

void ProfilerDashboard::addSegment(const SegmentResult &result) {
  m_latency->addSegment(result);
  m_timeline->addSegment(result);
}

void ProfilerDashboard::clear() {
  m_latency->clear();
  m_timeline->clear();
  m_summary->setText(tr("Starting…"));
}

telemetry::ProfileSnapshot ProfilerDashboard::profileOf(const QList<SegmentResult> &segments) {
  telemetry::ProfileSnapshot p;
  std::map<std::string, std::vector<double>> durations;
  TimePoint first{};
  TimePoint last{};
  for (const SegmentResult &r : segments) {
    const StageTimes &t = r.times;
    const auto add = [&](const char *name, TimePoint a, TimePoint b) {
      const double ms = millisBetween(a, b);
      if (ms < 0.0)
        return;
      durations[name].push_back(ms);
      if (first == TimePoint{} || a < first)
        first = a;
      last = std::max(last, b);
    };
    add("asr.recognise", t.asrStart, t.asrDone);
    add("mt.translate", t.mtStart, t.mtDone);
    add("tts.synthesize", t.ttsStart, t.ttsDone);
    add("segment", t.captureStart, t.ttsDone != TimePoint{} ? t.ttsDone : t.mtDone != TimePoint{} ? t.mtDone : t.asrDone);
  }
  p.wallMs = first == TimePoint{} ? 0.0 : millisBetween(first, last);
  for (auto &[name, values] : durations) {
    std::sort(values.begin(), values.end());
    const auto at = [&values](double q) { return values[std::min(values.size() - 1, std::size_t(q * double(values.size())))]; };
    telemetry::SectionStats s;
    s.name = name;
    s.count = values.size();
    for (double v : values)
      s.totalMs += v;
    s.meanMs = s.totalMs / double(values.size());
    s.minMs = values.front();
    s.maxMs = values.back();
    s.p50Ms = at(0.5);
    s.p95Ms = at(0.95);
    s.p99Ms = at(0.99);
    s.shareOfWall = p.wallMs > 0.0 ? s.totalMs / p.wallMs : 0.0;
    p.sections.push_back(s);
  }
  return p;
}

void ProfilerDashboard::showSession(const QList<SegmentResult> &segments, const QString &title) {
  clear();
  for (const SegmentResult &r : segments)
    addSegment(r);
  const telemetry::ProfileSnapshot p = profileOf(segments);
  m_stages->setProfile(p, {});
  m_summary->setText(tr("%1: %n segment(s) from the history", nullptr, int(segments.size())).arg(title));
  m_bottleneck->setText(m_stages->bottleneckExplanation());
}

void ProfilerDashboard::setEarlierRuns(const QList<telemetry::RunRecord> &runs) {
  if (runs.isEmpty()) {
    m_comparison->setText(tr("No earlier runs in the history to compare with."));
    return;
  }
  QStringList lines;
  const auto p50 = [](const telemetry::RunRecord &r, const char *section) {
    const telemetry::SectionStats *s = r.profile.section(section);
    return s && s->count ? QString::fromStdString(telemetry::formatDuration(s->p50Ms)) : QStringLiteral("–");
  };
  for (int i = 0; i < runs.size() && i < 5; ++i) {
    const telemetry::RunRecord &r = runs[i];
    lines << tr("%1: %n segment(s), compute/real time %2, recognition p50 %3, translation p50 %4", nullptr, int(r.segments))
                 .arg(QDateTime::fromSecsSinceEpoch(std::chrono::duration_cast<std::chrono::seconds>(r.started.time_since_epoch()).count())
                          .toString(QStringLiteral("yyyy-MM-dd HH:mm")))
                 .arg(r.realtimeRatio >= 0.0 ? QString::number(r.realtimeRatio, 'f', 2) : QStringLiteral("–"))
                 .arg(p50(r, "asr.recognise"), p50(r, "mt.translate"));
  }
  if (runs.size() >= 2) {
    telemetry::TrendOptions options;
    options.sections = {{"asr.recognise", "ASR"}, {"mt.translate", "MT"}, {"tts.synthesize", "TTS"}, {"segment", "segment"}};
    const std::vector<telemetry::Trend> trends = telemetry::compareRuns(runs[1], runs[0], options);
    QStringList changes;
    for (const telemetry::Trend &t : trends)
      changes << QString::fromStdString(t.message);
    const QStringList engines = telemetry::engineChanges(runs[1], runs[0]);
    lines.prepend(changes.isEmpty() ? tr("Since the run before: nothing moved by 20% or more.")
                                    : tr("Since the run before: %1").arg(changes.join(QStringLiteral("; "))));
    if (!engines.isEmpty())
      lines.insert(1, tr("Engines changed: %1").arg(engines.join(QStringLiteral("; "))));
  }
  m_comparison->setText(lines.join(QLatin1Char('\n')));
}

QString ProfilerDashboard::comparisonText() const { return m_comparison->text(); }

QString ProfilerDashboard::summaryText() const { return m_summary->text(); }
QString ProfilerDashboard::bottleneckText() const { return m_bottleneck->text(); }

void ProfilerDashboard::chooseExport(const QString &format, const QString &suffix) {
  auto *dialog = new QFileDialog(this, tr("Export the profile"), QStringLiteral("dragoman-profile") + suffix);
  dialog->setObjectName(QStringLiteral("exportDialog"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  dialog->setOption(QFileDialog::DontUseNativeDialog);
  dialog->setProperty("format", format);
  connect(dialog, &QFileDialog::fileSelected, this, &ProfilerDashboard::exportTo);
  dialog->open();
}

void ProfilerDashboard::exportTo(const QString &path) {
  std::optional<telemetry::ProfileSnapshot> profile = m_source ? m_source() : std::nullopt;
  if (!profile) {
    Q_EMIT exported(path, tr("No profile to export: run a session first (profiling.enabled must be on)."));
    return;
  }
  const std::optional<telemetry::ProfileFormat> format = telemetry::profileFormatFromPath(path);
  if (!format) {
    Q_EMIT exported(path, tr("%1: give the file a .json, .csv, .txt or .trace.json name").arg(path));
    return;
  }
  runInBackground(
      m_threads, this, threadnames::kExport,
      [path, format, p = *profile] {
        const Status s = telemetry::writeProfile(p, *format, path);
        return s ? QString() : s.error().message;
      },
      [this, path](const QString &error) { Q_EMIT exported(path, error); });
}

} // namespace dragoman::ui
