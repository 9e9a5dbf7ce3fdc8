-- nvim.lua: the plugin's side of `make bench`, run inside headless Neovim
-- by tests/bench/nvim with $REAM_DB set to the bench store:
--
--   nvim --headless -u NORC --cmd "set rtp^=ROOT" +"luafile nvim.lua"
--
-- Reads the query log ($BENCH_QUERIES), and writes to $BENCH_OUT/nvim.tsv
-- one line per keystroke (class, typed, ms) and to $BENCH_OUT/results.tsv
-- (appended) nvim_first_use_ms and nvim_complete_p99_ms.
--
-- First use: what a session's first key typed in a citation costs, from
-- nothing loaded: ream's Lua modules, the C module, the store opened, a
-- first search, the items.
-- Keystroke to items: in a .tex buffer whose line is "\cite{TYPED", what
-- Neovim runs when a key is typed there: the omnifunc asked where the key
-- starts, then for its items (ream's C search, the items built with their
-- documentation). Every single-word query of the log is typed as a key
-- would be; the prefix class is already typed letter by letter.
local out, queries = os.getenv("BENCH_OUT"), os.getenv("BENCH_QUERIES")
local passes = tonumber(os.getenv("BENCH_PASSES") or "3")

local function fail(msg)
  io.stderr:write("tests/bench/nvim.lua: ", msg, "\n")
  vim.cmd("cquit 1")
end

if not (out and queries) then
  fail("set BENCH_OUT and BENCH_QUERIES")
end

local function ms(t0)
  return (vim.loop.hrtime() - t0) / 1e6
end

-- The keystrokes: every query of the log with no space in it, in the
-- classes a key is typed in.
local typed = {}
local classes = { prefix = true, rare = true, mid = true, common = true, author = true }
for line in io.lines(queries) do
  local cls, q = line:match("^([^\t#][^\t]*)\t(.*)$")
  if cls and classes[cls] and q ~= "" and not q:find("[%s,{}]") then
    typed[#typed + 1] = { cls = cls, q = q }
  end
end

vim.cmd("enew")
vim.bo.filetype = "tex"
local buf = vim.api.nvim_get_current_buf()

-- One keystroke in "\cite{q": the omnifunc asked where the key starts,
-- then for the items. Returns the ms it took and the number of items.
local function keystroke(q)
  local line = "\\cite{" .. q
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, { line })
  vim.api.nvim_win_set_cursor(0, { 1, #line })
  local s = vim.loop.hrtime()
  local omni = require("ream.complete.omni")
  local start = omni.omnifunc(1, "")
  local items = omni.omnifunc(0, line:sub(start + 1))
  local t = ms(s)
  if start ~= 6 or type(items) ~= "table" or type(items.words) ~= "table" then
    fail(("the omnifunc did not complete %q"):format(line))
  end
  return t, #items.words
end

-- Appends "key TAB value" lines to results.tsv; values: { {key, fmt, v} }.
local function results(values)
  local f = assert(io.open(out .. "/results.tsv", "a"))
  for _, r in ipairs(values) do
    f:write(("%s\t" .. r[2] .. "\n"):format(r[1], r[3]))
  end
  f:close()
end

-- BENCH_MODE=idle: the first key typed once the document has been open a
-- moment (its first refresh opens the store and warms it, as in use);
-- written as nvim_first_key_ms, and nothing else is measured.
if os.getenv("BENCH_MODE") == "idle" then
  if not vim.wait(5000, function()
    return package.loaded["ream.complete.omni"] ~= nil
  end, 10) then
    fail("the document's first refresh did not warm the store")
  end
  local t, got = keystroke("learning")
  if got == 0 then
    fail("the first key found nothing")
  end
  results({ { "nvim_first_key_ms", "%.2f", t } })
  io.stdout:write(("  the first key once the document has been open a moment: %.1f ms\n"):format(t))
  vim.cmd("qall!")
  return
end

-- The first use: a first key typed in a citation, with ream's modules, the
-- C module and the store not loaded yet (typed before the document's first
-- refresh, which would load them).
if package.loaded["ream.core"] or package.loaded["ream.complete.omni"] then
  fail("ream's modules were loaded before the first use")
end
local first, n = keystroke("learning")
if n == 0 then
  fail("the first use found nothing")
end

-- A warm-up pass, then the median of the timed passes per keystroke.
for _, k in ipairs(typed) do
  keystroke(k.q)
end
local times, empty = {}, 0
for i, k in ipairs(typed) do
  local t = {}
  for p = 1, passes do
    local got
    t[p], got = keystroke(k.q)
    if p == 1 and got == 0 then
      empty = empty + 1
    end
  end
  table.sort(t)
  times[i] = t[math.floor((passes + 1) / 2)]
end

local f = assert(io.open(out .. "/nvim.tsv", "w"))
f:write("class\ttyped\tms\n")
for i, k in ipairs(typed) do
  f:write(("%s\t%s\t%.3f\n"):format(k.cls, k.q, times[i]))
end
f:close()

local sorted = {}
for i, t in ipairs(times) do
  sorted[i] = t
end
table.sort(sorted)
local function pct(p)
  return sorted[math.max(1, math.ceil(#sorted * p))]
end

results({
  { "nvim_first_use_ms", "%.2f", first },
  { "nvim_complete_p50_ms", "%.2f", pct(0.5) },
  { "nvim_complete_p99_ms", "%.2f", pct(0.99) },
  { "nvim_complete_max_ms", "%.2f", sorted[#sorted] },
  { "nvim_complete_keys", "%d", #sorted },
})
io.stdout:write(("  first use %.1f ms; %d keystrokes (%d with no candidate): p50 %.2f ms, p99 %.2f ms, max %.2f ms"):format(
  first, #sorted, empty, pct(0.5), pct(0.99), sorted[#sorted]) .. "\n")
vim.cmd("qall!")
