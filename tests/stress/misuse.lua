-- misuse.lua: every function of the Lua module and every method of a
-- store, called with every kind of wrong value in each argument, on open,
-- closed and collected stores, with a full collection between calls.
--
--   luajit tests/stress/misuse.lua STORE
--
-- Each call must return or raise a message (a string), never crash; a
-- returned message starts with "ream: "; a raised one says what was wrong
-- and holds no SQLite text. TAP. Run with the ASan-built module
-- (tests/stress/run.sh does), so a crash becomes a report.
local core = require("ream.core")
io.stdout:setvbuf("line")
local path = arg[1]

local n, failed = 0, 0
local function tap(ok, what)
	n = n + 1
	print((ok and "ok " or "not ok ") .. n .. " - " .. what)
	if not ok then
		failed = failed + 1
	end
end

local function closed_store()
	local s = assert(core.open(path))
	s:close()
	return s
end

-- Values of every type, and values that are nearly right.
local VALUES = {
	{ "nil", function() return nil end },
	{ "true", function() return true end },
	{ "0", function() return 0 end },
	{ "-1", function() return -1 end },
	{ "a huge number", function() return 1e308 end },
	{ "NaN", function() return 0 / 0 end },
	{ "infinity", function() return math.huge end },
	{ "an empty string", function() return "" end },
	{ "a string with NUL", function() return "a\0b" end },
	{ "a 1 MB string", function() return string.rep("x", 1024 * 1024) end },
	{ "an empty table", function() return {} end },
	{ "a table of wrong things", function()
		return { 1, true, {}, print, limit = "x", offset = {}, syntax = 3,
			readonly = "yes", format = {}, ascii = 1, force = "no" }
	end },
	{ "a table with a raising __index", function()
		return setmetatable({}, { __index = function() error("boom") end })
	end },
	{ "a function", function() return print end },
	{ "a coroutine", function() return coroutine.create(print) end },
	{ "a file", function() return io.stdout end },
	{ "a closed store", closed_store },
	{ "an array of 10,000 keys", function()
		local t = {}
		for i = 1, 10000 do
			t[i] = "key" .. i
		end
		return t
	end },
}

local SQLITE = { "SQL", "sqlite", "fts5", "malformed", "no such table",
	"no such column" }

-- Checks what a pcall gave: ok or a string message.
local function judge(what, ok, a, b)
	if not ok then
		if type(a) ~= "string" then
			return what .. " raised a " .. type(a)
		end
	elseif a == nil and b ~= nil then
		if type(b) ~= "string" or not b:find("^ream: ") then
			return what .. " returned nil and " .. tostring(b)
		end
	end
	local msg
	if not ok then
		msg = a
	elseif a == nil then
		msg = b
	end
	for _, w in ipairs(SQLITE) do
		if msg and msg:gsub(path:gsub("%p", "%%%0"), ""):find(w, 1, true) then
			return what .. " says " .. msg
		end
	end
	return nil
end

local problems, calls = {}, 0
local function try(what, fn, ...)
	collectgarbage("collect")
	calls = calls + 1
	local p = judge(what, pcall(fn, ...))
	if p then
		problems[#problems + 1] = p
	end
end

local FUNCS = { "open", "id_parse", "doc_keys", "syntax_of_path", "default_path" }
local METHODS = { "search", "get", "cite", "import", "export", "mark_cited",
	"stats", "check", "path", "close" }

-- The module's functions: each argument position, each value.
for _, f in ipairs(FUNCS) do
	for pos = 1, 3 do
		for _, v in ipairs(VALUES) do
			local args = { "2507.06607", "latex", {} }
			args[pos] = v[2]()
			try(("core.%s with %s as argument %d"):format(f, v[1], pos),
				core[f], args[1], args[2], args[3])
		end
	end
end
tap(#problems == 0, ("the module's functions take every wrong value (%d calls)"):format(calls))
for i = 1, math.min(#problems, 5) do
	print("# " .. problems[i])
end

-- The methods: on an open store, a closed one, and wrong selves.
problems, calls = {}, 0
local store = assert(core.open(path))
local meta = getmetatable(store)
for _, m in ipairs(METHODS) do
	local fn = meta.__index[m]
	for _, v in ipairs(VALUES) do
		try(("store.%s with %s as self"):format(m, v[1]), fn, v[2](), "model")
		if m ~= "close" then
			for pos = 2, 4 do
				local args = { store, "model", {}, {} }
				args[pos] = v[2]()
				try(("store:%s with %s as argument %d"):format(m, v[1], pos - 1),
					fn, args[1], args[2], args[3], args[4])
			end
		end
	end
	try(("store:%s on a closed store"):format(m), fn, closed_store(), "model")
end
for _, mm in ipairs({ "__gc", "__tostring" }) do
	for _, v in ipairs(VALUES) do
		try(("%s with %s"):format(mm, v[1]), meta[mm], v[2]())
	end
end
-- __gc by hand, then use, then close, then the collector.
local s2 = assert(core.open(path))
try("__gc by hand", meta.__gc, s2)
try("search after __gc by hand", s2.search, s2, "model")
try("close after __gc by hand", s2.close, s2)
s2 = nil
collectgarbage("collect")
store:close()
try("close twice", store.close, store)
tap(#problems == 0, ("the methods take every wrong value, a wrong self and a closed store (%d calls)"):format(calls))
for i = 1, math.min(#problems, 5) do
	print("# " .. problems[i])
end

-- Stores dropped mid-use, with a collection at every call and return.
problems, calls = {}, 0
debug.sethook(function() collectgarbage("step", 100) end, "cr")
for i = 1, 200 do
	local s = core.open(path)
	if s and i % 3 == 0 then
		try("search under the collector", s.search, s, "model " .. i)
	end
	if s and i % 5 == 0 then
		s:close()
	end
end
debug.sethook()
collectgarbage("collect")
tap(#problems == 0, "200 stores opened and dropped under a stepping collector")

print("1.." .. n)
-- Closing the state runs the finalizers: LSan sees no false leak.
os.exit(failed == 0 and 0 or 1, true)
