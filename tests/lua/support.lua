-- support.lua: what the binding's specs share (not a spec itself).
-- Temporary folders, the listing pair and memory readings.
local M = {}

-- Runs a shell command and returns its output without the trailing newline.
local function capture(cmd)
	local f = assert(io.popen(cmd, "r"))
	local out = f:read("*a")
	f:close()
	return (out:gsub("%s+$", ""))
end

local function quote(s)
	return "'" .. s:gsub("'", "'\\''") .. "'"
end
M.quote = quote

-- A fresh temporary folder; M.cleanup() removes every folder made.
local made = {}
function M.tmpdir()
	local base = os.getenv("TMPDIR")
	if not base or base == "" then
		base = "/tmp"
	end
	local dir = capture("mktemp -d " .. quote(base .. "/ream-lua-XXXXXX"))
	assert(dir ~= "", "mktemp failed")
	made[#made + 1] = dir
	return dir
end

function M.cleanup()
	for _, dir in ipairs(made) do
		os.execute("rm -rf " .. quote(dir))
	end
	made = {}
end

function M.write(path, data)
	local f = assert(io.open(path, "wb"))
	f:write(data)
	f:close()
end

-- The listing pair the specs import, in tests/data/listings from the top of
-- the repository (run.sh runs from there). It mirrors the real arXiv samples:
-- a header and "Abstract:" lines (abstracts.txt, first), and records with
-- ids and dates (records.txt). Sorted paths.
function M.listings()
	local dir = "tests/data/listings"
	local files = {}
	local list = capture("ls " .. quote(dir) .. "/*.txt 2>/dev/null")
	for line in list:gmatch("[^\n]+") do
		files[#files + 1] = line
	end
	table.sort(files)
	assert(#files == 2, "no listing pair in " .. dir)
	return files
end

-- The papers the listing pair holds together.
M.LISTED_PAPERS = 17

-- Opens a store in a fresh folder and imports the listing pair into it.
function M.listed_store()
	local core = require("ream.core")
	local dir = M.tmpdir()
	local store = assert(core.open(dir .. "/ream.sqlite3"))
	for _, file in ipairs(M.listings()) do
		assert(store:import(file))
	end
	return store, dir
end

-- The resident set size of this process in KiB, from /proc/self/statm;
-- nil where it says nothing about leaks: no /proc, under a sanitizer (whose
-- quarantine holds freed memory) or when REAM_TEST_NO_RSS is set.
local page_kib
function M.rss_kib()
	local preload = os.getenv("LD_PRELOAD") or ""
	local no_rss = os.getenv("REAM_TEST_NO_RSS")
	if preload:find("asan", 1, true) or (no_rss and no_rss ~= "") then
		return nil
	end
	if not page_kib then
		page_kib = (tonumber(capture("getconf PAGESIZE")) or 4096) / 1024
	end
	local f = io.open("/proc/self/statm", "r")
	if not f then
		return nil
	end
	local line = f:read("*l")
	f:close()
	local resident = line:match("^%d+%s+(%d+)")
	return tonumber(resident) * page_kib
end

-- Full collections until the heap stops shrinking; returns its size in KiB.
function M.settle()
	local before
	repeat
		before = collectgarbage("count")
		collectgarbage("collect")
	until collectgarbage("count") >= before
	return collectgarbage("count")
end

-- Number of entries in a table (any keys).
function M.size(t)
	local n = 0
	for _ in pairs(t) do
		n = n + 1
	end
	return n
end

return M
