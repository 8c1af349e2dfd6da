// dragoman bench call: a call translated both ways on real (or virtual) devices, with real speech
// played into both inputs in real time, and how long a person waits in each direction, per
// utterance (what the segmenter cut between pauses; a streaming session commits it in sentences,
// which all share its capture start): speech start → first provisional caption, end of speech →
// its last sentence's committed caption, → translated caption, → the first translated audio
// heard after the end of speech (p50, p95, max), and each stage's busy share of the wall time. The
// end of speech is the utterance's last speech frame (its last capture_end less the segmenter's
// post-roll), so the figures include the segmenter's wait for silence.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/callsession.h"
#include "app/headless/captions.h"
#include "app/headless/headless.h"
#include "core/audio/audiofile.h"
#include "core/audio/playbackstream.h"
#include "core/audio/resampler.h"
#include "core/common/logcategories.h"
#include "core/pipeline/pipelinecontroller.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>

namespace dragoman::headless {
namespace {

double percentile(std::vector<double> v, double p) {
  if (v.empty())
    return -1.0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

QJsonObject summary(const std::vector<double> &v) {
  if (v.empty())
    return {{QStringLiteral("n"), 0}};
  return {{QStringLiteral("n"), int(v.size())},
          {QStringLiteral("p50_ms"), std::round(percentile(v, 0.5))},
          {QStringLiteral("p95_ms"), std::round(percentile(v, 0.95))},
          {QStringLiteral("max_ms"), std::round(*std::max_element(v.begin(), v.end()))}};
}

// Plays one file into a device `repeats` times, `period` seconds apart, from `offset` on: the
// speech a microphone or a call's audio hears.
class Feeder {
public:
  Status open(const QString &device, const AudioBuffer &speech) {
    Result<std::unique_ptr<audio::PlaybackStream>> out = audio::PlaybackStream::open(audio::StreamParams{device, 0});
    if (!out)
      return out.error();
    m_stream = std::move(out).value();
    Result<AudioBuffer> played = audio::resample(speech, m_stream->sampleRate());
    if (!played)
      return played.error();
    m_samples = played->samples();
    return m_stream->start();
  }
  // Called every few ms: hands the device what is due.
  void tick(double elapsed, int repeats, double period, double offset) {
    const int k = int((elapsed - offset) / period);
    if (elapsed < offset || k >= repeats)
      return;
    if (k != m_repeat) {
      m_repeat = k;
      m_at = 0;
    }
    while (m_at < m_samples.size()) {
      const std::size_t n = m_stream->write(m_samples.data() + m_at, m_samples.size() - m_at);
      if (n == 0)
        break;
      m_at += n;
    }
  }
  void stop() {
    if (m_stream)
      m_stream->stop();
  }

private:
  std::unique_ptr<audio::PlaybackStream> m_stream;
  std::vector<float> m_samples;
  std::size_t m_at = 0;
  int m_repeat = -1;
};

struct DirectionFigures {
  double postRollMs = 0; // kept after the last speech frame: the end of speech is that much before capture_end
  std::vector<double> firstPartial, committed, translated, firstAudio;
  std::vector<TimePoint> partials;          // each non-empty provisional caption, in order
  std::map<TimePoint, std::vector<StageTimes>> utterances; // by capture start: its segments (sentences)
  double asrBusy = 0, mtBusy = 0, ttsBusy = 0;
  int segments = 0, failed = 0;
};

void addSegment(DirectionFigures &f, const SegmentResult &r) {
  ++f.segments;
  if (!r.error.isEmpty())
    ++f.failed;
  const StageTimes &t = r.times;
  if (t.captureStart != TimePoint{} && t.captureEnd != TimePoint{})
    f.utterances[t.captureStart].push_back(t);
}

// Each stage's time at work so far (every pass and provisional translation, not the waits for the
// shared models), while the direction's pipeline runs.
void sampleBusy(DirectionFigures &f, const SessionRunner &session) {
  if (const PipelineController *p = session.pipeline()) {
    f.asrBusy = p->busyMs(Stage::Asr);
    f.mtBusy = p->busyMs(Stage::Translation);
    f.ttsBusy = p->busyMs(Stage::Synthesis);
  }
}

// Each utterance's waits from its end of speech: its last sentence's caption and translation, and
// the first translated speech heard after it stopped (an earlier sentence still playing counts).
void summarise(DirectionFigures &f) {
  for (const auto &[start, sentences] : f.utterances) {
    TimePoint end{}, committed{}, translated{};
    for (const StageTimes &t : sentences)
      if (t.captureEnd >= end) {
        end = t.captureEnd;
        committed = t.asrDone;
        translated = t.mtDone;
      }
    std::optional<TimePoint> heard;
    for (const StageTimes &t : sentences)
      if (t.playbackStart != TimePoint{} && t.playbackStart >= end && (!heard || t.playbackStart < *heard))
        heard = t.playbackStart;
    const auto after = [&](TimePoint at, std::vector<double> &into) {
      if (at != TimePoint{})
        into.push_back(millisBetween(end, at) + f.postRollMs);
    };
    after(committed, f.committed);
    after(translated, f.translated);
    if (heard)
      after(*heard, f.firstAudio);
    if (const auto p = std::lower_bound(f.partials.begin(), f.partials.end(), start); p != f.partials.end() && *p <= end)
      f.firstPartial.push_back(millisBetween(start, *p));
  }
}

Result<double> positive(const cli::Invocation &inv, const char *name, double fallback) {
  if (!inv.values.contains(QLatin1String(name)))
    return fallback;
  bool ok = false;
  const double v = inv.value(QLatin1String(name)).toDouble(&ok);
  if (!ok || v <= 0.0)
    return makeError(ErrorKind::Usage, QStringLiteral("--%1 needs a number above 0").arg(QLatin1String(name)));
  return v;
}

} // namespace

int runCallBench(const cli::Invocation &inv) {
  const QString speechFile = inv.value(QStringLiteral("speech"));
  if (speechFile.isEmpty() || !inv.values.contains(QStringLiteral("mic-feed")) ||
      !inv.values.contains(QStringLiteral("call-feed")))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("bench call needs --speech FILE and the devices it is "
                                                                  "played into: --mic-feed D (my microphone hears it) and "
                                                                  "--call-feed D (the call's audio carries it)")));
  Result<double> repeats = positive(inv, "repeats", 3), gap = positive(inv, "gap", 4);
  if (!repeats || !gap)
    return reportError(!repeats ? repeats.error() : gap.error());
  Result<AudioBuffer> speech = audio::readAudioFile(speechFile);
  if (!speech)
    return reportError(speech.error());
  Result<std::unique_ptr<AppContext>> base = AppContext::create(inv.global, callEngineOverrides(inv));
  if (!base)
    return reportError(base.error());
  Result<std::unique_ptr<CallSession>> made = CallSession::create(**base, callOptions(inv, (*base)->config()));
  if (!made)
    return reportError(made.error());
  CallSession &call = **made;

  std::array<DirectionFigures, 2> figures;
  for (CallSession::Direction d : {CallSession::Me, CallSession::Them}) {
    DirectionFigures &f = figures[d];
    f.postRollMs = call.context(d).captureParams().segmenter.postRollMs;
    QObject::connect(&call.session(d), &SessionRunner::transcriptReady, &call, [&f](const Transcript &t) {
      if (!t.committed && !t.text.trimmed().isEmpty())
        f.partials.push_back(SteadyClock::now());
    });
    QObject::connect(&call.session(d), &SessionRunner::segmentDelivered, &call,
                     [&f](const SegmentResult &r) { addSegment(f, r); });
  }
  QEventLoop loop;
  QObject::connect(&call, &CallSession::finished, &loop, &QEventLoop::quit);
  if (Status s = call.start(); !s) {
    if (call.isRunning())
      loop.exec();
    return reportError(s.error());
  }
  Feeder mine, theirs;
  if (Status s = mine.open(inv.value(QStringLiteral("mic-feed")), *speech); !s)
    return reportError(s.error());
  if (Status s = theirs.open(inv.value(QStringLiteral("call-feed")), *speech); !s)
    return reportError(s.error());

  // Both sides speak the file in turn, overlapping by half: each utterance's tail is processed
  // while the other side talks, as in a lively call.
  const double fileSeconds = speech->durationSeconds();
  const double period = fileSeconds + *gap;
  const int n = int(*repeats);
  const TimePoint began = SteadyClock::now();
  QTimer feed;
  QObject::connect(&feed, &QTimer::timeout, &loop, [&] {
    const double elapsed = millisBetween(began, SteadyClock::now()) / 1000.0;
    mine.tick(elapsed, n, period, 0.0);
    theirs.tick(elapsed, n, period, period / 2.0);
    for (CallSession::Direction d : {CallSession::Me, CallSession::Them})
      sampleBusy(figures[d], call.session(d));
    // The last utterance heard: an orderly stop lets every stage finish and the last speech play.
    if (elapsed > period * (n - 1) + period / 2.0 + fileSeconds + 2.0) {
      feed.stop();
      call.stop();
    }
  });
  feed.start(10);
  qCInfo(lcApp, "bench call: %d utterances of %.1f s each way, %.1f s apart; %s / %s", n, fileSeconds, period,
         qUtf8Printable(call.session(CallSession::Me).deviceDescription()),
         qUtf8Printable(call.session(CallSession::Them).deviceDescription()));
  loop.exec();
  const double wallMs = millisBetween(began, SteadyClock::now());
  mine.stop();
  theirs.stop();

  QJsonObject out{{QStringLiteral("speech"), speechFile},
                  {QStringLiteral("repeats"), n},
                  {QStringLiteral("wall_s"), wallMs / 1000.0},
                  {QStringLiteral("asr_max_tokens"), call.context(CallSession::Me).config().asr.maxTokens},
                  {QStringLiteral("asr_max_tokens_per_second"), call.context(CallSession::Me).config().asr.maxTokensPerSecond}};
  for (CallSession::Direction d : {CallSession::Me, CallSession::Them}) {
    DirectionFigures &f = figures[d];
    summarise(f);
    const config::Config &c = call.context(d).config();
    out.insert(CallSession::directionName(d),
               QJsonObject{{QStringLiteral("languages"), c.translation.sourceLanguage + QStringLiteral("→") + c.translation.targetLanguage},
                           {QStringLiteral("segments"), f.segments},
                           {QStringLiteral("utterances"), int(f.utterances.size())},
                           {QStringLiteral("failed"), f.failed},
                           {QStringLiteral("speech_start_to_first_partial"), summary(f.firstPartial)},
                           {QStringLiteral("end_to_committed_caption"), summary(f.committed)},
                           {QStringLiteral("end_to_translated_caption"), summary(f.translated)},
                           {QStringLiteral("end_to_first_translated_audio"), summary(f.firstAudio)},
                           {QStringLiteral("busy_share"), QJsonObject{{QStringLiteral("asr"), f.asrBusy / wallMs},
                                                                      {QStringLiteral("mt"), f.mtBusy / wallMs},
                                                                      {QStringLiteral("tts"), f.ttsBusy / wallMs}}},
                           {QStringLiteral("ended"), call.ended(d).ok() ? QString() : call.ended(d).error().message}});
  }
  if (inv.flag(QStringLiteral("json"))) {
    std::printf("%s", QJsonDocument(out).toJson(QJsonDocument::Indented).constData());
    return cli::ExitOk;
  }
  const auto row = [](const char *what, const QJsonObject &s) {
    if (s.value(QStringLiteral("n")).toInt() == 0)
      std::printf("  %-36s      none\n", what);
    else
      std::printf("  %-36s n %3d  p50 %6.0f ms  p95 %6.0f ms  max %6.0f ms\n", what, s.value(QStringLiteral("n")).toInt(),
                  s.value(QStringLiteral("p50_ms")).toDouble(), s.value(QStringLiteral("p95_ms")).toDouble(),
                  s.value(QStringLiteral("max_ms")).toDouble());
  };
  for (CallSession::Direction d : {CallSession::Me, CallSession::Them}) {
    const QJsonObject o = out.value(CallSession::directionName(d)).toObject();
    const QJsonObject busy = o.value(QStringLiteral("busy_share")).toObject();
    std::printf("%s (%s): %d utterances in %d segments, %d failed; busy: asr %.0f%%, mt %.0f%%, tts %.0f%% of the wall time\n",
                qUtf8Printable(CallSession::directionName(d)), qUtf8Printable(o.value(QStringLiteral("languages")).toString()),
                o.value(QStringLiteral("utterances")).toInt(), o.value(QStringLiteral("segments")).toInt(),
                o.value(QStringLiteral("failed")).toInt(),
                busy.value(QStringLiteral("asr")).toDouble() * 100, busy.value(QStringLiteral("mt")).toDouble() * 100,
                busy.value(QStringLiteral("tts")).toDouble() * 100);
    row("speech start → first provisional", o.value(QStringLiteral("speech_start_to_first_partial")).toObject());
    row("end of speech → committed caption", o.value(QStringLiteral("end_to_committed_caption")).toObject());
    row("end of speech → translated caption", o.value(QStringLiteral("end_to_translated_caption")).toObject());
    row("end of speech → first translated audio", o.value(QStringLiteral("end_to_first_translated_audio")).toObject());
  }
  return cli::ExitOk;
}

} // namespace dragoman::headless
