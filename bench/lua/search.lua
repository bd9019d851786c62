-- Free-text search turns with a unique idempotency key each, spread over a pool of sessions.
-- One connection per thread; thread k takes every k-th session of the pool, so no two connections
-- write to one session at once. args: api key, pool file (one session id a line), key prefix, wrk threads
local texts = {
  "Seattle Mar 20-23 1 room refundable",
  "Portland Apr 3-6 2 rooms",
  "Chicago May 1-4 under $300 a night",
  "Denver Jun 10-12 4 stars",
}
local mine = {}
local serial = 0

function init(args)
  json_headers(args[1])
  prefix = args[3]
  nthreads_total = tonumber(args[4])
  local pool = read_lines(args[2])
  for i, session in ipairs(pool) do
    if (i - 1) % nthreads_total == id - 1 then table.insert(mine, session) end
  end
  if #mine == 0 then mine = pool end
  math.randomseed(id * 7919)
end

function request()
  serial = serial + 1
  local session = mine[math.random(#mine)]
  local text = texts[math.random(#texts)]
  local body = '{"sessionId":"' .. session .. '","text":"' .. text .. '","idempotencyKey":"' ..
    prefix .. "-" .. id .. "-" .. serial .. '"}'
  return wrk.format("POST", "/api/partner/v1/core-chat/events", nil, body)
end

function response(status, headers, body)
  if status == 200 then count(first_status(body)) else count("http_" .. status) end
end
