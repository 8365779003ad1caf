-- wrk walks the URL list of $BENCH_PATHS in order, each thread from its own share of it, and prints one JSON
-- line at the end (latencies in microseconds). With $BENCH_COUNT_HITS set, it counts the responses that carry
-- `X-Page-Cache: hit` (bench/cache_hits.py).
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
  n = math.floor(#paths * id / tonumber(os.getenv("BENCH_THREADS") or "1"))
  hits, answered = 0, 0
end

function request()
  n = n + 1
  return wrk.format("GET", paths[((n - 1) % #paths) + 1])
end

if os.getenv("BENCH_COUNT_HITS") then
  function response(status, headers, body)
    answered = answered + 1
    if headers["X-Page-Cache"] == "hit" then hits = hits + 1 end
  end
end

function done(summary, latency, requests)
  local hit_count, answer_count = 0, 0
  for _, thread in ipairs(threads) do
    hit_count = hit_count + (thread:get("hits") or 0)
    answer_count = answer_count + (thread:get("answered") or 0)
  end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %f, "p50": %d, "p95": %d, "p99": %d, "errors": %d, "non2xx": %d, ' ..
    '"hits": %d, "answered": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status, hit_count, answer_count))
end
