-- The preview: what is under the cursor, the float's content and size, its
-- closing when the cursor moves, and short messages when there is nothing
-- to show.
local h = require("helpers")
local preview = require("ream.preview")

local dir

local function text_of(state)
  return table.concat(vim.api.nvim_buf_get_lines(state.buf, 0, -1, false), "\n")
end

describe("preview", function()
  setup(function()
    dir = h.tmpdir()
    h.store(dir)
  end)
  before_each(function()
    h.capture()
    h.configure({ db = dir .. "/ream.sqlite3", picker = "select" })
    vim.o.columns, vim.o.lines = 100, 40
  end)
  after_each(function()
    h.restore()
  end)

  it("finds the key under the cursor in each syntax", function()
    local core = require("ream.core")
    local cases = {
      { "see \\cite{a,gu2023mamba} here", "mamba", "gu2023mamba" },
      { "text [@vaswani2017attention; @x]", "attention", "vaswani2017attention" },
      { "[cite:@he2015deep;@y]", "deep", "he2015deep" },
      { "as @kingma2014adam. shows", "adam", "kingma2014adam" },
      { ":cite:`devlin2018bert`", "bert", "devlin2018bert" },
    }
    for _, c in ipairs(cases) do
      local col = c[1]:find(c[2], 1, true) - 1
      local t = preview.target(c[1], col, core)
      assert.are.same({ kind = "key", id = c[3] }, t, c[1])
    end
  end)

  it("recognises an arXiv id or a DOI under the cursor, in any form", function()
    local core = require("ream.core")
    local t = preview.target("see arXiv:1706.03762v5, please", 8, core)
    assert.are.equal("arxiv", t.kind)
    t = preview.target("(https://arxiv.org/abs/2312.00752)", 10, core)
    assert.are.equal("arxiv", t.kind)
    t = preview.target("doi: 10.1109/CVPR.2016.90.", 9, core)
    assert.are.equal("doi", t.kind)
    t = preview.target("at https://doi.org/10.1023/A:1026654312961 see", 8, core)
    assert.are.equal("doi", t.kind)
  end)

  it("opens a float with the title, authors, ids and the abstract", function()
    h.scratch({ "as shown by \\cite{vaswani2017attention}." }, "tex")
    h.cursor_on("vaswani", 3)
    local state = require("ream").preview()
    assert.is_table(state)
    assert.is_true(vim.api.nvim_win_is_valid(state.win))
    local cfg = vim.api.nvim_win_get_config(state.win)
    assert.are_not.equal("", cfg.relative)
    local text = text_of(state)
    assert.matches("Attention Is All You Need", text)
    assert.matches("Ashish Vaswani", text)
    assert.matches("2017", text)
    assert.matches("arXiv:1706.03762", text)
    assert.matches("Abstract", text)
    assert.matches("Transformer", text)
    -- The current window stays the document.
    assert.are.equal(state.src_win, vim.api.nvim_get_current_win())
  end)

  it("finds the paper by arXiv id and by DOI", function()
    h.scratch({ "arXiv:2312.00752 and https://doi.org/10.1109/CVPR.2016.90" }, "markdown")
    h.cursor(1, 3)
    local state = require("ream").preview()
    assert.matches("Mamba", text_of(state))
    h.cursor_on("doi.org", 10)
    state = require("ream").preview()
    assert.matches("Deep Residual Learning", text_of(state))
  end)

  it("wraps the abstract to the window and fits the screen", function()
    h.configure({ db = dir .. "/ream.sqlite3", preview = { width = 50, height = 12 } })
    h.scratch({ "[@maldacena1997large]" }, "markdown")
    h.cursor(1, 5)
    local state = require("ream").preview()
    local width = vim.api.nvim_win_get_width(state.win)
    local height = vim.api.nvim_win_get_height(state.win)
    assert.is_true(width <= 50, "width " .. width)
    assert.are.equal(12, height)
    for _, l in ipairs(vim.api.nvim_buf_get_lines(state.buf, 0, -1, false)) do
      assert.is_true(vim.fn.strdisplaywidth(l) <= width, l)
    end
    -- The long abstract scrolls: more lines than the window shows.
    assert.is_true(vim.api.nvim_buf_line_count(state.buf) > height)
    assert.matches("best understood example of holography", text_of(state))
  end)

  it("stays inside a small screen", function()
    vim.o.columns, vim.o.lines = 50, 16
    h.scratch({ "[@maldacena1997large]" }, "markdown")
    h.cursor(1, 5)
    local state = require("ream").preview()
    local width = vim.api.nvim_win_get_width(state.win)
    local height = vim.api.nvim_win_get_height(state.win)
    assert.is_true(width + 2 <= 50, "width " .. width)
    assert.is_true(height + 2 <= 16 - 2, "height " .. height)
  end)

  it("highlights the headings", function()
    h.scratch({ "[@gu2023mamba]" }, "markdown")
    h.cursor(1, 4)
    local state = require("ream").preview()
    local marks = vim.api.nvim_buf_get_extmarks(state.buf, preview.ns, 0, -1, { details = true })
    local groups = {}
    for _, m in ipairs(marks) do
      groups[m[4].hl_group] = true
    end
    assert.is_true(groups.ReamPreviewTitle)
    assert.is_true(groups.ReamPreviewHeading)
  end)

  it("closes when the cursor moves", function()
    h.scratch({ "[@gu2023mamba] and more text", "second line" }, "markdown")
    h.cursor(1, 4)
    local state = require("ream").preview()
    -- Events that were due before the preview opened do not close it.
    vim.cmd("doautocmd <nomodeline> CursorMoved")
    assert.is_true(vim.api.nvim_win_is_valid(state.win))
    h.cursor(2, 0)
    vim.cmd("doautocmd <nomodeline> CursorMoved")
    assert.is_false(vim.api.nvim_win_is_valid(state.win))
    assert.is_nil(preview.current())
  end)

  it("can be entered to scroll, and closes with q", function()
    h.scratch({ "[@maldacena1997large]" }, "markdown")
    h.cursor(1, 5)
    local state = require("ream").preview()
    require("ream").preview() -- again: into the float
    assert.are.equal(state.win, vim.api.nvim_get_current_win())
    vim.cmd("normal! G")
    vim.cmd("normal! yy")
    assert.matches("day%.", vim.fn.getreg('"'))
    vim.api.nvim_feedkeys("q", "x", false)
    assert.is_false(vim.api.nvim_win_is_valid(state.win))
    assert.are.equal(state.src_win, vim.api.nvim_get_current_win())
  end)

  it("says there is nothing under the cursor, as a message and not an error", function()
    h.scratch({ "", "plain words" }, "markdown")
    h.cursor(1, 0)
    assert.is_nil(require("ream").preview())
    assert.are.equal(1, #h.notes)
    assert.matches("no citation key, arXiv id or DOI under the cursor", h.notes[1].msg)
    assert.are.equal(vim.log.levels.INFO, h.notes[1].level)
  end)

  it("says there is no such paper, as a message", function()
    h.scratch({ "\\cite{nosuchkey2020}" }, "tex")
    h.cursor_on("nosuch")
    assert.is_nil(require("ream").preview())
    assert.matches("no paper with the key 'nosuchkey2020'", h.messages())
    assert.are.equal(vim.log.levels.INFO, h.notes[1].level)
    assert.is_nil(preview.current())
  end)

  it("is what <Plug>(ream-preview) and :Ream preview do", function()
    h.scratch({ "[@kingma2014adam]" }, "markdown")
    h.cursor(1, 4)
    vim.cmd("Ream preview")
    assert.matches("Adam", text_of(preview.current()))
    preview.close()
    vim.api.nvim_set_keymap("n", "<Space>p", "<Plug>(ream-preview)", {})
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("<Space>p", true, false, true), "x", false)
    assert.matches("Adam", text_of(preview.current()))
  end)
end)
