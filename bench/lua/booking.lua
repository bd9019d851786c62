-- The booking flow, one connection per thread, each walking its own sessions (each already shown a
-- shortlist): "book k", then the price confirmation when the supplier changed the price, then the
-- default card; then the next option (k = 1..5), then the next session.
-- args: api key, pool file, key prefix, wrk threads
local mine = {}
local at, option, serial = 1, 1, 0
local step, option_id, card = "book", nil, nil

function init(args)
  json_headers(args[1])
  prefix = args[3]
  nthreads_total = tonumber(args[4])
  local pool = read_lines(args[2])
  for i, session in ipairs(pool) do
    if (i - 1) % nthreads_total == id - 1 then table.insert(mine, session) end
  end
end

local function next_flow()
  step = "book"
  option = option + 1
  if option > 5 then
    option = 1
    at = at + 1
    if at > #mine then at = 1; count("pool_wrapped") end
  end
end

function request()
  serial = serial + 1
  local key = prefix .. "-" .. id .. "-" .. serial
  local session = mine[at]
  local body
  if step == "book" then
    body = '{"sessionId":"' .. session .. '","kind":"command_book_by_option_id","text":"book ' .. option ..
      '","idempotencyKey":"' .. key .. '"}'
  elseif step == "price" then
    body = '{"sessionId":"' .. session .. '","kind":"action_confirm_price_change","payload":{"optionId":"' ..
      option_id .. '","accept":true},"idempotencyKey":"' .. key .. '"}'
  else
    body = '{"sessionId":"' .. session .. '","kind":"action_confirm_payment_card","payload":{"paymentCardId":"' ..
      card .. '"},"idempotencyKey":"' .. key .. '"}'
  end
  return wrk.format("POST", "/api/partner/v1/core-chat/events", nil, body)
end

function response(status, headers, body)
  if status ~= 200 then
    count("http_" .. status)
    next_flow()
    return
  end
  local result = first_status(body)
  count(result)
  if result == "payment_required" then
    card = string.match(body, '"paymentCardId":"([^"]+)"')
    step = "card"
  elseif result == "price_changed" then
    option_id = string.match(body, '"priceChange":{"optionId":"([^"]+)"')
    step = "price"
  else
    if result == "booked" then count("flows_booked") end
    next_flow()
  end
end
