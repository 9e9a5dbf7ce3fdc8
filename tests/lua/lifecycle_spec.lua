-- lifecycle_spec.lua: closing, collecting, misuse and memory of stores.
local core = require("ream.core")
local support = require("support")

local CLOSED = "attempt to use a closed store"

-- Calls fn with the collector forced to a full collection before every
-- function call and return (a debug hook), and restores things after.
local function with_gc_everywhere(fn)
	debug.sethook(function() collectgarbage("collect") end, "cr")
	local ok, err = pcall(fn)
	debug.sethook()
	assert(ok, err)
end

-- Calls fn with the incremental collector stepping on every allocation,
-- doing stepmul% of the allocation's worth of work each step.
local function with_eager_gc(fn, stepmul)
	collectgarbage("collect")
	local pause = collectgarbage("setpause", 0)
	stepmul = collectgarbage("setstepmul", stepmul or 1000)
	local ok, err = pcall(fn)
	collectgarbage("setpause", pause)
	collectgarbage("setstepmul", stepmul)
	assert(ok, err)
end

describe("a store's life", function()
	local path, key

	setup(function()
		local store, dir = support.listed_store()
		path = dir .. "/ream.sqlite3"
		key = assert(store:get("2507.06607")).key
		store:close()
	end)

	teardown(support.cleanup)

	it("can be closed twice", function()
		local store = assert(core.open(path))
		store:close()
		store:close()
		assert.are.equal("ream.store (closed)", tostring(store))
	end)

	it("raises a clear error on every use after close", function()
		local store = assert(core.open(path))
		store:close()
		local uses = {
			function() return store:search("x") end,
			function() return store:get(key) end,
			function() return store:cite(key, "latex") end,
			function() return store:import(path) end,
			function() return store:export() end,
			function() return store:mark_cited(key) end,
			function() return store:stats() end,
			function() return store:check() end,
			function() return store:path() end,
		}
		for i, use in ipairs(uses) do
			local ok, err = pcall(use)
			assert.is_false(ok, "use " .. i)
			assert.truthy(tostring(err):find(CLOSED, 1, true), tostring(err))
		end
	end)

	it("raises an argument error for a value that is not a store", function()
		local store = assert(core.open(path))
		local search = store.search
		for _, bad in ipairs({ 1, "store", {}, io.stdout, newproxy and newproxy() or {} }) do
			local ok, err = pcall(search, bad, "x")
			assert.is_false(ok)
			assert.truthy(tostring(err):find("ream.store expected", 1, true), tostring(err))
		end
		assert.has_error(function() store.search() end)
		assert.has_error(function() store.close(io.stdout) end)
		assert.has_error(function() getmetatable(store).__gc(io.stdout) end)
		assert.has_error(function() getmetatable(store).__tostring({}) end)
		store:close()
	end)

	it("is closed by the collector when dropped", function()
		for i = 1, 200 do
			local store = assert(core.open(path))
			assert.is_table(store:search("model"))
			if i % 50 == 0 then
				collectgarbage("collect")
			end
		end
		collectgarbage("collect")
		collectgarbage("collect")
		local store = assert(core.open(path))
		assert.are.equal(true, store:check())
		store:close()
	end)

	it("survives its metatable's __gc called by hand, then the collector", function()
		local store = assert(core.open(path))
		getmetatable(store).__gc(store)
		assert.are.equal("ream.store (closed)", tostring(store))
		assert.has_error(function() store:search("x") end)
		store:close()
		store = nil
		collectgarbage("collect")
	end)

	it("keeps paper tables valid after the store is closed and collected", function()
		local store = assert(core.open(path))
		local res = assert(store:search("model"))
		local p = assert(store:get(key))
		store:close()
		store = nil
		collectgarbage("collect")
		assert.is_true(#res > 0)
		assert.are.equal(key, p.key)
		assert.is_string(res[1].key)
	end)

	it("behaves with a full collection forced between every call", function()
		local dir = support.tmpdir()
		with_gc_everywhere(function()
			local store = assert(core.open(dir .. "/gc.sqlite3"))
			for _, file in ipairs(support.listings()) do
				assert(store:import(file))
			end
			local res = assert(store:search("model", { limit = 50 }))
			assert.is_true(#res > 0)
			local p = assert(store:get("arXiv:2507.06607"))
			assert.is_string(store:cite({ p.key, res[1].key }, "latex"))
			assert.is_string(store:export())
			assert.is_string(store:export({ p.key }, "bibtex", { ascii = true }))
			assert(store:mark_cited({ p.key }))
			assert.are.equal(support.LISTED_PAPERS, store:stats().papers)
			assert(store:check())
			assert.is_table(core.doc_keys("\\cite{" .. p.key .. "}", "latex"))
			assert.is_string((core.id_parse("arXiv:2507.06607")))
			local other = assert(core.open(dir .. "/gc.sqlite3"))
			other = nil
			assert.is_nil(store:get("nosuchkey"))
			store:close()
			store:close()
			assert.has_error(function() store:search("x") end)
		end)
	end)

	it("behaves with the collector stepping on every allocation", function()
		with_eager_gc(function()
			for _ = 1, 20 do
				local store = assert(core.open(path))
				local res = assert(store:search("", { limit = 100 }))
				for _, p in ipairs(res) do
					assert.is_string(p.key)
				end
				assert.is_string(store:export())
				assert.is_table(store:stats())
			end
		end)
	end)

	it("raises, never crashes, when an option's __index closes the store mid-call", function()
		-- Options are read after the store is checked and before the core
		-- is called; a metamethod that closes the store in between must
		-- not leave the call holding a freed store.
		local function closing_opts(store)
			return setmetatable({}, { __index = function() store:close() end })
		end
		local calls = {
			function(s) return s:search("model", closing_opts(s)) end,
			function(s) return s:cite(key, "latex", closing_opts(s)) end,
			function(s) return s:import(path, closing_opts(s)) end,
			function(s) return s:export(nil, "bibtex", closing_opts(s)) end,
		}
		for i, call in ipairs(calls) do
			local store = assert(core.open(path))
			local ok, err = pcall(call, store)
			assert.is_false(ok, "call " .. i)
			assert.truthy(tostring(err):find(CLOSED, 1, true), tostring(err))
			assert.are.equal("ream.store (closed)", tostring(store))
		end
	end)

	it("survives finalizers that close the store at any moment of a call", function()
		if not newproxy then
			pending("no newproxy in this Lua")
			return
		end
		local calls = {
			function(s) return s:search("model") end,
			function(s) return s:get(key) end,
			function(s) return s:cite(key, "latex", { command = "citep" }) end,
			function(s) return s:export({ key }) end,
			function(s) return s:mark_cited({ key }) end,
			function(s) return s:import(path .. ".missing") end,
			function(s) return s:stats() end,
			function(s) return s:check() end,
			function(s) return s:path() end,
		}
		-- Varying garbage and collector speed move the moment the
		-- finalizer runs.
		for _, stepmul in ipairs({ 100, 200, 400 }) do
			with_eager_gc(function()
				for _, call in ipairs(calls) do
					for round = 1, 37 do
						local store = assert(core.open(path))
						local proxy = newproxy(true)
						getmetatable(proxy).__gc = function() store:close() end
						proxy = nil
						local junk = {}
						for j = 1, round % 37 do
							junk[j] = {}
						end
						local ok, err = pcall(call, store)
						if not ok then
							assert.truthy(tostring(err):find(CLOSED, 1, true),
								tostring(err))
						end
						store:close()
					end
				end
			end, stepmul)
		end
	end)

	it("keeps memory flat over 10,000 open/close cycles", function()
		local function cycle(n)
			for _ = 1, n do
				local store = assert(core.open(path))
				store:close()
			end
		end
		cycle(500)
		local heap0, rss0 = support.settle(), support.rss_kib()
		cycle(10000)
		local heap1, rss1 = support.settle(), support.rss_kib()
		assert.is_true(heap1 - heap0 < 64,
			("Lua heap grew from %.0f KiB to %.0f KiB"):format(heap0, heap1))
		if rss0 then
			assert.is_true(rss1 - rss0 < 1024,
				("RSS grew from %d KiB to %d KiB"):format(rss0, rss1))
		end
	end)

	it("keeps memory flat over stores left to the collector", function()
		local function cycle(n)
			for i = 1, n do
				local store = assert(core.open(path))
				assert.is_nil(store:get("nosuchkey"))
				if i % 20 == 0 then
					collectgarbage("collect")
				end
			end
		end
		cycle(500)
		local heap0, rss0 = support.settle(), support.rss_kib()
		cycle(3000)
		local heap1, rss1 = support.settle(), support.rss_kib()
		assert.is_true(heap1 - heap0 < 64,
			("Lua heap grew from %.0f KiB to %.0f KiB"):format(heap0, heap1))
		if rss0 then
			assert.is_true(rss1 - rss0 < 1024,
				("RSS grew from %d KiB to %d KiB"):format(rss0, rss1))
		end
	end)

	it("keeps memory flat over repeated searches, failures and exports", function()
		local store = assert(core.open(path))
		local function cycle(n)
			for _ = 1, n do
				assert(store:search("model"))
				assert.is_nil(store:get("nosuchkey"))
				assert.is_nil(store:cite("nosuchkey", "latex"))
				assert.is_nil(store:import(path .. ".missing"))
				assert(store:export({ key }))
				assert.is_nil(core.open(path .. "/x/y"))
			end
		end
		cycle(200)
		local heap0, rss0 = support.settle(), support.rss_kib()
		cycle(2000)
		local heap1, rss1 = support.settle(), support.rss_kib()
		store:close()
		assert.is_true(heap1 - heap0 < 64,
			("Lua heap grew from %.0f KiB to %.0f KiB"):format(heap0, heap1))
		if rss0 then
			assert.is_true(rss1 - rss0 < 1024,
				("RSS grew from %d KiB to %d KiB"):format(rss0, rss1))
		end
	end)
end)
