-- :Ream and its subcommands: completion of names and arguments, messages
-- instead of tracebacks, and what each subcommand does.
local h = require("helpers")

local dir

local function complete(line)
  return vim.fn.getcompletion(line, "cmdline")
end

describe(":Ream", function()
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

  it("exists with the <Plug> mappings, and nothing of ream is loaded at start", function()
    assert.are.equal(2, vim.fn.exists(":Ream"))
    for _, m in ipairs({ "<Plug>(ream-cite)", "<Plug>(ream-preview)", "<Plug>(ream-search)" }) do
      assert.are_not.equal("", vim.fn.maparg(m, "n"))
    end
    assert.are_not.equal("", vim.fn.maparg("<Plug>(ream-cite)", "i"))
    assert.is_true(vim.g.loaded_ream)
  end)

  it("makes no global key mappings", function()
    for _, mode in ipairs({ "n", "i", "x" }) do
      for _, m in ipairs(vim.api.nvim_get_keymap(mode)) do
        if (m.desc or ""):match("^ream") then
          assert.matches("^<Plug>", m.lhs)
        end
      end
    end
  end)

  it("completes subcommand names", function()
    local all = complete("Ream ")
    for _, name in ipairs({ "search", "cite", "preview", "insert", "import", "export", "open", "yank", "bib", "stats" }) do
      assert.is_true(vim.tbl_contains(all, name), name)
    end
    assert.are.same({ "search", "stats" }, complete("Ream s"))
    assert.are.same({ "import", "insert" }, complete("Ream i"))
  end)

  it("completes the snippets of :Ream insert", function()
    assert.are.same({ "abstract", "bibtex", "citation", "link", "reference" }, complete("Ream insert "))
    h.configure({ db = dir .. "/ream.sqlite3", templates = { title = "{title}" } })
    assert.are.same({ "title" }, complete("Ream insert t"))
  end)

  it("completes files for :Ream import and query filters for :Ream search", function()
    h.write(dir .. "/cmpl/library-one.bib", "")
    local got = complete("Ream import " .. dir .. "/cmpl/lib")
    assert.are.same({ dir .. "/cmpl/library-one.bib" }, got)
    assert.are.same({ "author:" }, complete("Ream search au"))
    assert.are.same({ "title:" }, complete("Ream cite vaswani ti"))
  end)

  it("says an unknown subcommand is unknown, with no traceback", function()
    vim.cmd("Ream frobnicate")
    assert.are.equal(1, #h.notes)
    assert.matches("unknown subcommand 'frobnicate'", h.notes[1].msg)
    assert.matches("search", h.notes[1].msg)
    assert.are.equal(vim.log.levels.ERROR, h.notes[1].level)
    assert.is_nil(h.notes[1].msg:find("traceback"))
  end)

  it("lists the subcommands when given none", function()
    vim.cmd("Ream")
    assert.matches(":Ream needs a subcommand", h.messages())
  end)

  it("turns an internal error into one clean message", function()
    local ream = require("ream")
    local old = ream.stats
    ream.stats = function()
      error({ "not a string" })
    end
    local ok = pcall(vim.cmd, "Ream stats")
    ream.stats = old
    assert.is_true(ok)
    assert.are.equal(1, #h.notes)
    assert.matches("^ream: internal error", h.notes[1].msg)
    assert.is_nil(h.notes[1].msg:find("stack traceback"))
  end)

  it("shows the store's numbers with :Ream stats", function()
    vim.cmd("Ream stats")
    assert.matches("ream: 11 papers", h.messages())
    assert.matches("SQLite", h.messages())
  end)

  it("yanks the BibTeX of the paper under the cursor", function()
    h.scratch({ "\\cite{gu2023mamba}" }, "tex")
    h.cursor_on("gu2023")
    vim.cmd("Ream yank")
    local reg = vim.fn.getreg('"')
    assert.matches("@%a+{gu2023mamba,", reg)
    assert.matches("Mamba", reg)
    assert.matches("yanked", h.messages())
  end)

  it("yanks a picked paper when nothing is under the cursor", function()
    h.scratch({ "" }, "tex")
    h.stub_select(h.by_key("he2015deep"))
    vim.cmd("Ream yank residual")
    assert.is_true(h.wait(function()
      return vim.fn.getreg('"'):find("he2015deep", 1, true) ~= nil
    end))
  end)

  it("opens the arXiv or DOI page with the configured opener", function()
    local out = dir .. "/opened.txt"
    h.configure({ db = dir .. "/ream.sqlite3", open_cmd = { "sh", "-c", 'printf %s "$1" > ' .. out, "sh" } })
    h.scratch({ "[@he2015deep]" }, "markdown")
    h.cursor(1, 4)
    vim.cmd("Ream open")
    assert.is_true(h.wait(function()
      return (h.read(out) or "") ~= "" -- the shell makes the file, then fills it
    end))
    -- The arXiv page first; the DOI when there is no arXiv id.
    assert.are.equal("https://arxiv.org/abs/1512.03385", h.read(out))
    assert.are.equal("https://doi.org/10.1109/cvpr.2016.90", require("ream.util").link({ doi = "10.1109/cvpr.2016.90" }))
    os.remove(out)
    h.scratch({ "[@gu2023mamba]" }, "markdown")
    h.cursor(1, 4)
    vim.cmd("Ream open")
    assert.is_true(h.wait(function()
      return (h.read(out) or "") ~= "" -- the shell makes the file, then fills it
    end))
    assert.are.equal("https://arxiv.org/abs/2312.00752", h.read(out))
  end)

  describe("insert", function()
    local function insert(what, line, ft)
      local buf = h.scratch({ line or "[@vaswani2017attention] " }, ft or "markdown")
      h.cursor(1, 4)
      vim.cmd("Ream insert " .. what)
      return table.concat(h.lines(buf), "\n")
    end

    it("puts the formatted reference at the cursor", function()
      local text = insert("reference")
      assert.matches("Vaswani", text)
      assert.matches("Attention Is All You Need", text)
    end)

    it("puts the BibTeX entry, several lines", function()
      local text = insert("bibtex")
      assert.matches("@%a+{vaswani2017attention,", text)
      assert.is_true(#vim.split(text, "\n") > 3)
    end)

    it("puts the abstract and the link", function()
      assert.matches("Transformer", insert("abstract"))
      assert.matches("https://arxiv.org/abs/1706.03762", insert("link"))
    end)

    it("puts a citation in the buffer's syntax", function()
      h.scratch({ "" }, "tex")
      h.stub_select(h.by_key("gu2023mamba"))
      vim.cmd("Ream insert citation mamba")
      assert.is_true(h.wait(function()
        return h.lines()[1] ~= ""
      end))
      assert.are.same({ "\\cite{gu2023mamba}" }, h.lines())
    end)

    it("fills a configured template", function()
      h.configure({ db = dir .. "/ream.sqlite3", templates = {
        short = "{key} ({year}): {title}",
        upper = function(p)
          return p.title:upper()
        end,
      } })
      assert.matches("vaswani2017attention %(2017%): Attention Is All You Need", insert("short"))
      assert.matches("ATTENTION IS ALL YOU NEED", insert("upper"))
    end)

    it("names the snippets when given an unknown one", function()
      insert("nonsense")
      assert.matches("no snippet 'nonsense'", h.messages())
      assert.matches("bibtex", h.messages())
    end)
  end)

  it("exports the BibTeX of the document's citations into a buffer or a file", function()
    h.scratch({ "\\cite{gu2023mamba} \\cite{he2015deep,nope}" }, "tex")
    vim.cmd("Ream export")
    local text = table.concat(h.lines(), "\n")
    assert.are.equal("bib", vim.bo.filetype)
    assert.matches("gu2023mamba", text)
    assert.matches("he2015deep", text)
    assert.matches("not in the store: nope", h.messages())
    vim.cmd("only")
    h.scratch({ "[@gu2023mamba]" }, "markdown")
    local out = dir .. "/export.bib"
    vim.cmd("Ream export " .. out)
    assert.matches("gu2023mamba", h.read(out))
    vim.cmd("Ream export " .. out)
    assert.matches("exists", h.messages())
    vim.cmd("Ream! export " .. out)
    assert.matches("wrote 1 entries", h.messages())
  end)

  describe("import", function()
    it("imports in the background and reports when done", function()
      local file = dir .. "/extra.jsonl"
      h.write(file, vim.fn.json_encode({
        id = "2106.09685",
        authors = "Edward J. Hu, Yelong Shen",
        authors_parsed = { { "Hu", "Edward J.", "" }, { "Shen", "Yelong", "" } },
        title = "LoRA: Low-Rank Adaptation of Large Language Models",
        categories = "cs.CL cs.LG",
        abstract = "Freezes the pre-trained weights and trains low-rank update matrices instead.",
        versions = { { version = "v1", created = "Thu, 17 Jun 2021 17:37:18 GMT" } },
      }) .. "\n")
      local before = vim.loop.now()
      vim.cmd("Ream import " .. file)
      -- The command returns at once; the job does the work.
      assert.is_true(vim.loop.now() - before < 1000)
      assert.is_true(h.wait(function()
        return require("ream.store").paper("2106.09685") ~= nil
      end, 10000), h.messages())
      assert.is_true(h.wait(function()
        return h.messages():find("extra.jsonl", 1, true) ~= nil
      end))
    end)

    it("imports the seed listings: 17 papers", function()
      local seeds = h.seeds()
      local files = vim.fn.glob(seeds .. "/*.txt", false, true)
      assert.is_true(#files > 0, "no seeds in " .. seeds)
      local fresh = h.tmpdir() .. "/seeds.sqlite3"
      h.configure({ db = fresh })
      local done = 0
      for _, f in ipairs(files) do
        assert(require("ream.bib").import(f, {
          on_done = function(ok, text)
            assert(ok, text)
            done = done + 1
          end,
        }))
      end
      assert.is_true(h.wait(function()
        return done == #files
      end, 20000))
      local stats = require("ream.store").get():stats()
      assert.are.equal(17, stats.papers)
    end)

    it("says which file is missing", function()
      vim.cmd("Ream import " .. dir .. "/no-such-file.bib")
      assert.matches("no such file", h.messages())
    end)
  end)
end)
