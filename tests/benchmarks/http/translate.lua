-- wrk script: POST /api/v1/translate with a different sentence each time, so that the
-- translation cache never answers and every request reaches the engine (or its batch).
-- Each wrk thread numbers its own requests; the thread id keeps the texts apart.
local counter = 0

function setup(thread)
  thread:set("thread_id", math.random(1, 1000000))
end

function request()
  counter = counter + 1
  local body = string.format('{"text": "The house number %d of street %d is red."}', counter, thread_id)
  return wrk.format("POST", "/api/v1/translate", {["Content-Type"] = "application/json"}, body)
end
