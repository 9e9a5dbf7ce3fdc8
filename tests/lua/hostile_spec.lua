-- hostile_spec.lua: huge and binary strings through every string argument.
local core = require("ream.core")
local support = require("support")

local MB = 1024 * 1024

-- Every byte value once, in a scrambled order.
local function all_bytes()
	local t = {}
	for i = 0, 255 do
		t[#t + 1] = string.char((i * 167 + 13) % 256)
	end
	return table.concat(t)
end

local QUERIES = {
	"",
	"\0",
	"atten\0tion",
	"\0\0\0model",
	"\255\254\253",
	"\192\128",             -- overlong NUL
	"\237\160\128",         -- a UTF-16 surrogate
	"\244\144\128\128",     -- beyond U+10FFFF
	"mod\195",              -- cut in the middle of a character
	all_bytes(),
	"\"",
	"\"\"\"",
	"*",
	"-",
	"^",
	"NEAR(a b)",
	"a AND OR NOT b",
	"title: author: year: cat: key: id:",
	"year:99999999999999999999",
	"year:2025..",
	"(((((",
	string.rep("(", 300) .. "model" .. string.rep(")", 300),
	"{abstract}: x",
	"'; DROP TABLE papers; --",
	"模型 モデル модель",
	string.rep("a", 10 * 1024),
}

describe("hostile strings", function()
	local store

	setup(function()
		store = support.listed_store()
	end)

	teardown(function()
		store:close()
		support.cleanup()
	end)

	it("give a table for every odd query", function()
		for i, q in ipairs(QUERIES) do
			local res, err = store:search(q)
			assert.is_nil(err, "query " .. i .. ": " .. tostring(err))
			assert.is_table(res, "query " .. i)
		end
	end)

	it("give a table for a 10 MB query of one word", function()
		local res, err = store:search(string.rep("a", 10 * MB))
		assert.is_nil(err, err)
		assert.is_table(res)
	end)

	it("give a table for a 10 MB query of many words", function()
		local res, err = store:search(string.rep("model ", 10 * MB / 6))
		assert.is_nil(err, err)
		assert.is_table(res)
	end)

	it("give a table for 10 MB of binary bytes", function()
		local res, err = store:search(string.rep(all_bytes(), 10 * MB / 256))
		assert.is_nil(err, err)
		assert.is_table(res)
	end)

	it("find nothing, and crash nothing, as ids", function()
		for _, id in ipairs({ "\0", "\255", all_bytes(), string.rep("x", 10 * MB),
			"2507.06607\0v1", "10.1145/\0" }) do
			assert.is_nil(store:get(id))
		end
	end)

	it("fail cleanly as citation keys, export keys and cited keys", function()
		for _, k in ipairs({ "\0", "\255\254", all_bytes(), string.rep("k", MB) }) do
			local s, err = store:cite(k, "latex")
			assert.is_nil(s)
			assert.is_string(err)
			s, err = store:export({ k })
			assert.is_nil(s)
			assert.is_string(err)
			local ok = store:mark_cited({ k })
			assert.is_true(ok == true or ok == nil)
		end
	end)

	it("fail cleanly as paths", function()
		for _, p in ipairs({ "\0", "\255\254", all_bytes(), string.rep("p", 64 * 1024) }) do
			local st, err = store:import(p)
			assert.is_nil(st)
			assert.is_string(err)
		end
	end)

	it("pass through the module functions", function()
		for _, s in ipairs({ "\0", "\255", all_bytes(), string.rep("\\cite{", MB) }) do
			assert.is_table(core.doc_keys(s, "latex"))
			assert.is_table(core.doc_keys(s, "markdown"))
			assert.is_nil(core.id_parse(s))
			assert.is_nil(core.syntax_of_path(s))
		end
	end)

	it("are refused as citation options and syntaxes with an error", function()
		local key = assert(store:get("2507.06607")).key
		assert.has_error(function() store:cite(key, "latex\0") end)
		assert.has_error(function() store:cite(key, "latex", { command = "cite\0p" }) end)
		assert.has_error(function() store:cite(key, all_bytes()) end)
	end)
end)
