-- wrk script: POST /api/events/EVENT/scan, a distinct code in every request.
--
-- Codes come from CODES_FILE (one per line). Thread t of WRK_THREADS sends
-- codes OFFSET+t, OFFSET+t+WRK_THREADS, OFFSET+t+2*WRK_THREADS, …, so no code
-- is sent twice until the list runs out; after that the threads start over
-- at the top and every scan is an "already used" rejection. The run script
-- counts admissions and rejections from the server's scan log, not here, so
-- the load generator spends no time reading answers.
local threads = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  codes = {}
  for line in io.lines(os.getenv("CODES_FILE") or "codes.txt") do
    codes[#codes + 1] = line
  end
  idx = tid + tonumber(os.getenv("OFFSET") or "0")
  stride = tonumber(os.getenv("WRK_THREADS") or "1")
  wrk.method = "POST"
  wrk.path = "/api/events/" .. (os.getenv("EVENT") or "load") .. "/scan"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
end

function request()
  local code = codes[(idx % #codes) + 1]
  idx = idx + stride
  return wrk.format(nil, nil, nil, '{"code":"' .. code .. '","door":"load"}')
end
