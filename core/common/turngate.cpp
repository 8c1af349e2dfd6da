#include "core/common/turngate.h"

#include <algorithm>

namespace dragoman {

namespace {
thread_local TimePoint t_due{};
thread_local bool t_hasDue = false;
thread_local bool t_provisional = false;
thread_local SteadyClock::duration t_waited{};
} // namespace

TurnGate::Due::Due(TimePoint due, bool provisional)
    : m_previous(t_due), m_hadPrevious(t_hasDue), m_wasProvisional(t_provisional) {
  t_due = due;
  t_hasDue = due != TimePoint{};
  t_provisional = provisional;
}

TurnGate::Due::~Due() {
  t_due = m_previous;
  t_hasDue = m_hadPrevious;
  t_provisional = m_wasProvisional;
}

TimePoint TurnGate::Due::current() { return t_hasDue ? t_due : SteadyClock::now(); }

bool TurnGate::Due::provisional() { return t_provisional; }

SteadyClock::duration TurnGate::Due::waited() { return t_waited; }

TurnGate::Turn::Turn(TurnGate &gate) : m_gate(gate) {
  const TimePoint asked = SteadyClock::now();
  m_gate.acquire();
  t_waited += SteadyClock::now() - asked;
}

TurnGate::Turn::~Turn() { m_gate.release(); }

void TurnGate::acquire() {
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
    return;
  }
  for (;;) {
    const bool first = !m_busy && std::none_of(m_waiting.begin(), m_waiting.end(), [&](const Request &r) { return r < mine; });
    // The grace holds back provisional work only: waited-on work is ordered by its due time.
    const bool graceOver = !mine.provisional || mine.thread == m_lastHolder || SteadyClock::now() >= m_graceUntil;
    if (first && graceOver)
      break;
    if (first) // only the grace of the last holder is in the way
      m_changed.wait_until(lock, m_graceUntil);
    else
      m_changed.wait(lock);
  }
  m_waiting.erase(std::find_if(m_waiting.begin(), m_waiting.end(), [&](const Request &r) { return r.ticket == mine.ticket; }));
  m_busy = true;
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
