-- hostile.lua: the hostile queries of hostile.c through the Lua module.
--
--   luajit tests/stress/hostile.lua STORE FILE
--
-- FILE holds the queries as netstrings ("LEN:BYTES,"). Each goes through
-- store:search, and one in ten through core.id_parse and store:get, each
-- in a pcall:
-- search must return a table (results or none), never raise, never return
-- a message; get returns a paper or nil; nothing may hold an SQLite text
-- or a traceback. Prints TAP; the module is found through LUA_CPATH.
local core = require("ream.core")
io.stdout:setvbuf("line")

local store_path, file = arg[1], arg[2]
local n, failed = 0, 0

local function tap(ok, what)
	n = n + 1
	print((ok and "ok " or "not ok ") .. n .. " - " .. what)
	if not ok then
		failed = failed + 1
	end
end

local function shown(q)
	local s = q:sub(1, 120):gsub("[^%w%p ]", function(c)
		return ("\\x%02x"):format(c:byte())
	end)
	return ("%d bytes: \"%s%s\""):format(#q, s, #q > 120 and "..." or "")
end

local SQLITE = { "SQL", "sqlite", "fts5", "FTS5", "syntax error", "malformed",
	"no such column", "unterminated", "traceback", "stack" }

local function sqlite_text(s)
	for _, w in ipairs(SQLITE) do
		if tostring(s):find(w, 1, true) then
			return true
		end
	end
	return false
end

local f = assert(io.open(file, "rb"))
local data = f:read("*a")
f:close()

local store = assert(core.open(store_path, { readonly = true }))
local pos, count, results, none, failures = 1, 0, 0, 0, 0
local t0 = os.clock()

local function fail(what, q, detail)
	failures = failures + 1
	if failures <= 5 then
		tap(false, what)
		print("# query " .. shown(q))
		print("# " .. tostring(detail):sub(1, 300):gsub("\n", "\n# "))
	end
end

while pos <= #data do
	local colon = data:find(":", pos, true)
	local len = tonumber(data:sub(pos, colon - 1))
	local q = data:sub(colon + 1, colon + len)
	pos = colon + len + 2
	count = count + 1

	local ok, res, err = pcall(store.search, store, q)
	if not ok then
		fail("search raises no error", q, res)
	elseif type(res) ~= "table" or err ~= nil then
		fail("search returns a table", q, err)
	elseif #res > 0 then
		results = results + 1
	else
		none = none + 1
	end

	-- One query in ten is an id too.
	if count % 10 == 0 then
		ok, res, err = pcall(core.id_parse, q)
		if not ok or sqlite_text(err) then
			fail("id_parse raises no error", q, res)
		end
		ok, res, err = pcall(store.get, store, q)
		if not ok then
			fail("get raises no error", q, res)
		elseif res ~= nil and type(res) ~= "table" then
			fail("get returns a paper or nil", q, res)
		elseif err ~= nil and sqlite_text(err) then
			fail("get says no SQLite text", q, err)
		end
	end
end
store:close()

tap(failures == 0 and count > 0, ("%d hostile queries through the Lua module's "
	.. "search (and get and id_parse) give results (%d) or none (%d), never an "
	.. "error, an SQLite text or a traceback (%.1f s CPU, %s)"):format(count,
	results, none, os.clock() - t0, jit and jit.version or _VERSION))
print("1.." .. n)
-- Closing the state runs the finalizers: LSan sees no false leak.
os.exit(failed == 0 and 0 or 1, true)
