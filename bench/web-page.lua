-- web-page.lua — wrk script for bench/web.sh: GET /api/journal a page at a
-- time from a different place each request (before= a key at a random
-- time in the generated journal's two years), so no reply is one the
-- server has kept: what scrolling through a long journal costs.
local first = tonumber(os.getenv("HAVEN_BENCH_FROM")) -- ms
local last = tonumber(os.getenv("HAVEN_BENCH_TO"))
wrk.headers["Cookie"] = os.getenv("HAVEN_BENCH_COOKIE")

local counter = 0
function setup(thread)
	counter = counter + 1
	thread:set("seed", counter)
end

function init(args)
	math.randomseed(os.time() + (seed or 0) * 7919)
end

function request()
	local at = first + math.floor(math.random() * (last - first))
	return wrk.format("GET", "/api/journal?limit=50&before=" .. at ..
		".ffffffff-ffff-4fff-bfff-ffffffffffff")
end

local refused = 0
function response(status, headers, body)
	if status ~= 200 then refused = refused + 1 end
end

function done(summary, latency, requests)
	io.write(string.format("refused %d\n", refused))
end
