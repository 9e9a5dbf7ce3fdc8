-- store_spec.lua: a store's methods on a real SQLite file holding the listing
-- pair in tests/data/listings.
local core = require("ream.core")
local support = require("support")

-- The field names of a paper table (those of `ream search --json`).
local TEXT_FIELDS = {
	"key", "type", "title", "date", "created", "updated", "venue",
	"volume", "number", "pages", "publisher", "arxiv", "arxiv_version",
	"primary_cat", "doi", "url", "abstract", "comments", "keywords",
	"source", "format",
}
local KNOWN = { year = true, authors = true, added = true, cited = true,
	extra = true, categories = true }
for _, name in ipairs(TEXT_FIELDS) do
	KNOWN[name] = true
end

-- Checks that t has the shape of a paper table.
local function assert_paper(t)
	assert.is_table(t)
	for name, value in pairs(t) do
		assert.is_true(KNOWN[name] or false, "unknown field " .. tostring(name))
		if name == "year" or name == "added" or name == "cited" then
			assert.is_number(value, name)
		elseif name == "authors" or name == "categories" or name == "extra" then
			assert.is_table(value, name)
		else
			assert.is_string(value, name)
		end
	end
	assert.is_string(t.key)
	for _, a in ipairs(t.authors or {}) do
		assert.is_string(a.family)
		assert.is_true(a.given == nil or type(a.given) == "string")
		assert.is_true(a.literal == nil or a.literal == true)
	end
	for _, c in ipairs(t.categories or {}) do
		assert.is_string(c)
		assert.is_nil(c:find(" ", 1, true))
	end
end

describe("a store with the listing pair", function()
	local store, dir

	setup(function()
		dir = support.tmpdir()
		store = assert(core.open(dir .. "/ream.sqlite3"))
	end)

	teardown(function()
		if store then
			store:close()
		end
		support.cleanup()
	end)

	describe("import", function()
		it("imports both listings and counts what it did", function()
			local records, added, merged = 0, 0, 0
			for _, file in ipairs(support.listings()) do
				local st, err = store:import(file)
				assert.is_nil(err)
				assert.is_table(st)
				for _, name in ipairs({ "records", "added", "merged",
					"unchanged", "failed" }) do
					assert.is_number(st[name], name)
				end
				assert.are.equal(false, st.skipped)
				assert.is_table(st.warnings)
				assert.is_true(#st.warnings <= 100)
				for _, w in ipairs(st.warnings) do
					assert.is_string(w)
				end
				records = records + st.records
				added = added + st.added
				merged = merged + st.merged
			end
			assert.are.equal(support.LISTED_PAPERS, added)
			assert.is_true(records >= added + merged)
		end)

		it("holds the 17 papers of the pair afterwards", function()
			assert.are.equal(support.LISTED_PAPERS, store:stats().papers)
		end)

		it("skips a file that has not changed since the last import", function()
			local st = assert(store:import(support.listings()[1]))
			assert.are.equal(true, st.skipped)
			assert.are.equal(0, st.added)
			assert.are.equal(support.LISTED_PAPERS, store:stats().papers)
		end)

		it("accepts a format by name", function()
			local listings = support.listings()
			local copy = dir .. "/copy.txt"
			local f = assert(io.open(listings[#listings], "rb"))
			support.write(copy, f:read("*a"))
			f:close()
			local st = assert(store:import(copy, { format = "listing" }))
			assert.are.equal(0, st.added)
			assert.are.equal(support.LISTED_PAPERS, store:stats().papers)
		end)

		it("returns nil and a message for a file that does not exist", function()
			local st, err = store:import(dir .. "/no-such-file.bib")
			assert.is_nil(st)
			assert.truthy(err:match("^ream: "), err)
		end)

		it("returns nil and a message for a path with a NUL byte", function()
			local st, err = store:import(support.listings()[1] .. "\0.bib")
			assert.is_nil(st)
			assert.truthy(err:match("^ream: "), err)
		end)

		it("reports bad records as warnings with file and line, keeping 100", function()
			local t = {}
			for i = 1, 150 do
				t[#t + 1] = ("Abstract %d of a record whose identifier is bad.\n\n"
					.. "arXiv:99%02d.bogus%d\nCreated: 2025-01-01\n\n"):format(i, i % 100, i)
			end
			t[#t + 1] = "The abstract of a good record that follows the bad ones.\n\n"
				.. "arXiv:2401.00001\nCreated: 2024-01-01\n"
			local other = support.tmpdir()
			local file = other .. "/bad.txt"
			support.write(file, table.concat(t))
			local fresh = assert(core.open(other .. "/ream.sqlite3"))
			local st = assert(fresh:import(file))
			assert.are.equal(1, st.added)
			assert.are.equal(150, st.failed)
			assert.are.equal(100, #st.warnings)
			assert.are.equal(file .. ":1: not an arXiv id: 9901.bogus1", st.warnings[1])
			for _, w in ipairs(st.warnings) do
				assert.are.equal(file .. ":", w:sub(1, #file + 1))
				assert.truthy(w:sub(#file + 2):match("^%d+: ."), w)
			end
			assert(fresh:get("2401.00001"))
			fresh:close()
		end)

		it("raises an argument error for wrong types or an unknown format", function()
			assert.has_error(function() store:import() end)
			assert.has_error(function() store:import({}) end)
			assert.has_error(function() store:import("x.bib", "bibtex") end)
			assert.has_error(function() store:import("x.bib", { format = "klingon" }) end)
			assert.has_error(function() store:import("x.bib", { format = 1 }) end)
		end)
	end)

	describe("get", function()
		it("finds a paper by its arXiv id in any form", function()
			for _, id in ipairs({ "2507.06607", "arXiv:2507.06607",
				"arxiv:2507.06607v1", "https://arxiv.org/abs/2507.06607v1",
				"https://arxiv.org/pdf/2507.06607", " 2507.06607 " }) do
				local p, err = store:get(id)
				assert.is_nil(err)
				assert.is_table(p, id)
				assert.are.equal("2507.06607", p.arxiv, id)
			end
		end)

		it("gives the fields of the listing", function()
			local p = assert(store:get("2507.06607"))
			assert_paper(p)
			assert.are.equal("2025-07-09", p.created)
			assert.are.equal("2025-07-10", p.updated)
			assert.truthy(p.abstract:find("SambaY", 1, true))
			assert.are.equal(2025, p.year)
			assert.is_number(p.added)
			assert.is_nil(p.cited)
		end)

		it("finds a paper by its key", function()
			local p = assert(store:get("2506.18145"))
			local q = assert(store:get(p.key))
			assert.are.same(p, q)
		end)

		it("returns nil alone for a paper that is not there", function()
			assert.are.equal(1, select("#", store:get("2101.00001")))
			assert.is_nil(store:get("2101.00001"))
			assert.is_nil(store:get("nosuchkey"))
			assert.is_nil(store:get(""))
		end)

		it("returns nil for an id with a NUL byte", function()
			assert.are.equal(1, select("#", store:get("2507.06607\0")))
			assert.is_nil(store:get("2507.06607\0"))
		end)

		it("raises an argument error for a missing or wrong id", function()
			assert.has_error(function() store:get() end)
			assert.has_error(function() store:get({}) end)
			assert.has_error(function() store:get(nil) end)
		end)
	end)

	describe("search", function()
		it("returns an array of paper tables", function()
			local res, err = store:search("attention")
			assert.is_nil(err)
			assert.is_table(res)
			assert.is_true(#res > 0)
			for _, p in ipairs(res) do
				assert_paper(p)
			end
		end)

		it("finds a paper by a word of its abstract", function()
			local res = assert(store:search("SambaY"))
			assert.are.equal(1, #res)
			assert.are.equal("2507.06607", res[1].arxiv)
		end)

		it("returns an empty array when nothing matches", function()
			assert.are.same({}, store:search("zyzzyvaxqj"))
		end)

		it("honours limit and offset", function()
			local all = assert(store:search("", { limit = 100 }))
			local one = assert(store:search("", { limit = 1 }))
			assert.are.equal(1, #one)
			if #all >= 2 then
				local second = assert(store:search("", { limit = 1, offset = 1 }))
				assert.are.equal(1, #second)
				assert.are_not.equal(one[1].key, second[1].key)
			end
			local many = assert(store:search("model", { limit = 3 }))
			assert.is_true(#many <= 3)
		end)

		it("takes a time budget, and a small store's results do not depend on it", function()
			local default = assert(store:search("model", { limit = 5 }))
			assert.is_true(#default > 0)
			for _, ms in ipairs({ 1, 8, 10 ^ 9 }) do
				local got = assert(store:search("model", { limit = 5, time = ms }))
				assert.are.same(default, got)
			end
			assert.has_error(function() store:search("x", { time = -1 }) end)
			assert.has_error(function() store:search("x", { time = "fast" }) end)
		end)

		it("gives the same papers, field for field, as `ream search --json`", function()
			local ok, json = pcall(require, "dkjson")
			local cli = io.open("build/ream", "rb")
			if not ok or not cli then
				pending("needs build/ream and dkjson (lua-dkjson)")
				return
			end
			cli:close()
			local cmd = "build/ream --db " .. support.quote(store:path())
				.. " search --json --limit 100 model"
			local f = assert(io.popen(cmd, "r"))
			local out = f:read("*a")
			f:close()
			local decoded = assert(json.decode(out))
			local function plain(t)
				if type(t) == "table" then
					setmetatable(t, nil)
					for _, v in pairs(t) do
						plain(v)
					end
				end
				return t
			end
			local res = assert(store:search("model", { limit = 100 }))
			assert.is_true(#res > 0)
			assert.are.same(plain(decoded), res)
		end)

		it("raises an argument error for wrong types", function()
			assert.has_error(function() store:search() end)
			assert.has_error(function() store:search({}) end)
			assert.has_error(function() store:search("x", 10) end)
			assert.has_error(function() store:search("x", { limit = "ten" }) end)
			assert.has_error(function() store:search("x", { limit = -1 }) end)
			assert.has_error(function() store:search("x", { limit = 1.5 }) end)
			assert.has_error(function() store:search("x", { offset = {} }) end)
		end)
	end)

	describe("cite", function()
		local a, b

		setup(function()
			a = assert(store:get("2507.06607")).key
			b = assert(store:get("2506.18145")).key
		end)

		it("cites one key in LaTeX", function()
			assert.are.equal("\\cite{" .. a .. "}", store:cite(a, "latex"))
		end)

		it("cites several keys with a LaTeX command", function()
			assert.are.equal("\\citep{" .. a .. "," .. b .. "}",
				store:cite({ a, b }, "latex", { command = "citep" }))
		end)

		it("takes a filetype for the syntax", function()
			assert.are.equal("[@" .. a .. "; @" .. b .. "]", store:cite({ a, b }, "markdown"))
			assert.are.equal(store:cite(a, "latex"), store:cite(a, "tex"))
		end)

		it("cites in Typst and Org", function()
			assert.truthy(store:cite(a, "typst"):find("@" .. a, 1, true))
			assert.truthy(store:cite(a, "org"):find("[cite:@" .. a, 1, true))
		end)

		it("puts a locator into the citation", function()
			local s = assert(store:cite(a, "latex", { locator = "p. 4" }))
			assert.truthy(s:find("p. 4", 1, true), s)
		end)

		it("resolves arXiv ids as well as keys", function()
			assert.are.equal(store:cite(a, "latex"), store:cite("arXiv:2507.06607", "latex"))
		end)

		it("gives a plain reference line", function()
			local s = assert(store:cite(a, "plain"))
			assert.truthy(s:find("2507.06607", 1, true), s)
		end)

		it("returns nil and a message for a key that is not there", function()
			local s, err = store:cite({ a, "nosuchkey" }, "latex")
			assert.is_nil(s)
			assert.truthy(err:match("^ream: "), err)
			s, err = store:cite("no\0key", "latex")
			assert.is_nil(s)
			assert.truthy(err:match("^ream: "), err)
		end)

		it("raises an argument error for an unknown syntax or wrong types", function()
			assert.has_error(function() store:cite(a, "klingon") end)
			assert.has_error(function() store:cite(a) end)
			assert.has_error(function() store:cite(nil, "latex") end)
			assert.has_error(function() store:cite(42, "latex") end)
			assert.has_error(function() store:cite({ a, 42 }, "latex") end)
			assert.has_error(function() store:cite({}, "latex") end)
			assert.has_error(function() store:cite(a, "latex", "citep") end)
			assert.has_error(function() store:cite(a, "latex", { command = 1 }) end)
		end)
	end)

	describe("export", function()
		it("exports one paper as BibTeX", function()
			local key = assert(store:get("2507.06607")).key
			local bib, err = store:export(key)
			assert.is_nil(err)
			assert.truthy(bib:match("^%s*@%a+{" .. key:gsub("%p", "%%%0") .. ","), bib)
			assert.truthy(bib:find("2507.06607", 1, true))
		end)

		it("exports every paper when given no keys", function()
			local bib = assert(store:export(nil))
			local n = 0
			for _ in bib:gmatch("@%a+{") do
				n = n + 1
			end
			assert.are.equal(support.LISTED_PAPERS, n)
			assert.are.equal(bib, store:export())
			assert.are.equal(bib, store:export(nil, "bibtex"))
		end)

		it("exports in ASCII with TeX escapes when asked", function()
			local bib = assert(store:export(nil, "bibtex", { ascii = true }))
			local at = bib:find("[\128-\255]")
			assert.is_nil(at, at and ("a byte beyond ASCII in: ..."
				.. bib:sub(math.max(1, at - 40), at + 20) .. "..."))
		end)

		it("returns an empty string for an empty array of keys", function()
			assert.are.equal("", store:export({}))
		end)

		it("returns nil and a message for a key that is not there", function()
			local bib, err = store:export({ "nosuchkey" })
			assert.is_nil(bib)
			assert.truthy(err:match("^ream: "), err)
		end)

		it("raises an argument error for an unknown format or wrong types", function()
			assert.has_error(function() store:export(nil, "klingon") end)
			assert.has_error(function() store:export(42) end)
			assert.has_error(function() store:export({ 1 }) end)
			assert.has_error(function() store:export(nil, "bibtex", true) end)
			assert.has_error(function() store:export(nil, "bibtex", { ascii = 1 }) end)
		end)
	end)

	describe("mark_cited", function()
		it("records when papers were cited", function()
			local key = assert(store:get("2507.06607")).key
			assert.are.equal(0, store:stats().cited)
			assert.are.equal(true, store:mark_cited(key))
			local p = assert(store:get(key))
			assert.is_number(p.cited)
			assert.is_true(math.abs(p.cited - os.time()) < 3600)
			assert.are.equal(1, store:stats().cited)
			assert.are.equal(true, store:mark_cited({ key, "2506.18145" }))
			assert.are.equal(2, store:stats().cited)
		end)

		it("accepts an empty array", function()
			assert.are.equal(true, store:mark_cited({}))
		end)

		it("raises an argument error for wrong types", function()
			assert.has_error(function() store:mark_cited() end)
			assert.has_error(function() store:mark_cited(1) end)
			assert.has_error(function() store:mark_cited({ true }) end)
		end)
	end)

	describe("stats", function()
		it("describes the store", function()
			local st = assert(store:stats())
			for _, name in ipairs({ "papers", "arxiv", "doi", "cited",
				"sources", "bytes", "schema" }) do
				assert.is_number(st[name], name)
			end
			assert.are.equal(support.LISTED_PAPERS, st.papers)
			assert.are.equal(10, st.arxiv)
			assert.is_true(st.sources >= #support.listings())
			assert.is_true(st.bytes > 0)
			assert.is_true(st.schema >= 1)
			assert.truthy(st.sqlite:match("^3%.%d+"), st.sqlite)
			assert.are.equal(store:path(), st.path)
		end)
	end)

	describe("check", function()
		it("passes on a sound store", function()
			assert.are.equal(true, store:check())
		end)
	end)

	describe("path and tostring", function()
		it("give the store's path", function()
			assert.are.equal(dir .. "/ream.sqlite3", store:path())
			assert.are.equal("ream.store (" .. dir .. "/ream.sqlite3)", tostring(store))
		end)
	end)
end)
