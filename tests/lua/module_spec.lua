-- module_spec.lua: require("ream.core"), its functions, and opening stores.
local core = require("ream.core")
local support = require("support")

describe("the module", function()
	teardown(support.cleanup)

	it("loads as ream.core and says its version", function()
		assert.are.equal(core, require("ream.core"))
		assert.is_string(core.version)
		assert.truthy(core.version:match("^%d+%.%d+%.%d+"))
	end)

	it("offers the functions of its API", function()
		for _, name in ipairs({ "open", "id_parse", "doc_keys",
			"syntax_of_path", "default_path" }) do
			assert.is_function(core[name], name)
		end
	end)

	describe("id_parse", function()
		it("recognises an arXiv id with a version", function()
			local kind, id, version = core.id_parse("arXiv:2507.06607v2")
			assert.are.equal("arxiv", kind)
			assert.are.equal("2507.06607", id)
			assert.are.equal(2, version)
		end)

		it("recognises an arXiv URL and gives no version without one", function()
			local kind, id, version = core.id_parse("https://arxiv.org/abs/2507.06607")
			assert.are.equal("arxiv", kind)
			assert.are.equal("2507.06607", id)
			assert.is_nil(version)
		end)

		it("recognises an old-style arXiv id", function()
			local kind, id = core.id_parse("hep-th/9901001")
			assert.are.equal("arxiv", kind)
			assert.are.equal("hep-th/9901001", id)
		end)

		it("recognises a DOI and lowers its case", function()
			local kind, id = core.id_parse("https://doi.org/10.1145/ABC.123")
			assert.are.equal("doi", kind)
			assert.are.equal("10.1145/abc.123", id)
		end)

		it("returns nil for text that is no identifier", function()
			assert.is_nil(core.id_parse("attention is all you need"))
			assert.is_nil(core.id_parse(""))
		end)

		it("returns nil for binary and huge strings", function()
			assert.is_nil(core.id_parse("2507.\0006607"))
			assert.is_nil(core.id_parse("\255\254\253"))
			assert.is_nil(core.id_parse(string.rep("1", 1024 * 1024)))
		end)

		it("raises an argument error for a table", function()
			assert.has_error(function() core.id_parse({}) end)
			assert.has_error(function() core.id_parse() end)
		end)
	end)

	describe("doc_keys", function()
		it("finds LaTeX keys in order with their lines", function()
			local keys = core.doc_keys("see \\cite{a,b}\nand \\citep{c}\n", "latex")
			assert.are.same({
				{ key = "a", line = 1 },
				{ key = "b", line = 1 },
				{ key = "c", line = 2 },
			}, keys)
		end)

		it("finds Pandoc keys and takes a filetype as the syntax", function()
			local keys = core.doc_keys("text [@a; @b]\n", "markdown")
			assert.are.same({ { key = "a", line = 1 }, { key = "b", line = 1 } }, keys)
		end)

		it("returns an empty array for a document without citations", function()
			assert.are.same({}, core.doc_keys("no citation here", "latex"))
			assert.are.same({}, core.doc_keys("", "typst"))
		end)

		it("survives binary and huge documents", function()
			assert.is_table(core.doc_keys("\\cite{a}\0\\cite{b}\255", "latex"))
			local big = string.rep("\\cite{k} ", 100000)
			local keys = core.doc_keys(big, "latex")
			assert.are.equal(100000, #keys)
		end)

		it("raises an argument error for an unknown syntax", function()
			assert.has_error(function() core.doc_keys("x", "klingon") end)
			assert.has_error(function() core.doc_keys("x") end)
			assert.has_error(function() core.doc_keys(nil, "latex") end)
		end)
	end)

	describe("syntax_of_path", function()
		it("names the syntax of a document from its extension", function()
			assert.are.equal("latex", core.syntax_of_path("paper.tex"))
			assert.is_string(core.syntax_of_path("notes.md"))
			assert.is_string(core.syntax_of_path("thesis.typ"))
		end)

		it("returns nil for an unknown extension or a NUL byte", function()
			assert.is_nil(core.syntax_of_path("picture.png"))
			assert.is_nil(core.syntax_of_path("paper.tex\0.png"))
		end)

		it("raises an argument error for a table", function()
			assert.has_error(function() core.syntax_of_path({}) end)
		end)
	end)

	describe("default_path", function()
		it("follows REAM_DB", function()
			local db = os.getenv("REAM_DB")
			if db and db ~= "" then
				assert.are.equal(db, core.default_path())
			else
				assert.is_string(core.default_path())
			end
		end)
	end)
end)

describe("core.open", function()
	teardown(support.cleanup)

	it("creates a store and its folder", function()
		local dir = support.tmpdir()
		local path = dir .. "/a/b/ream.sqlite3"
		local store, err = core.open(path)
		assert.is_nil(err)
		assert.is_userdata(store)
		assert.are.equal(path, store:path())
		assert.truthy(io.open(path, "rb"))
		store:close()
	end)

	it("opens the default store when given no path", function()
		if not os.getenv("REAM_DB") then
			pending("REAM_DB is not set; not touching the real store")
			return
		end
		local store = assert(core.open())
		assert.are.equal(os.getenv("REAM_DB"), store:path())
		store:close()
		store = assert(core.open(nil, { readonly = true }))
		store:close()
	end)

	it("opens an existing store again", function()
		local path = support.tmpdir() .. "/ream.sqlite3"
		assert(core.open(path)):close()
		local store = assert(core.open(path))
		assert.are.equal(0, store:stats().papers)
		store:close()
	end)

	it("opens an existing store read-only and refuses to write to it", function()
		local path = support.tmpdir() .. "/ream.sqlite3"
		assert(core.open(path)):close()
		local store = assert(core.open(path, { readonly = true }))
		assert.are.same({}, store:search("anything"))
		local st, err = store:import(support.listings()[1])
		assert.is_nil(st)
		assert.truthy(err:match("^ream: .*read%-only"), err)
		store:close()
	end)

	it("returns nil and a message for a read-only store that does not exist", function()
		local path = support.tmpdir() .. "/missing.sqlite3"
		local store, err = core.open(path, { readonly = true })
		assert.is_nil(store)
		assert.truthy(err:match("^ream: "), err)
		assert.is_nil(io.open(path, "rb"))
	end)

	it("returns nil and a message when the folder is a file", function()
		local dir = support.tmpdir()
		support.write(dir .. "/file", "not a folder\n")
		local store, err = core.open(dir .. "/file/ream.sqlite3")
		assert.is_nil(store)
		assert.is_string(err)
		assert.truthy(err:match("^ream: "), err)
	end)

	it("returns nil and a message for a file that is not a database", function()
		local path = support.tmpdir() .. "/junk.sqlite3"
		support.write(path, string.rep("this is not an SQLite database\n", 200))
		local store, err = core.open(path)
		assert.is_nil(store)
		assert.truthy(err:match("^ream: "), err)
		-- and leaves the file as it was
		local f = assert(io.open(path, "rb"))
		assert.are.equal(string.rep("this is not an SQLite database\n", 200), f:read("*a"))
		f:close()
	end)

	it("returns nil and a message for a path with a NUL byte", function()
		local dir = support.tmpdir()
		local store, err = core.open(dir .. "/a\0b.sqlite3")
		assert.is_nil(store)
		assert.truthy(err:match("^ream: "), err)
	end)

	it("raises an argument error for wrong types", function()
		assert.has_error(function() core.open({}) end)
		assert.has_error(function() core.open(true) end)
		assert.has_error(function() core.open(support.tmpdir() .. "/x", "readonly") end)
		assert.has_error(function()
			core.open(support.tmpdir() .. "/x", { readonly = "yes" })
		end)
	end)
end)
