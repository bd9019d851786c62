-- POST /sessions with a fixed small body. args: api key
function init(args)
  json_headers(args[1])
  wrk.method = "POST"
  wrk.path = "/api/partner/v1/core-chat/sessions"
  wrk.body = '{"actor":{"actorId":"bench-actor","timezoneOffsetMinutes":-480}}'
end
