-- The document's bibliography: finding its .bib files in each syntax,
-- importing them in the background, appending the entry of a cited paper
-- they lack, writing it, and diagnostics for unknown keys.
local h = require("helpers")
local bib = require("ream.bib")

local dir

local function doc(name, lines)
  return h.edit(dir .. "/" .. name, lines)
end

local function rel(paths)
  local out = {}
  for _, p in ipairs(paths) do
    out[#out + 1] = (p:gsub("^" .. vim.pesc(dir) .. "/", ""))
  end
  return out
end

describe("bibliography", function()
  setup(function()
    dir = h.tmpdir()
    h.store(dir)
  end)
  before_each(function()
    h.capture()
    h.configure({ db = dir .. "/ream.sqlite3", picker = "select" })
  end)
  after_each(function()
    h.restore()
  end)

  describe("discovery", function()
    it("reads \\bibliography{a,b} and \\addbibresource", function()
      local buf = doc("d1.tex", {
        "% \\bibliography{commented}",
        "\\addbibresource[label=x]{lib/main.bib}",
        "\\bibliography{refs, more.bib}",
      })
      assert.are.same({ "lib/main.bib", "refs.bib", "more.bib" }, rel(bib.files(buf)))
    end)

    it("follows % !TEX root to the main file", function()
      h.write(dir .. "/thesis/main.tex", { "\\bibliography{thesis}" })
      local buf = doc("thesis/chapter1.tex", { "% !TEX root = main.tex", "text" })
      assert.are.same({ "thesis/thesis.bib" }, rel(bib.files(buf)))
    end)

    it("reads YAML bibliography: as a string, a flow list and a block list", function()
      local buf = doc("y1.md", { "---", "title: x", "bibliography: refs.bib", "---", "text" })
      assert.are.same({ "refs.bib" }, rel(bib.files(buf)))
      buf = doc("y2.md", { "---", 'bibliography: [a.bib, "b.bib"]', "---" })
      assert.are.same({ "a.bib", "b.bib" }, rel(bib.files(buf)))
      buf = doc("y3.qmd", { "---", "bibliography:", "  - one.bib", "  - 'two.bib'", "csl: x.csl", "---" })
      assert.are.same({ "one.bib", "two.bib" }, rel(bib.files(buf)))
    end)

    it("reads a Quarto project's _quarto.yml", function()
      h.write(dir .. "/book/_quarto.yml", { "project:", "  type: book", "bibliography: book.bib" })
      local buf = doc("book/chapters/intro.qmd", { "# Intro" })
      assert.are.same({ "book/book.bib" }, rel(bib.files(buf)))
    end)

    it("reads Typst's #bibliography", function()
      local buf = doc("t1.typ", { '#bibliography("works.bib", style: "apa")' })
      assert.are.same({ "works.bib" }, rel(bib.files(buf)))
      buf = doc("t2.typ", { '#bibliography(("a.bib", "b.bib"))' })
      assert.are.same({ "a.bib", "b.bib" }, rel(bib.files(buf)))
    end)

    it("reads Org's #+bibliography: and AsciiDoc's :bibtex-file:", function()
      local buf = doc("o.org", { "#+title: x", "#+BIBLIOGRAPHY: refs.bib", "#+bibliography: other.bib" })
      assert.are.same({ "refs.bib", "other.bib" }, rel(bib.files(buf)))
      buf = doc("a.adoc", { "= Doc", ":bibtex-file: refs.bib" })
      assert.are.same({ "refs.bib" }, rel(bib.files(buf)))
    end)

    it("finds nothing in a document without a bibliography", function()
      assert.are.same({}, bib.files(doc("none.tex", { "hello" })))
      assert.are.same({}, bib.files(doc("none.md", { "hello" })))
    end)
  end)

  describe("appending", function()
    it("appends the entry of a cited paper the document's .bib lacks", function()
      local proj = dir .. "/p1"
      h.write(proj .. "/refs.bib", h.read(h.fixtures .. "/project.bib"))
      local buf = h.edit(proj .. "/paper.tex", { "\\bibliography{refs}", "" })
      h.cursor(2, 0)
      local info = assert(require("ream.cite").insert(require("ream.cite").context(), { "gu2023mamba" }))
      assert.are.same({ "gu2023mamba" }, info.appended)
      local text = h.read(proj .. "/refs.bib")
      assert.matches("@%a+{gu2023mamba,", text)
      assert.matches("Selective State Spaces", text)
      assert.matches("knuth1984texbook", text) -- what was there stays
      assert.are.same({ "\\bibliography{refs}", "\\cite{gu2023mamba}" }, h.lines(buf))
    end)

    it("does not append a paper the .bib already has", function()
      local proj = dir .. "/p2"
      h.write(proj .. "/refs.bib", h.read(h.fixtures .. "/project.bib"))
      local before = h.read(proj .. "/refs.bib")
      h.edit(proj .. "/paper.md", { "---", "bibliography: refs.bib", "---", "" })
      h.cursor(4, 0)
      local info = assert(require("ream.cite").insert(require("ream.cite").context(), { "vaswani2017attention" }))
      assert.are.same({}, info.appended)
      assert.are.equal(before, h.read(proj .. "/refs.bib"))
    end)

    it("creates the .bib the document names when it does not exist yet", function()
      local proj = dir .. "/p3"
      h.edit(proj .. "/paper.typ", { '#bibliography("refs.bib")', "" })
      h.cursor(2, 0)
      require("ream.cite").insert(require("ream.cite").context(), { "kingma2014adam" })
      assert.matches("kingma2014adam", h.read(proj .. "/refs.bib"))
    end)

    it("can be turned off", function()
      h.configure({ db = dir .. "/ream.sqlite3", bib = { append = false } })
      local proj = dir .. "/p4"
      h.write(proj .. "/refs.bib", "")
      h.edit(proj .. "/paper.org", { "#+bibliography: refs.bib", "" })
      h.cursor(2, 0)
      require("ream.cite").insert(require("ream.cite").context(), { "kingma2014adam" })
      assert.are.equal("", h.read(proj .. "/refs.bib"))
    end)

    it("writes the document's bibliography with :Ream bib", function()
      local proj = dir .. "/p5"
      h.edit(proj .. "/paper.tex", {
        "\\cite{vaswani2017attention,gu2023mamba} \\cite{nosuch}",
        "\\bibliography{out}",
      })
      vim.cmd("Ream bib")
      local text = h.read(proj .. "/out.bib")
      assert.matches("vaswani2017attention", text)
      assert.matches("gu2023mamba", text)
      assert.matches("wrote 2 entries", h.messages())
      assert.matches("unknown: nosuch", h.messages())
      vim.cmd("Ream bib")
      assert.matches("already has every cited paper", h.messages())
    end)
  end)

  describe("import", function()
    it("imports the document's .bib in the background and knows its keys", function()
      local proj = dir .. "/i1"
      h.write(proj .. "/refs.bib", {
        "@misc{local2024notes,",
        "  author = {Doe, Jane},",
        "  title = {Field Notes on Local Things},",
        "  year = {2024}",
        "}",
      })
      h.edit(proj .. "/paper.tex", { "\\bibliography{refs}", "\\cite{local2024notes}" })
      assert.is_true(h.wait(function()
        local p = require("ream.store").paper("local2024notes")
        return p ~= nil
      end, 10000), h.messages())
    end)

    it("follows the .bib as another program changes it, and replaces it", function()
      local proj = dir .. "/i2"
      local entry = function(key, title)
        return { "@misc{" .. key .. ",", "  author = {Roe, Rick},", "  title = {" .. title .. "},", "  year = {2025}", "}", "" }
      end
      h.write(proj .. "/refs.bib", entry("first2025one", "The First One"))
      local buf = h.edit(proj .. "/paper.tex", { "\\bibliography{refs}", "\\cite{second2025two}" })
      assert.is_true(h.wait(function()
        return require("ream.store").paper("first2025one") ~= nil
      end, 10000), h.messages())
      assert.are.same({ (vim.fn.fnamemodify(proj, ":p"):gsub("/$", "")) }, require("ream.buffer").watched())
      -- Appended in place, as a program that exports a library does...
      local f = assert(io.open(proj .. "/refs.bib", "ab"))
      f:write(table.concat(entry("second2025two", "The Second One"), "\n"))
      f:close()
      assert.is_true(h.wait(function()
        return require("ream.store").paper("second2025two") ~= nil
      end, 10000), "not imported after the change: " .. h.messages())
      -- ... and the warning on the key it now has goes away.
      assert.is_true(h.wait(function()
        return #vim.diagnostic.get(buf, { namespace = require("ream.bib").ns }) == 0
      end, 5000))
      -- Written to a new file renamed over it, as editors save.
      local all = vim.list_extend(entry("first2025one", "The First One"), entry("third2025three", "The Third One"))
      h.write(proj .. "/refs.bib.tmp", all)
      assert(vim.loop.fs_rename(proj .. "/refs.bib.tmp", proj .. "/refs.bib"))
      assert.is_true(h.wait(function()
        return require("ream.store").paper("third2025three") ~= nil
      end, 10000), "not imported after the rename: " .. h.messages())
      -- No document, no watching.
      vim.cmd("bwipeout! " .. buf)
      assert.are.same({}, require("ream.buffer").watched())
    end)
  end)

  describe("diagnostics", function()
    local function diags(buf)
      local list = vim.diagnostic.get(buf, { namespace = bib.ns })
      table.sort(list, function(a, b)
        return a.lnum < b.lnum
      end)
      return list
    end

    local cases = {
      { "x.tex", { "\\cite{gu2023mamba,nosuch1}", "", "see \\citep{nosuch2}" } },
      { "x.md", { "Text [@gu2023mamba; @nosuch1].", "", "And @nosuch2 says." } },
      { "x.typ", { "Text @gu2023mamba and @nosuch1.", "", "#cite(<nosuch2>)" } },
      { "x.org", { "Text [cite:@gu2023mamba;@nosuch1].", "", "[cite:@nosuch2]" } },
    }
    for _, c in ipairs(cases) do
      it("marks unknown keys in " .. c[1], function()
        local buf = doc(c[1], c[2])
        local list = assert(bib.diagnose(buf))
        assert.are.equal(2, #list, vim.inspect(list))
        list = diags(buf)
        assert.are.equal(0, list[1].lnum)
        assert.are.equal(c[2][1]:find("nosuch1", 1, true) - 1, list[1].col)
        assert.matches("unknown citation key 'nosuch1'", list[1].message)
        assert.are.equal(vim.diagnostic.severity.WARN, list[1].severity)
        assert.are.equal(2, list[2].lnum)
        assert.matches("nosuch2", list[2].message)
      end)
    end

    it("knows the keys of the document's .bib", function()
      local proj = dir .. "/k1"
      h.write(proj .. "/refs.bib", h.read(h.fixtures .. "/project.bib"))
      local buf = h.edit(proj .. "/paper.tex", { "\\cite{knuth1984texbook}", "\\bibliography{refs}" })
      local list = assert(bib.diagnose(buf))
      assert.are.same({}, list)
    end)

    it("updates after an edit", function()
      local buf = doc("upd.md", { "[@gu2023mamba]" })
      assert.are.same({}, assert(bib.diagnose(buf)))
      vim.api.nvim_buf_set_lines(buf, 0, -1, false, { "[@gu2023mamba; @typo2020]" })
      vim.cmd("doautocmd <nomodeline> TextChanged")
      assert.is_true(h.wait(function()
        return #diags(buf) == 1
      end))
    end)

    it("says nothing while the store is empty and the document names no .bib", function()
      h.configure({ db = h.tmpdir() .. "/empty.sqlite3" })
      local buf = doc("empty.tex", { "\\cite{gu2023mamba,nosuch1}" })
      assert.are.same({}, assert(bib.diagnose(buf)))
      assert.are.same({}, diags(buf))
      assert.are.equal(0, #h.notes, h.messages())
    end)

    it("can be turned off", function()
      h.configure({ db = dir .. "/ream.sqlite3", diagnostics = false })
      local buf = doc("off.md", { "[@nosuch]" })
      assert.are.same({}, bib.diagnose(buf))
      assert.are.same({}, diags(buf))
    end)
  end)
end)
