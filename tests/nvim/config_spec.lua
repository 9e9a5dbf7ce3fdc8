-- The configuration: defaults without setup(), vim.g.ream and setup()
-- merged over them, and a message naming each invalid field.
local h = require("helpers")
local config = require("ream.config")

describe("config", function()
  before_each(function()
    vim.g.ream = nil
    config.reset()
    h.capture()
  end)
  after_each(function()
    vim.g.ream = nil
    config.reset()
    h.restore()
  end)

  it("works without setup()", function()
    local cfg = config.get()
    assert.are.equal("auto", cfg.picker)
    assert.are.equal("latex", cfg.cite.syntax.tex)
    assert.are.equal("pandoc", cfg.cite.syntax.quarto)
    assert.are.equal("cite", config.command_of("tex"))
    assert.is_nil(config.problem())
  end)

  it("deep-merges setup() options over the defaults", function()
    assert.is_true(require("ream").setup({ cite = { command = "citep" }, preview = { width = 60 } }))
    local cfg = config.get()
    assert.are.equal("citep", config.command_of("tex"))
    assert.are.equal(60, cfg.preview.width)
    assert.are.equal(20, cfg.preview.height) -- untouched sibling
    assert.are.equal("pandoc", cfg.cite.syntax.markdown)
  end)

  it("takes a LaTeX command per filetype", function()
    config.set({ cite = { command = { tex = "autocite", plaintex = "cite" } } })
    assert.are.equal("autocite", config.command_of("tex"))
    assert.are.equal("cite", config.command_of("plaintex"))
  end)

  it("reads vim.g.ream, with setup() options winning", function()
    vim.g.ream = { picker = "select", limit = 7 }
    config.reset()
    assert.are.equal("select", config.get().picker)
    config.set({ limit = 9 })
    assert.are.equal(9, config.get().limit)
    assert.are.equal("select", config.get().picker)
  end)

  it("replaces lists instead of merging them", function()
    config.set({ filetypes = { "tex" } })
    assert.are.same({ "tex" }, config.get().filetypes)
  end)

  it("attaches to the filetypes setup() gives, and no longer to the others", function()
    local d = h.tmpdir()
    h.store(d)
    local omni = require("ream.buffer").omnifunc
    assert.is_true(require("ream").setup({ db = d .. "/ream.sqlite3", filetypes = { "text", "tex" } }))
    local txt = h.edit(d .. "/notes.txt", { "" })
    assert.are.equal("text", vim.bo[txt].filetype)
    assert.are.equal(omni, vim.bo[txt].omnifunc)
    local md = h.edit(d .. "/notes.md", { "" })
    assert.are_not.equal(omni, vim.bo[md].omnifunc)
    -- Back to the defaults for the other specs.
    assert.is_true(require("ream").setup({ db = d .. "/ream.sqlite3", filetypes = config.defaults.filetypes }))
    md = h.edit(d .. "/other.md", { "" })
    assert.are.equal(omni, vim.bo[md].omnifunc)
  end)

  it("names the field and the allowed values for a bad picker", function()
    local ok, err = config.set({ picker = "fzf" })
    assert.is_nil(ok)
    assert.matches("`picker` should be one of auto, telescope, fzf%-lua, snacks, mini, select, not 'fzf'", err)
    assert.are.equal("auto", config.get().picker) -- the default stays
  end)

  it("names nested fields", function()
    local _, err = config.set({ preview = { width = -3 } })
    assert.matches("`preview.width` should be a positive whole number, not %-3", err)
    _, err = config.set({ cite = { syntax = { tex = "bibtex" } } })
    assert.matches("`cite.syntax.tex` should be one of latex, pandoc", err)
    _, err = config.set({ cite = { command = "\\citep" } })
    assert.matches("`cite.command` should be a LaTeX command name", err)
    _, err = config.set({ completion = { omnifunc = "yes" } })
    assert.matches("`completion.omnifunc` should be true or false, not 'yes'", err)
    _, err = config.set({ picker_keys = { jump = "<C-j>" } })
    assert.matches("`picker_keys.jump` is not an action", err)
  end)

  it("reports unknown options and wrong section types", function()
    local _, err = config.set({ pickr = "select", preview = 3 })
    assert.matches("unknown option `pickr`", err)
    assert.matches("`preview` should be a table, not 3", err)
  end)

  it("keeps valid fields when others are invalid", function()
    config.set({ picker = "nope", limit = 5 })
    assert.are.equal(5, config.get().limit)
    assert.are.equal("auto", config.get().picker)
  end)

  it("says what is wrong in one message from setup()", function()
    assert.is_false(require("ream").setup({ picker = "nope", limit = 0 }))
    assert.are.equal(1, #h.notes)
    assert.are.equal(vim.log.levels.WARN, h.notes[1].level)
    assert.matches("`picker`", h.notes[1].msg)
    assert.matches("`limit`", h.notes[1].msg)
  end)

  it("rejects a setup() argument that is not a table", function()
    assert.is_false(require("ream").setup("select"))
    assert.matches("setup%(%) takes a table", h.messages())
  end)

  it("reports a bad vim.g.ream once, when ream is first used", function()
    vim.g.ream = { picker = 42 }
    config.reset()
    require("ream.util").reset_once()
    require("ream.util").config()
    require("ream.util").config()
    assert.are.equal(1, #h.notes)
    assert.matches("`picker` should be one of", h.notes[1].msg)
  end)

  it("gives each document filetype its citation syntax", function()
    local cases = {
      tex = "latex", plaintex = "latex", markdown = "pandoc", quarto = "pandoc", rmd = "pandoc",
      pandoc = "pandoc", typst = "typst", org = "org", rst = "rst", asciidoc = "asciidoc",
      lua = "plain", text = "plain",
    }
    for ft, syntax in pairs(cases) do
      local buf = h.scratch({ "" }, ft)
      assert.are.equal(syntax, (config.syntax_of(buf)), ft)
    end
  end)

  it("falls back on the file name when the filetype is unknown", function()
    local dir = h.tmpdir()
    local buf = vim.api.nvim_create_buf(true, false)
    vim.api.nvim_buf_set_name(buf, dir .. "/paper.typ")
    vim.bo[buf].filetype = "sql" -- what Neovim 0.7 calls *.typ
    assert.are.equal("typst", (config.syntax_of(buf)))
    vim.api.nvim_buf_set_name(buf, dir .. "/notes.qmd")
    vim.bo[buf].filetype = ""
    assert.are.equal("pandoc", (config.syntax_of(buf)))
  end)

  it("lets the user map a filetype to another syntax", function()
    config.set({ cite = { syntax = { markdown = "typst" } } })
    local buf = h.scratch({ "" }, "markdown")
    assert.are.equal("typst", (config.syntax_of(buf)))
  end)
end)
