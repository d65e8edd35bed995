-- wrk script for bench/deadline_load.mjs: every request is an applicant's GET of their own application,
-- rotating over many signed-in applicants. ZC_SESSIONS names a file of lines "<application id> <session
-- token>", one per applicant (the session that applicant's own login opened). A request that is not the
-- applicant's own application would be 404 and show as a non-2xx answer.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  ids, cookies = {}, {}
  local path = os.getenv("ZC_SESSIONS")
  for line in io.lines(path) do
    local id, token = line:match("^(%d+)%s+(%x+)$")
    if id then
      ids[#ids + 1] = id
      cookies[#cookies + 1] = "zc_session=" .. token
    end
  end
  n = #ids
  if n == 0 then error("no sessions in " .. tostring(path)) end
  -- Threads start at different applicants and walk the list with a stride, so that consecutive requests
  -- on one connection are different applicants.
  i = (tid * 7919) % n
end

function request()
  i = i % n + 1
  return wrk.format("GET", "/api/v1/applications/" .. ids[i], { ["Cookie"] = cookies[i],
    ["Accept-Language"] = "zh-CN" })
end
