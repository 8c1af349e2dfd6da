#include "core/common/turngate.h"

#include <algorithm>

namespace dragoman {

namespace {
thread_local TimePoint t_due{};
thread_local bool t_hasDue = false;
thread_local bool t_provisional = false;
thread_local SteadyClock::duration t_waited{};
thread_local const std::function<bool()> *t_overtaken = nullptr;
constexpr auto kOvertakenPoll = std::chrono::milliseconds(10); // how often a waiting turn asks
} // namespace

TurnGate::Due::Due(TimePoint due, bool provisional, std::function<bool()> overtaken)
    : m_previous(t_due), m_hadPrevious(t_hasDue), m_wasProvisional(t_provisional), m_overtaken(std::move(overtaken)),
      m_previousOvertaken(t_overtaken) {
  t_due = due;
  t_hasDue = due != TimePoint{};
  t_provisional = provisional;
  t_overtaken = m_overtaken ? &m_overtaken : nullptr;
}

TurnGate::Due::~Due() {
  t_due = m_previous;
  t_hasDue = m_hadPrevious;
  t_provisional = m_wasProvisional;
  t_overtaken = m_previousOvertaken;
}

TimePoint TurnGate::Due::current() { return t_hasDue ? t_due : SteadyClock::now(); }

bool TurnGate::Due::provisional() { return t_provisional; }

SteadyClock::duration TurnGate::Due::waited() { return t_waited; }

TurnGate::Turn::Turn(TurnGate &gate) : m_gate(gate) {
  const TimePoint asked = SteadyClock::now();
  m_held = m_gate.acquire();
  t_waited += SteadyClock::now() - asked;
}

TurnGate::Turn::~Turn() {
  if (m_held)
    m_gate.release();
}

bool TurnGate::acquire() {
  std::unique_lock lock(m_mutex);
  const Request mine{std::this_thread::get_id(), Due::provisional(), Due::current(), m_nextTicket++};
  m_waiting.push_back(mine);
  const bool mayBarge = !mine.provisional && mine.thread == m_lastHolder && SteadyClock::now() < m_graceUntil &&
                        std::none_of(m_waiting.begin(), m_waiting.end(), [&](const Request &r) {
                          return r.provisional == mine.provisional ? r.due < mine.due : !r.provisional;
                        });
  if (mayBarge && !m_busy) { // the thread that just gave the turn back goes on to a finished utterance
    m_waiting.pop_back();
    m_busy = true;
    m_graceUntil = TimePoint{};
    return true;
  }
  if (mine.thread == m_lastHolder)
    m_changed.notify_all(); // whoever the grace holds back may go on, if it is first
  const std::function<bool()> *overtaken = t_overtaken;
  const auto withdraw = [&] {
    m_waiting.erase(std::find_if(m_waiting.begin(), m_waiting.end(), [&](const Request &r) { return r.ticket == mine.ticket; }));
  };
  for (;;) {
    const bool first = !m_busy && std::none_of(m_waiting.begin(), m_waiting.end(), [&](const Request &r) { return r < mine; });
    // The grace holds others back until the last holder has asked again (then the order decides)
    // or the grace is over: otherwise a final segment due later could take the turn in the moment
    // between the last holder's release and its next request, as a woken thread may.
    const bool lastHolderAsked = std::any_of(m_waiting.begin(), m_waiting.end(), [&](const Request &r) {
      return r.thread == m_lastHolder && r.ticket != mine.ticket;
    });
    const bool graceOver = mine.thread == m_lastHolder || lastHolderAsked || SteadyClock::now() >= m_graceUntil;
    if (overtaken && (*overtaken)()) {
      withdraw();
      lock.unlock();
      m_changed.notify_all(); // a request it held back may be first now
      return false;
    }
    if (first && graceOver)
      break;
    // Whoever overtakes this work does not know the gate: a thread that may be overtaken looks again
    // every few milliseconds.
    const TimePoint until = overtaken ? SteadyClock::now() + kOvertakenPoll : TimePoint::max();
    if (first) // only the grace of the last holder is in the way
      m_changed.wait_until(lock, std::min(until, m_graceUntil));
    else if (overtaken)
      m_changed.wait_until(lock, until);
    else
      m_changed.wait(lock);
  }
  withdraw();
  m_busy = true;
  return true;
}

void TurnGate::release() {
  {
    const std::lock_guard lock(m_mutex);
    m_busy = false;
    m_lastHolder = std::this_thread::get_id();
    m_graceUntil = SteadyClock::now() + m_grace;
  }
  m_changed.notify_all();
}

int TurnGate::waiting() const {
  const std::lock_guard lock(m_mutex);
  return int(m_waiting.size());
}

bool TurnGate::busy() const {
  const std::lock_guard lock(m_mutex);
  return m_busy;
}

} // namespace dragoman
