-- wrk script: POST /api/events/EVENT/scan with a distinct code per request.
-- Codes come from codes.txt (one per line); thread t of n takes codes t, t+n, …
local codes = {}
for line in io.lines(os.getenv("CODES_FILE") or "codes.txt") do
  codes[#codes + 1] = line
end
local token = os.getenv("TOKEN")
local event = os.getenv("EVENT") or "load"
local threads = 0
local counter = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  counter = 0
  wrk.method = "POST"
  wrk.path = "/api/events/" .. event .. "/scan"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  local i = (counter * 64 + id) % #codes + 1
  counter = counter + 1
  return wrk.format(nil, nil, nil, '{"code":"' .. codes[i] .. '","door":"load"}')
end
