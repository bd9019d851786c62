-- Shared by every scenario (the runner puts it in front of the scenario's script): numbers each
-- thread, and prints one JSON line with the figures and every thread's `counts` table.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

counts = {}

function count(name)
  counts[name] = (counts[name] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts") or {}
    for name, n in pairs(c) do
      totals[name] = (totals[name] or 0) + n
    end
  end
  local parts = {}
  for name, n in pairs(totals) do
    table.insert(parts, string.format('"%s":%d', name, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,' ..
    '"non2xx":%d,"socket_errors":%d,"counts":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    e.status, e.connect + e.read + e.write + e.timeout, table.concat(parts, ",")))
end

function first_status(body)
  return string.match(body, '"status":"([%w_]+)"') or "none"
end

function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then table.insert(lines, line) end
  end
  return lines
end

function json_headers(key)
  wrk.headers["content-type"] = "application/json"
  wrk.headers["x-partner-api-key"] = key
end
