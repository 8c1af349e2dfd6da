#pragma once
// Turns on one shared resource (a model that a call's two directions both use), given in order of
// how long a person has been waiting, not in order of arrival.
//
// A thread says what its work is for with a Due scope: the moment the audio it works on ended (the
// end of speech of a finished utterance, the newest audio of a partial one). A Turn then waits
// until the resource is free and no waiting thread's due time is earlier; equal due times go in
// the order they asked. A thread with no Due scope counts as due when it asks. So when both
// directions have work, the one whose speech ended first is served first, and a direction in the
// middle of an utterance (its partials due now) lets a finished utterance of the other go ahead.
//
// A Turn does not preempt: the work running when an earlier-due request arrives finishes first.

#include "core/common/types.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <vector>

namespace dragoman {

class TurnGate {
public:
  // The due time of the turns this thread asks for while the scope lives (scopes nest).
  class Due {
  public:
    explicit Due(TimePoint due);
    ~Due();
    Due(const Due &) = delete;
    Due &operator=(const Due &) = delete;
    static TimePoint current(); // this thread's, or now when none is set

  private:
    TimePoint m_previous;
    bool m_hadPrevious;
  };

  // Holds the gate from construction (after waiting for its turn) to destruction.
  class Turn {
  public:
    explicit Turn(TurnGate &gate);
    ~Turn();
    Turn(const Turn &) = delete;
    Turn &operator=(const Turn &) = delete;

  private:
    TurnGate &m_gate;
  };

  int waiting() const; // threads waiting for a turn now
  bool busy() const;

private:
  struct Request {
    TimePoint due;
    std::uint64_t ticket;
    bool operator<(const Request &o) const { return due != o.due ? due < o.due : ticket < o.ticket; }
  };
  void acquire();
  void release();

  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::vector<Request> m_waiting;
  std::uint64_t m_nextTicket = 0;
  bool m_busy = false;
};

} // namespace dragoman
