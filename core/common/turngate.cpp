#include "core/common/turngate.h"

#include <algorithm>

namespace dragoman {

namespace {
thread_local TimePoint t_due{};
thread_local bool t_hasDue = false;
} // namespace

TurnGate::Due::Due(TimePoint due) : m_previous(t_due), m_hadPrevious(t_hasDue) {
  t_due = due;
  t_hasDue = due != TimePoint{};
}

TurnGate::Due::~Due() {
  t_due = m_previous;
  t_hasDue = m_hadPrevious;
}

TimePoint TurnGate::Due::current() { return t_hasDue ? t_due : SteadyClock::now(); }

TurnGate::Turn::Turn(TurnGate &gate) : m_gate(gate) { m_gate.acquire(); }

TurnGate::Turn::~Turn() { m_gate.release(); }

void TurnGate::acquire() {
  std::unique_lock lock(m_mutex);
  const Request mine{Due::current(), m_nextTicket++};
  m_waiting.push_back(mine);
  m_changed.wait(lock, [&] {
    return !m_busy && std::none_of(m_waiting.begin(), m_waiting.end(), [&](const Request &r) { return r < mine; });
  });
  m_waiting.erase(std::find_if(m_waiting.begin(), m_waiting.end(), [&](const Request &r) { return r.ticket == mine.ticket; }));
  m_busy = true;
}

void TurnGate::release() {
  {
    const std::lock_guard lock(m_mutex);
    m_busy = false;
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
