-- web-post.lua — wrk script for bench/web.sh: POST one journal entry per
-- request, with the session cookie, our Origin and the CSRF token that
-- haven serve requires of every write (taken from the environment).
wrk.method = "POST"
wrk.body = '{"intensity":5,"what":"bench entry from the web","triggers":["work"]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("HAVEN_BENCH_COOKIE")
wrk.headers["Origin"] = os.getenv("HAVEN_BENCH_ORIGIN")
wrk.headers["X-CSRF-Token"] = os.getenv("HAVEN_BENCH_CSRF")

-- Count answers that are not 201 Created, so a refused write is never
-- mistaken for a fast one.
local refused = 0
function response(status, headers, body)
	if status ~= 201 then refused = refused + 1 end
end

function done(summary, latency, requests)
	io.write(string.format("refused %d\n", refused))
end
