-- wrk script for `tmkit serve`: fuzzy lookups whose query text varies request by request.
-- Usage: QUERIES=queries.txt wrk -t2 -c32 -d30s --latency -s serve_lookup.lua http://127.0.0.1:PORT
-- queries.txt holds one request path per line (/api/lookup?q=...&src=en&tgt=ru), already
-- URL-encoded (tools/bench/serve_bench.sh writes it). Each wrk thread starts at its own offset.
-- THINK_MS (default 0) makes each connection wait that long after an answer before it asks again:
-- a translator who reads the matches, rather than a client that saturates the server.
-- At the end one line "RESULT {json}" gives the counts and latency percentiles in milliseconds,
-- and one line "TIMELINE n1 n2 ..." the answers received in each second of the run, so that a
-- slowdown (an import in another process) shows where it starts and ends.

local paths = {}
local file = assert(io.open(os.getenv("QUERIES") or "queries.txt", "r"), "set QUERIES to the query file")
for line in file:lines() do
  if #line > 0 then paths[#paths + 1] = line end
end
file:close()
assert(#paths > 0, "the query file is empty")

local think_ms = tonumber(os.getenv("THINK_MS") or "0")

-- wrk's Lua is LuaJIT: the monotonic clock through its FFI (os.time has whole seconds only).
local ffi = require("ffi")
ffi.cdef("typedef struct { long tv_sec; long tv_nsec; } wrk_timespec; int clock_gettime(int, wrk_timespec*);")
local clock_now = ffi.new("wrk_timespec")
local CLOCK_MONOTONIC = 1
local function second_now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock_now)
  return tonumber(clock_now.tv_sec)
end
local threads = {}
local thread_index = 0

function setup(thread)
  thread_index = thread_index + 1
  thread:set("offset", thread_index * 7919)
  threads[#threads + 1] = thread
end

function init(args)
  next_index = offset
  bad_status = 0
  per_second = {}  -- monotonic second -> answers received
end

function delay()
  return think_ms
end

function request()
  next_index = next_index + 1
  return wrk.format("GET", paths[(next_index % #paths) + 1])
end

function response(status, headers, body)
  local second = second_now()
  per_second[second] = (per_second[second] or 0) + 1
  if status ~= 200 then
    bad_status = bad_status + 1
    if bad_status <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  local bad = 0
  local answers, first, last = {}, math.huge, -math.huge
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("bad_status")
    for second, count in pairs(thread:get("per_second")) do
      answers[second] = (answers[second] or 0) + count
      first, last = math.min(first, second), math.max(last, second)
    end
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.1f, "rps": %.0f, "non_200": %d, "socket_errors": %d, ' ..
    '"p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "p999_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), bad, socket_errors,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
  local counts = {}
  if first <= last then
    for second = first, last do counts[#counts + 1] = tostring(answers[second] or 0) end
  end
  io.write("TIMELINE " .. table.concat(counts, " ") .. "\n")
end
