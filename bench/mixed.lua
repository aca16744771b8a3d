-- wrk script of the staff pages' load "with writes going on": every 20th request of each wrk thread
-- is a POST to /bench/write/ (bench/urls.py), which makes one real change to what the page being
-- measured shows, so a cached page is invalidated as it would be in use. The page's own GETs carry
-- the session cookie given with -H; the write does too.
local counter = 0
local write_path = os.getenv("BENCH_WRITE_PATH")

request = function()
  counter = counter + 1
  if write_path and counter % 20 == 0 then
    return wrk.format("POST", write_path, {["Content-Length"] = "0"})
  end
  return wrk.format("GET")
end
