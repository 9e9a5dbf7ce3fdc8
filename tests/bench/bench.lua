-- bench.lua: the query log through ream's Lua module, under LuaJIT.
--
--   luajit tests/bench/bench.lua ROOT STORE QUERIES OUT [PASSES]
--
-- Loads ROOT/lua/ream/core.so as require("ream.core"), opens STORE, runs
-- the log once to warm up, then PASSES (3) timed passes of
-- store:search(q, {limit = 20}), and writes OUT/lua.tsv with the median
-- wall and CPU time of each query, in the columns of bench.c's c.tsv, and
-- the time of the first use (require, open, first query) to results.tsv.

local ffi = require("ffi")

ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk, bench_timespec *tp);
]])

local CLOCK_MONOTONIC, CLOCK_THREAD_CPUTIME_ID = 1, 3

local root, store_path, queries_path, out, passes = ...
passes = tonumber(passes) or 3
if not (root and store_path and queries_path and out) then
  io.stderr:write("usage: luajit bench.lua ROOT STORE QUERIES OUT [PASSES]\n")
  os.exit(2)
end

local ts = ffi.new("bench_timespec")

local function clock_us(clk)
  ffi.C.clock_gettime(clk, ts)
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

-- First use, as a session would meet it: load the module, open the
-- store, run a query.
local t_first = clock_us(CLOCK_MONOTONIC)
package.cpath = root .. "/lua/?.so;" .. package.cpath
local core = require("ream.core")

local store, err = core.open(store_path)
if not store then
  io.stderr:write("bench.lua: ", tostring(err), "\n")
  os.exit(1)
end
store:search("learning", { limit = 20 })
t_first = clock_us(CLOCK_MONOTONIC) - t_first

local queries = {}
for line in io.lines(queries_path) do
  local cls, q = line:match("^([^\t#][^\t]*)\t(.*)$")
  if cls then
    queries[#queries + 1] = { cls = cls, q = q }
  end
end

local opts = { limit = 20 }

local function run(q)
  local w0, c0 = clock_us(CLOCK_MONOTONIC), clock_us(CLOCK_THREAD_CPUTIME_ID)
  local papers, msg = store:search(q, opts)
  local w, c = clock_us(CLOCK_MONOTONIC) - w0, clock_us(CLOCK_THREAD_CPUTIME_ID) - c0
  return w, c, papers and #papers or 0, papers and 0 or 1, msg
end

for _, e in ipairs(queries) do -- the warm-up pass
  run(e.q)
end

local wall, cpu, count, errs = {}, {}, {}, {}
for p = 1, passes do
  for i, e in ipairs(queries) do
    local w, c, n, failed = run(e.q)
    wall[i] = wall[i] or {}
    cpu[i] = cpu[i] or {}
    wall[i][p], cpu[i][p] = w, c
    count[i], errs[i] = n, failed
  end
  collectgarbage()
end

local function median(t)
  local s = { unpack(t) }
  table.sort(s)
  return s[math.floor((#s + 1) / 2)]
end

local f = assert(io.open(out .. "/lua.tsv", "w"))
f:write("i\tclass\twall_us\tcpu_us\tresults\terror\n")
for i, e in ipairs(queries) do
  f:write(string.format("%d\t%s\t%.1f\t%.1f\t%d\t%d\n", i - 1, e.cls,
    median(wall[i]), median(cpu[i]), count[i], errs[i]))
end
f:close()
f = assert(io.open(out .. "/results.tsv", "a"))
f:write(string.format("lua_first_use_us\t%.1f\n", t_first))
f:close()
store:close()
