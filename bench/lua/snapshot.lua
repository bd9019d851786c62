-- GET /sessions/{id} of one session. args: api key, session id
function init(args)
  json_headers(args[1])
  wrk.method = "GET"
  wrk.path = "/api/partner/v1/core-chat/sessions/" .. args[2]
end
