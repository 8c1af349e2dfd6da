#pragma once
// Turns on one shared resource (a model that a call's two directions both use), given in order of
// how long a person has been waiting, not in order of arrival.
//
// A thread says what its work is for with a Due scope: the moment the audio it works on ended (the
// end of speech of a finished utterance, the newest audio of a partial one), and whether a person
// is waiting on it (a finished utterance) or it is provisional (a partial pass, a provisional
// translation: nobody waits for those, and the final pass makes them moot). A Turn then waits
// until the resource is free and no waiting request comes before it: work a person waits on before
// provisional work, then the earlier due time, then the order they asked. A thread with no Due
// scope counts as waited on and due when it asks. So when both directions have work, the one
// whose speech ended first is served first, and a direction in the middle of an utterance lets a
// finished utterance of the other go ahead.
//
// A thread that has just given its turn back keeps the first claim on the next one for a moment
// (the grace, 5 ms: other threads wait until it has asked again, then the order above decides, or
// until the grace is over) if it asks for work a person
// waits on and nothing waiting comes before it: a
// direction that finishes a partial pass as its utterance's final segment arrives goes straight on
// to it, instead of waiting behind the other direction's partial pass that the release would
// otherwise start (on 2 cores that cost every utterance about a second).
//
// A Turn does not preempt: the work running when an earlier-due request arrives finishes first.
// But a Due scope may say when its work has been overtaken (a streaming direction's partial pass
// once a newer segment of the same direction, with the same audio and more, is queued behind it): a
// Turn asked for under it gives up waiting as soon as that holds (held() is then false), so the
// newer job's pass is not kept waiting behind a pass that nobody needs any more.

#include "core/common/types.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dragoman {

class TurnGate {
public:
  explicit TurnGate(std::chrono::milliseconds grace = std::chrono::milliseconds(5)) : m_grace(grace) {}

  // The due time of the turns this thread asks for while the scope lives (scopes nest).
  class Due {
  public:
    // `overtaken`: asked while this thread waits for a turn (under the gate's lock, often); once
    // true, the wait ends without the turn.
    explicit Due(TimePoint due, bool provisional = false, std::function<bool()> overtaken = {});
    ~Due();
    Due(const Due &) = delete;
    Due &operator=(const Due &) = delete;
    static TimePoint current(); // this thread's, or now when none is set
    static bool provisional();  // this thread's (false when none is set)
    // Time this thread has spent waiting for turns of any gate, in total (to tell a stage's own
    // work from its waits on a shared model).
    static SteadyClock::duration waited();

  private:
    TimePoint m_previous;
    bool m_hadPrevious;
    bool m_wasProvisional;
    std::function<bool()> m_overtaken;
    const std::function<bool()> *m_previousOvertaken;
  };

  // Holds the gate from construction (after waiting for its turn) to destruction; or, when the
  // thread's Due scope said its work was overtaken while it waited, never (held() is false).
  class Turn {
  public:
    explicit Turn(TurnGate &gate);
    ~Turn();
    Turn(const Turn &) = delete;
    Turn &operator=(const Turn &) = delete;
    bool held() const { return m_held; }

  private:
    TurnGate &m_gate;
    bool m_held = false;
  };

  int waiting() const; // threads waiting for a turn now
  bool busy() const;

private:
  struct Request {
    std::thread::id thread;
    bool provisional;
    TimePoint due;
    std::uint64_t ticket;
    bool operator<(const Request &o) const {
      if (provisional != o.provisional)
        return !provisional;
      return due != o.due ? due < o.due : ticket < o.ticket;
    }
  };
  bool acquire(); // false: overtaken while waiting
  void release();

  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::vector<Request> m_waiting;
  std::uint64_t m_nextTicket = 0;
  bool m_busy = false;
  const std::chrono::milliseconds m_grace;
  std::thread::id m_lastHolder;  // who gave the last turn back
  TimePoint m_graceUntil{};      // until when only it may take the next one (for waited-on work)
};

} // namespace dragoman
