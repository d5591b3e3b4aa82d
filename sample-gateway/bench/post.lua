-- wrk script: POST a JSON body read from the file named after "--" (wrk ... -s post.lua URL -- body.json).
-- No response() callback: it would run Lua per response and make wrk itself slower.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"

function init(args)
  local f = assert(io.open(args[1], "rb"))
  wrk.body = f:read("*a")
  f:close()
end
