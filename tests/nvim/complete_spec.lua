-- Completion: the citation context in each syntax, the omnifunc (findstart,
-- candidates with key, year, author, title and the abstract as info), and
-- the nvim-cmp and blink.cmp sources, driven the way those engines call
-- them.
local h = require("helpers")
local complete = require("ream.complete")
local omni = require("ream.complete.omni")

local dir

describe("completion", function()
  setup(function()
    dir = h.tmpdir()
    h.store(dir)
  end)
  before_each(function()
    h.capture()
    h.configure({ db = dir .. "/ream.sqlite3", picker = "select", bib = { append = false } })
  end)
  after_each(function()
    h.restore()
  end)

  describe("context", function()
    local yes = {
      { "latex", "see \\cite{", 10, "" },
      { "latex", "see \\cite{vasw", 10, "vasw" },
      { "latex", "\\citep[p. 2]{a,b, gu", 18, "gu" },
      { "latex", "\\autocite{a,", 12, "" },
      { "latex", "\\parencite*[see]{x", 17, "x" },
      { "latex", "\\textcite{", 10, "" },
      { "pandoc", "as [@", 5, "" },
      { "pandoc", "as [@a; @gu", 9, "gu" },
      { "pandoc", "@vasw", 1, "vasw" },
      { "pandoc", "as -@he", 5, "he" },
      { "typst", "see @gu", 5, "gu" },
      { "typst", "#cite(<he", 7, "he" },
      { "org", "[cite:@", 7, "" },
      { "org", "[cite/t:@a;@ki", 12, "ki" },
      { "rst", ":cite:`a,de", 9, "de" },
      { "asciidoc", "<<gu", 2, "gu" },
    }
    for _, c in ipairs(yes) do
      it(("finds a key in %s '%s'"):format(c[1], c[2]), function()
        local ctx = complete.context(c[2], c[1])
        assert.is_table(ctx)
        assert.are.equal(c[3], ctx.start)
        assert.are.equal(c[4], ctx.query)
      end)
    end

    local no = {
      { "latex", "\\textbf{bold" },
      { "latex", "\\cite{a} and" },
      { "pandoc", "mail me at user@exam" },
      { "pandoc", "no citation" },
      { "typst", "a@b" },
      { "org", "[[link:@x" },
      { "plain", "\\cite{" },
    }
    for _, c in ipairs(no) do
      it(("finds no key in %s '%s'"):format(c[1], c[2]), function()
        assert.is_nil(complete.context(c[2], c[1]))
      end)
    end
  end)

  describe("omnifunc", function()
    it("is set for documents when ream attaches", function()
      local buf = h.edit(dir .. "/o1.tex", { "" })
      assert.are.equal("v:lua.require'ream.complete.omni'.omnifunc", vim.bo[buf].omnifunc)
      buf = h.edit(dir .. "/o1.md", { "" })
      assert.are.equal("v:lua.require'ream.complete.omni'.omnifunc", vim.bo[buf].omnifunc)
      buf = h.edit(dir .. "/o1.typ", { "" })
      assert.are.equal("v:lua.require'ream.complete.omni'.omnifunc", vim.bo[buf].omnifunc)
    end)

    it("leaves another plugin's omnifunc alone", function()
      vim.cmd("enew")
      local buf = vim.api.nvim_get_current_buf()
      vim.bo[buf].omnifunc = "vimtex#complete#omnifunc"
      vim.bo[buf].filetype = "tex"
      assert.are.equal("vimtex#complete#omnifunc", vim.bo[buf].omnifunc)
    end)

    it("returns the column where the key starts", function()
      h.scratch({ "see \\cite{a,vasw" }, "tex")
      h.cursor(1, #"see \\cite{a,vasw")
      assert.are.equal(#"see \\cite{a,", omni.omnifunc(1, ""))
    end)

    it("cancels quietly outside a citation", function()
      h.scratch({ "plain text" }, "tex")
      h.cursor(1, 5)
      assert.are.equal(-3, omni.omnifunc(1, ""))
      assert.are.equal(0, #h.notes)
    end)

    it("offers ranked candidates with key, year, author, title and the abstract", function()
      h.scratch({ "\\cite{" }, "tex")
      h.cursor(1, 6)
      local res = omni.omnifunc(0, "vaswani")
      assert.are.equal("always", res.refresh)
      local item = res.words[1]
      assert.are.equal("vaswani2017attention", item.word)
      assert.are.equal("vaswani2017attention", item.abbr)
      assert.matches("2017", item.menu)
      assert.matches("Vaswani", item.menu)
      assert.matches("Attention", item.menu)
      assert.matches("Transformer", item.info)
      assert.are.equal(1, item.equal)
    end)

    it("makes the preview window's documentation no higher than 'previewheight'", function()
      local co, ph, cols = vim.o.completeopt, vim.o.previewheight, vim.o.columns
      vim.o.completeopt, vim.o.columns = "menu,preview", 80
      h.scratch({ "\\cite{" }, "tex")
      h.cursor(1, 6)
      vim.o.previewheight = 4
      local short = vim.split(omni.omnifunc(0, "vaswani").words[1].info, "\n")
      vim.o.previewheight = 40
      local long = vim.split(omni.omnifunc(0, "vaswani").words[1].info, "\n")
      vim.o.completeopt, vim.o.previewheight, vim.o.columns = co, ph, cols
      assert.is_true(#long > 4)
      assert.are.equal(4, #short)
      assert.are.same({ long[1], long[2], long[3] }, { short[1], short[2], short[3] })
      assert.matches(" …$", short[4])
      assert.is_nil(long[#long]:find("…", 1, true))
      for _, l in ipairs(short) do
        assert.is_true(vim.fn.strdisplaywidth(l) <= 76)
      end
    end)

    it("matches authors, titles and accents", function()
      h.scratch({ "[@" }, "markdown")
      local res = omni.omnifunc(0, "muller")
      assert.are.equal("muller2019when", res.words[1].word)
      res = omni.omnifunc(0, "residual learn")
      assert.are.equal("he2015deep", res.words[1].word)
    end)

    it("lists recently cited papers for an empty query", function()
      local store = require("ream.store").get()
      assert(store:mark_cited({ "goodfellow2014generative" }))
      local res = omni.omnifunc(0, "")
      assert.is_true(#res.words > 0)
      assert.are.equal("goodfellow2014generative", res.words[1].word)
    end)

    it("completes \\cite{ as a user types it (Neovim's own completion)", function()
      local buf = h.edit(dir .. "/o3.tex", { "" })
      vim.o.completeopt = "menuone,noinsert"
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("i\\cite{gu<C-x><C-o><C-y>}<Esc>", true, false, true), "x", false)
      assert.are.same({ "\\cite{gu2023mamba}" }, h.lines(buf))
    end)
  end)

  describe("as you type", function()
    -- Headless Neovim never sits in Insert mode between keys, so these call
    -- the autocommands' handlers with the mode and the typeahead stubbed;
    -- tests/e2e types into a real Neovim.
    local real_mode, real_feed, fed
    before_each(function()
      real_mode, real_feed = vim.api.nvim_get_mode, vim.api.nvim_feedkeys
      fed = {}
      vim.api.nvim_get_mode = function()
        return { mode = "i", blocking = false }
      end
      vim.api.nvim_feedkeys = function(keys)
        fed[#fed + 1] = keys
      end
      vim.o.completeopt = "menu,preview"
    end)
    after_each(function()
      vim.api.nvim_get_mode, vim.api.nvim_feedkeys = real_mode, real_feed
      omni.leave(vim.api.nvim_get_current_buf())
      package.loaded["cmp"] = nil
    end)
    local ctrl_x_o = vim.api.nvim_replace_termcodes("<C-x><C-o>", true, false, true)

    -- (A space after the cursor: Normal mode keeps the cursor on a
    -- character, where Insert mode puts it after the last one.)
    local function typed_into(name, line)
      local buf = h.edit(dir .. "/" .. name, { line .. " " })
      h.cursor(1, #line)
      omni.typed(buf)
      omni.changed(buf)
      return buf
    end

    it("opens the menu with nothing selected after a key typed in a citation", function()
      local buf = typed_into("a1.tex", "see \\cite{gu")
      assert.are.same({ ctrl_x_o }, fed)
      assert.are.equal("menuone,preview,noselect", vim.o.completeopt)
      -- The omnifunc then offers what was searched to decide.
      assert.are.equal(#"see \\cite{", omni.omnifunc(1, ""))
      assert.are.equal("gu2023mamba", omni.omnifunc(0, "gu").words[1].word)
      -- The user's 'completeopt' is back once the completion is done.
      omni.done(buf)
      assert.are.equal("menu,preview", vim.o.completeopt)
    end)

    it("opens it on the opening of a citation, with the recent papers", function()
      typed_into("a2.md", "as [@")
      assert.are.same({ ctrl_x_o }, fed)
      typed_into("a3.typ", "see @")
      assert.are.equal(2, #fed)
    end)

    it("stays shut outside a citation, for a key nothing matches, and when nothing was typed", function()
      typed_into("a4.tex", "\\textbf{gu")
      typed_into("a5.tex", "\\cite{zzzzqqq")
      local buf = h.edit(dir .. "/a6.tex", { "\\cite{gu " })
      h.cursor(1, 8)
      omni.changed(buf) -- a change that was not typed: an accepted item, a paste
      assert.are.same({}, fed)
      assert.are.equal("menu,preview", vim.o.completeopt)
      assert.are.equal(0, #h.notes, h.messages())
    end)

    it("leaves the typing to nvim-cmp when it is loaded", function()
      package.loaded["cmp"] = {}
      typed_into("a7.tex", "\\cite{gu")
      assert.are.same({}, fed)
    end)

    it("puts 'completeopt' back on leaving Insert mode", function()
      local buf = typed_into("a8.tex", "\\cite{gu")
      assert.are_not.equal("menu,preview", vim.o.completeopt)
      omni.leave(buf)
      assert.are.equal("menu,preview", vim.o.completeopt)
    end)

    it("can be turned off", function()
      h.configure({ db = dir .. "/ream.sqlite3", completion = { auto = false } })
      local buf = h.edit(dir .. "/a9.tex", { "" })
      local ok, cmds = pcall(vim.api.nvim_get_autocmds, { event = "InsertCharPre", buffer = buf })
      if ok then -- nvim_get_autocmds is 0.8+
        assert.are.same({}, cmds)
      else
        assert.is_false(vim.api.nvim_exec("autocmd InsertCharPre <buffer>", true):find("ream") ~= nil)
      end
    end)
  end)

  describe("nvim-cmp source", function()
    local source = require("ream.complete.cmp").source

    it("gives items for the citation at the cursor", function()
      h.scratch({ "see \\cite{mamba" }, "tex")
      h.cursor(1, #"see \\cite{mamba")
      local s = source.new()
      assert.is_true(s:is_available())
      assert.are.equal("ream", s:get_debug_name())
      local got
      s:complete({ context = { cursor_before_line = "see \\cite{mamba" } }, function(res)
        got = res
      end)
      assert.is_true(got.isIncomplete)
      local item = got.items[1]
      assert.are.equal("gu2023mamba", item.label)
      assert.are.equal("gu2023mamba", item.insertText)
      assert.are.equal("markdown", item.documentation.kind)
      assert.matches("Selective State Spaces", item.documentation.value)
      assert.matches("^mamba", item.filterText)
      -- The keyword pattern is a Vim regex that takes a whole key.
      local re = vim.regex("\\%(" .. s:get_keyword_pattern() .. "\\)$")
      local text = "\\cite{gu2023:x-y.z"
      local from = re:match_str(text)
      assert.are.equal("gu2023:x-y.z", text:sub(from + 1))
    end)

    it("gives nothing outside a citation", function()
      h.scratch({ "plain" }, "tex")
      h.cursor(1, 5)
      local got
      source.new():complete({}, function(res)
        got = res
      end)
      assert.are.same({}, got.items)
    end)

    it("is not available in a buffer that is not a document", function()
      h.scratch({ "" }, "lua")
      assert.is_false(source.new():is_available())
    end)

    it("registers only when nvim-cmp is there", function()
      assert.is_false(require("ream.complete.cmp").register())
    end)
  end)

  describe("blink.cmp source", function()
    local blink = require("ream.complete.blink")

    it("gives items with a text edit over the typed key", function()
      local buf = h.scratch({ "text [@he2016; @resid" }, "markdown")
      local line = h.lines(buf)[1]
      local s = blink.new({})
      assert.is_true(s:enabled())
      local got
      s:get_completions({ bufnr = buf, line = line, cursor = { 1, #line } }, function(res)
        got = res
      end)
      assert.is_true(got.is_incomplete_forward)
      local item = got.items[1]
      assert.are.equal("he2015deep", item.label)
      assert.are.same({
        start = { line = 0, character = #line - #"resid" },
        ["end"] = { line = 0, character = #line },
      }, item.textEdit.range)
      assert.matches("Residual", item.documentation.value)
    end)

    it("marks the paper cited when an item is accepted", function()
      local buf = h.scratch({ "[@" }, "markdown")
      local s = blink.new({})
      local called = false
      s:execute({ bufnr = buf }, { data = { ream = "bahdanau2014neural" } }, function() end, function()
        called = true
      end)
      assert.is_true(called)
      local papers = require("ream.store").search("", 1)
      assert.are.equal("bahdanau2014neural", papers[1].key)
    end)
  end)
end)
