// dragoman bench call: a call translated both ways on real (or virtual) devices, with real speech
// played into both inputs in real time, and how long a person waits in each direction, per
// utterance (what the segmenter cut between pauses; a streaming session commits it in sentences,
// which all share its capture start): speech start → first provisional caption, end of speech →
// its last sentence's committed caption, → translated caption, → the first translated audio
// heard after the end of speech (p50, p95, max), and each stage's busy share of the wall time. The
// end of speech is the utterance's last speech frame (its last capture_end less the segmenter's
// post-roll), so the figures include the segmenter's wait for silence.
// dragoman bench live: the same for `live`, one direction, speech played into its input device.
#include "app/cli/exitcodes.h"
#include "app/context/appcontext.h"
#include "app/context/callsession.h"
#include "app/context/sessionrunner.h"
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
#include <functional>
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
  std::vector<double> queuedToPlay; // the first translated audio heard: from made to heard (behind earlier speech)
  double speechSeconds = 0;         // translated speech made (at the voice's pace)
  double heardSeconds = 0;          // the utterances' audio, from their capture start to their end of speech
  std::vector<TimePoint> partials;          // each non-empty provisional caption, in order
  std::map<TimePoint, std::vector<StageTimes>> utterances; // by capture start: its segments (sentences)
  double asrBusy = 0, mtBusy = 0, ttsBusy = 0;
  double wallMs = 1;
  int segments = 0, failed = 0;
};

void addSegment(DirectionFigures &f, const SegmentResult &r) {
  ++f.segments;
  if (!r.error.isEmpty())
    ++f.failed;
  f.speechSeconds += r.speech.durationSeconds();
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
    std::optional<TimePoint> heard, made;
    for (const StageTimes &t : sentences)
      if (t.playbackStart != TimePoint{} && t.playbackStart >= end && (!heard || t.playbackStart < *heard)) {
        heard = t.playbackStart;
        made = t.ttsFirstAudio != TimePoint{} ? std::optional(t.ttsFirstAudio) : std::nullopt;
      }
    const auto after = [&](TimePoint at, std::vector<double> &into) {
      if (at != TimePoint{})
        into.push_back(millisBetween(end, at) + f.postRollMs);
    };
    f.heardSeconds += std::max(0.0, millisBetween(start, end) - f.postRollMs) / 1000.0;
    after(committed, f.committed);
    after(translated, f.translated);
    if (heard)
      after(*heard, f.firstAudio);
    if (heard && made)
      f.queuedToPlay.push_back(std::max(0.0, millisBetween(*made, *heard)));
    const auto since = [&](std::optional<TimePoint> at) {
      return at && *at != TimePoint{} ? millisBetween(end, *at) + f.postRollMs : -1.0;
    };
    qCDebug(lcApp, "utterance of %.1f s, %zu sentence(s), from its end of speech: committed %.0f, translated %.0f, "
                   "speech made %.0f, heard %.0f ms",
            millisBetween(start, end) / 1000.0, sentences.size(), since(committed), since(translated), since(made), since(heard));
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

// One direction measured: its session, the device its speech is played into, and when.
struct Lane {
  QString name; // "me", "them" or "live"
  SessionRunner *session = nullptr;
  const AppContext *context = nullptr;
  QString feedDevice;
  double offset = 0; // seconds into each period
  DirectionFigures figures;
  Feeder feeder;
};

struct Replay {
  AudioBuffer speech;
  QString file;
  int repeats = 3;
  double gap = 4;
};

Result<Replay> replayOptions(const cli::Invocation &inv) {
  Replay r;
  r.file = inv.value(QStringLiteral("speech"));
  Result<double> repeats = positive(inv, "repeats", 3), gap = positive(inv, "gap", 4);
  if (!repeats || !gap)
    return !repeats ? repeats.error() : gap.error();
  r.repeats = int(*repeats);
  r.gap = *gap;
  Result<AudioBuffer> speech = audio::readAudioFile(r.file);
  if (!speech)
    return speech.error();
  r.speech = std::move(speech).value();
  return r;
}

// Connects the lanes' figures to their sessions (before anything starts).
void watch(std::vector<Lane> &lanes, QObject *receiver) {
  for (Lane &lane : lanes) {
    DirectionFigures &f = lane.figures;
    f.postRollMs = lane.context->captureParams().segmenter.postRollMs;
    QObject::connect(lane.session, &SessionRunner::transcriptReady, receiver, [&f](const Transcript &t) {
      if (!t.committed && !t.text.trimmed().isEmpty())
        f.partials.push_back(SteadyClock::now());
    });
    QObject::connect(lane.session, &SessionRunner::segmentDelivered, receiver,
                     [&f](const SegmentResult &r) { addSegment(f, r); });
  }
}

// Plays the speech into each lane's device in real time until the last utterance has been heard,
// then calls stop() and waits in `loop` for the sessions to finish (whoever owns them quits it).
Status replay(std::vector<Lane> &lanes, const Replay &r, QEventLoop &loop, const std::function<void()> &stop) {
  for (Lane &lane : lanes)
    if (Status s = lane.feeder.open(lane.feedDevice, r.speech); !s)
      return s;
  const double fileSeconds = r.speech.durationSeconds();
  const double period = fileSeconds + r.gap;
  double lastOffset = 0;
  for (const Lane &lane : lanes)
    lastOffset = std::max(lastOffset, lane.offset);
  const TimePoint began = SteadyClock::now();
  QTimer feed;
  QObject::connect(&feed, &QTimer::timeout, &loop, [&] {
    const double elapsed = millisBetween(began, SteadyClock::now()) / 1000.0;
    for (Lane &lane : lanes) {
      lane.feeder.tick(elapsed, r.repeats, period, lane.offset);
      sampleBusy(lane.figures, *lane.session);
    }
    // The last utterance heard: an orderly stop lets every stage finish and the last speech play.
    if (elapsed > period * (r.repeats - 1) + lastOffset + fileSeconds + 2.0) {
      feed.stop();
      stop();
    }
  });
  feed.start(10);
  qCInfo(lcApp, "bench: %d utterances of %.1f s in each of %zu direction(s), %.1f s apart", r.repeats, fileSeconds,
         lanes.size(), period);
  loop.exec();
  const double wallMs = millisBetween(began, SteadyClock::now());
  for (Lane &lane : lanes) {
    lane.feeder.stop();
    lane.figures.wallMs = wallMs;
  }
  return Status::success();
}

QJsonObject laneFigures(Lane &lane, const QString &ended) {
  DirectionFigures &f = lane.figures;
  summarise(f);
  const config::Config &c = lane.context->config();
  return QJsonObject{{QStringLiteral("languages"), c.translation.sourceLanguage + QStringLiteral("→") + c.translation.targetLanguage},
                     {QStringLiteral("segments"), f.segments},
                     {QStringLiteral("utterances"), int(f.utterances.size())},
                     {QStringLiteral("failed"), f.failed},
                     {QStringLiteral("speech_start_to_first_partial"), summary(f.firstPartial)},
                     {QStringLiteral("end_to_committed_caption"), summary(f.committed)},
                     {QStringLiteral("end_to_translated_caption"), summary(f.translated)},
                     {QStringLiteral("end_to_first_translated_audio"), summary(f.firstAudio)},
                     {QStringLiteral("first_audio_made_to_heard"), summary(f.queuedToPlay)},
                     {QStringLiteral("translated_speech_s"), f.speechSeconds},
                     {QStringLiteral("utterances_s"), f.heardSeconds},
                     {QStringLiteral("catch_up_rate"), c.tts.catchUpRate},
                     {QStringLiteral("speech_cut_short"), qint64(lane.session->counters().speechCut)},
                     {QStringLiteral("busy_share"), QJsonObject{{QStringLiteral("asr"), f.asrBusy / f.wallMs},
                                                                {QStringLiteral("mt"), f.mtBusy / f.wallMs},
                                                                {QStringLiteral("tts"), f.ttsBusy / f.wallMs}}},
                     {QStringLiteral("ended"), ended}};
}

int report(const cli::Invocation &inv, const std::vector<Lane> &lanes, const QJsonObject &out) {
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
  for (const Lane &lane : lanes) {
    const QJsonObject o = out.value(lane.name).toObject();
    const QJsonObject busy = o.value(QStringLiteral("busy_share")).toObject();
    std::printf("%s (%s): %d utterances in %d segments, %d failed; busy: asr %.0f%%, mt %.0f%%, tts %.0f%% of the wall time\n",
                qUtf8Printable(lane.name), qUtf8Printable(o.value(QStringLiteral("languages")).toString()),
                o.value(QStringLiteral("utterances")).toInt(), o.value(QStringLiteral("segments")).toInt(),
                o.value(QStringLiteral("failed")).toInt(), busy.value(QStringLiteral("asr")).toDouble() * 100,
                busy.value(QStringLiteral("mt")).toDouble() * 100, busy.value(QStringLiteral("tts")).toDouble() * 100);
    row("speech start → first provisional", o.value(QStringLiteral("speech_start_to_first_partial")).toObject());
    row("end of speech → committed caption", o.value(QStringLiteral("end_to_committed_caption")).toObject());
    row("end of speech → translated caption", o.value(QStringLiteral("end_to_translated_caption")).toObject());
    row("end of speech → first translated audio", o.value(QStringLiteral("end_to_first_translated_audio")).toObject());
    row("  of which made → heard", o.value(QStringLiteral("first_audio_made_to_heard")).toObject());
    std::printf("  translated speech made: %.1f s for %.1f s of utterances (played up to %.2f times as fast while later "
                "speech waits)\n",
                o.value(QStringLiteral("translated_speech_s")).toDouble(), o.value(QStringLiteral("utterances_s")).toDouble(),
                o.value(QStringLiteral("catch_up_rate")).toDouble());
    if (const qint64 cut = o.value(QStringLiteral("speech_cut_short")).toInteger(); cut > 0)
      std::printf("  speech cut short to keep up: %lld utterance(s) (tts.to_me_max_wait_s)\n", qlonglong(cut));
    if (const QString ended = o.value(QStringLiteral("ended")).toString(); !ended.isEmpty())
      std::printf("  ended early: %s\n", qUtf8Printable(ended));
  }
  return cli::ExitOk;
}

QJsonObject header(const Replay &r, const AppContext &context) {
  return {{QStringLiteral("speech"), r.file},
          {QStringLiteral("repeats"), r.repeats},
          {QStringLiteral("asr_max_tokens"), context.config().asr.maxTokens},
          {QStringLiteral("asr_max_tokens_per_second"), context.config().asr.maxTokensPerSecond}};
}

} // namespace

int runCallBench(const cli::Invocation &inv) {
  if (inv.value(QStringLiteral("speech")).isEmpty() || !inv.values.contains(QStringLiteral("mic-feed")) ||
      !inv.values.contains(QStringLiteral("call-feed")))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("bench call needs --speech FILE and the devices it is "
                                                                  "played into: --mic-feed D (my microphone hears it) and "
                                                                  "--call-feed D (the call's audio carries it)")));
  Result<Replay> r = replayOptions(inv);
  if (!r)
    return reportError(r.error());
  Result<std::unique_ptr<AppContext>> base = AppContext::create(inv.global, callEngineOverrides(inv));
  if (!base)
    return reportError(base.error());
  Result<std::unique_ptr<CallSession>> made = CallSession::create(**base, callOptions(inv, (*base)->config()));
  if (!made)
    return reportError(made.error());
  CallSession &call = **made;

  // Both sides speak the file in turn, overlapping by half: each utterance's tail is processed
  // while the other side talks, as in a lively call.
  const double period = r->speech.durationSeconds() + r->gap;
  std::vector<Lane> lanes(2);
  for (CallSession::Direction d : {CallSession::Me, CallSession::Them}) {
    Lane &lane = lanes[std::size_t(d)];
    lane.name = CallSession::directionName(d);
    lane.session = &call.session(d);
    lane.context = &call.context(d);
    lane.feedDevice = inv.value(d == CallSession::Me ? QStringLiteral("mic-feed") : QStringLiteral("call-feed"));
    lane.offset = d == CallSession::Me ? 0.0 : period / 2.0;
  }
  watch(lanes, &call);
  QEventLoop loop;
  QObject::connect(&call, &CallSession::finished, &loop, &QEventLoop::quit);
  if (Status s = call.start(); !s) {
    if (call.isRunning())
      loop.exec();
    return reportError(s.error());
  }
  qCInfo(lcApp, "bench call: %s / %s", qUtf8Printable(call.session(CallSession::Me).deviceDescription()),
         qUtf8Printable(call.session(CallSession::Them).deviceDescription()));
  if (Status s = replay(lanes, *r, loop, [&] { call.stop(); }); !s) {
    call.stop();
    loop.exec();
    return reportError(s.error());
  }
  QJsonObject out = header(*r, call.context(CallSession::Me));
  for (CallSession::Direction d : {CallSession::Me, CallSession::Them})
    out.insert(lanes[std::size_t(d)].name,
               laneFigures(lanes[std::size_t(d)], call.ended(d).ok() ? QString() : call.ended(d).error().message));
  return report(inv, lanes, out);
}

int runLiveBench(const cli::Invocation &inv) {
  if (inv.value(QStringLiteral("speech")).isEmpty() || !inv.values.contains(QStringLiteral("feed")))
    return reportError(makeError(ErrorKind::Usage, QStringLiteral("bench live needs --speech FILE and --feed D, the device "
                                                                  "it is played into (the input device hears it)")));
  Result<Replay> r = replayOptions(inv);
  if (!r)
    return reportError(r.error());
  QStringList overrides = engineOverrides(inv);
  if (inv.values.contains(QStringLiteral("input-device")))
    overrides << QStringLiteral("audio.input_device=") + inv.value(QStringLiteral("input-device"));
  if (inv.values.contains(QStringLiteral("output-device")))
    overrides << QStringLiteral("audio.output_device=") + inv.value(QStringLiteral("output-device"));
  Result<std::unique_ptr<AppContext>> made = AppContext::create(inv.global, overrides);
  if (!made)
    return reportError(made.error());
  const AppContext &context = **made;
  SessionRunner session(context, QStringLiteral("bench-live"));
  std::vector<Lane> lanes(1);
  lanes[0].name = QStringLiteral("live");
  lanes[0].session = &session;
  lanes[0].context = &context;
  lanes[0].feedDevice = inv.value(QStringLiteral("feed"));
  watch(lanes, &session);
  QEventLoop loop;
  Status ended = Status::success();
  QObject::connect(&session, &SessionRunner::finished, &loop, [&](const Status &status, bool) {
    ended = status;
    loop.quit();
  });
  SessionSource source;
  source.kind = SessionSource::Kind::Devices;
  source.speak = !inv.flag(QStringLiteral("no-speak"));
  if (Status s = session.start(source); !s)
    return reportError(s.error());
  qCInfo(lcApp, "bench live: %s", qUtf8Printable(session.deviceDescription()));
  if (Status s = replay(lanes, *r, loop, [&] { session.stop(); }); !s) {
    session.stop();
    loop.exec();
    return reportError(s.error());
  }
  QJsonObject out = header(*r, context);
  out.insert(lanes[0].name, laneFigures(lanes[0], ended.ok() ? QString() : ended.error().message));
  return report(inv, lanes, out);
}

} // namespace dragoman::headless
