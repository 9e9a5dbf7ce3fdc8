-- Pickers: the choice among the installed ones, vim.ui.select for real, and
-- the telescope, fzf-lua, snacks and mini.pick adapters against stand-ins
-- that follow those plugins' documented entry points (none is installed
-- here): each stand-in types a query, previews the first result and
-- confirms, the way the real picker calls back.
local h = require("helpers")
local picker = require("ream.picker")

local dir

-- Stand-ins ---------------------------------------------------------------

local fake = {}

function fake.telescope(query, action_key)
  local state = {}
  package.preload["telescope"] = function()
    return {}
  end
  package.preload["telescope.finders"] = function()
    return {
      new_dynamic = function(o)
        assert(type(o.fn) == "function" and type(o.entry_maker) == "function")
        return o
      end,
    }
  end
  package.preload["telescope.sorters"] = function()
    return { highlighter_only = function()
      return {}
    end, empty = function()
      return {}
    end }
  end
  package.preload["telescope.previewers"] = function()
    return { new_buffer_previewer = function(o)
      assert(type(o.define_preview) == "function")
      return o
    end }
  end
  package.preload["telescope.actions"] = function()
    return {
      select_default = { replace = function(_, fn)
        state.default = fn
      end },
      close = function()
        state.closed = true
      end,
    }
  end
  package.preload["telescope.actions.state"] = function()
    return {
      get_current_picker = function()
        return { get_multi_selection = function()
          return state.multi or {}
        end }
      end,
      get_selected_entry = function()
        return state.entries[1]
      end,
    }
  end
  package.preload["telescope.pickers"] = function()
    return { new = function(_, spec)
      return { find = function()
        state.spec = spec
        state.entries = {}
        for _, r in ipairs(spec.finder.fn(query)) do
          state.entries[#state.entries + 1] = spec.finder.entry_maker(r)
        end
        local buf = vim.api.nvim_create_buf(false, true)
        spec.previewer.define_preview({ state = { bufnr = buf } }, state.entries[1], {})
        state.preview = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
        state.maps = {}
        assert(spec.attach_mappings(1, function(mode, key, fn)
          state.maps[mode .. key] = fn
        end))
        if action_key then
          state.maps["i" .. action_key]()
        else
          state.default()
        end
      end }
    end }
  end
  return state
end

local real_executable = vim.fn.executable

function fake.fzf(query, action_key)
  local state = {}
  -- fzf-lua needs the fzf program; pretend it is there.
  vim.fn.executable = function(name)
    return name == "fzf" and 1 or real_executable(name)
  end
  package.preload["fzf-lua"] = function()
    return { fzf_live = function(contents, opts)
      state.opts = opts
      -- Newer fzf-lua passes a table of fzf's arguments, older the query.
      state.lines = contents({ query })
      state.old_lines = contents(query)
      -- fzf-lua makes an instance (its class __call) and calls :new on it.
      local P = opts.previewer
      local p = setmetatable({}, P)
      p:new({}, opts, {})
      p:populate_preview_buf(state.lines[1])
      state.preview = vim.api.nvim_buf_get_lines(p.buf, 0, -1, false)
      local act = action_key or "default"
      opts.actions[act]({ state.lines[1] }, opts)
    end }
  end
  package.preload["fzf-lua.previewer.builtin"] = function()
    local base = {}
    base.__index = base
    function base:extend()
      local cls = setmetatable({}, { __index = self })
      cls.__index = cls
      cls.super = self
      return cls
    end
    function base:new()
      return self
    end
    function base:get_tmp_buffer()
      self.buf = vim.api.nvim_create_buf(false, true)
      return self.buf
    end
    function base:set_preview_buf(buf)
      self.shown = buf
    end
    return { base = base }
  end
  return state
end

function fake.snacks(query, action_key)
  local state = {}
  _G.Snacks = { picker = { pick = function(opts)
    state.opts = opts
    assert.is_true(opts.live)
    state.items = opts.finder({}, { filter = { search = query } })
    state.formatted = opts.format(state.items[1])
    local p = {
      selected = function(_, o)
        assert.is_true(o.fallback)
        return { state.items[1] }
      end,
      close = function()
        state.closed = true
      end,
    }
    if action_key then
      local name = opts.win.input.keys[action_key][1]
      opts.actions[name](p)
    else
      opts.confirm(p, state.items[1])
    end
  end } }
  return state
end

function fake.mini(query, action_key)
  local state = {}
  _G.MiniPick = {
    set_picker_items = function(items, o)
      assert.is_false(o.do_match)
      state.items = items
    end,
    get_picker_matches = function()
      return { current = state.items[1], marked = {} }
    end,
    stop = function()
      state.stopped = true
    end,
    set_picker_query = function() end,
    start = function(opts)
      state.opts = opts
      state.items = opts.source.items
      local chars = vim.split(query, "")
      opts.source.match(nil, nil, chars)
      local buf = vim.api.nvim_create_buf(false, true)
      opts.source.preview(buf, state.items[1])
      state.preview = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
      if action_key then
        for _, m in pairs(opts.mappings) do
          if m.char == action_key then
            m.func()
          end
        end
      else
        opts.source.choose(state.items[1])
      end
    end,
  }
  return state
end

local function uninstall()
  for _, m in ipairs({ "telescope", "telescope.finders", "telescope.sorters", "telescope.previewers",
    "telescope.actions", "telescope.actions.state", "telescope.pickers", "fzf-lua",
    "fzf-lua.previewer.builtin", "ream.picker.telescope", "ream.picker.fzf_lua" }) do
    package.preload[m] = nil
    package.loaded[m] = nil
  end
  _G.Snacks = nil
  _G.MiniPick = nil
  vim.fn.executable = real_executable
end

-- Specs --------------------------------------------------------------------

describe("pickers", function()
  setup(function()
    dir = h.tmpdir()
    h.store(dir)
  end)
  before_each(function()
    h.capture()
    h.stub_input(nil) -- a prompt nobody expects is cancelled, not waited for
    h.configure({ db = dir .. "/ream.sqlite3", picker = "auto", bib = { append = false } })
  end)
  after_each(function()
    uninstall()
    h.restore()
  end)

  it("falls back on vim.ui.select when no picker is installed", function()
    assert.are.equal("select", (picker.resolve()))
  end)

  it("takes the first installed picker", function()
    fake.mini("x")
    assert.are.equal("mini", (picker.resolve()))
    fake.telescope("x")
    assert.are.equal("telescope", (picker.resolve()))
  end)

  it("says when the configured picker is not installed", function()
    h.configure({ db = dir .. "/ream.sqlite3", picker = "snacks" })
    local name, note = picker.resolve()
    assert.are.equal("select", name)
    assert.matches("'snacks' is not installed", note)
  end)

  describe("vim.ui.select", function()
    it("searches the query and inserts the chosen paper", function()
      local buf = h.scratch({ "" }, "markdown")
      h.stub_select(h.by_key("devlin2018bert"))
      require("ream").cite("bert")
      assert.is_true(h.wait(function()
        return h.lines(buf)[1] ~= ""
      end))
      assert.are.same({ "[@devlin2018bert]" }, h.lines(buf))
      -- the list came from the store's ranked search
      assert.are.equal("devlin2018bert", h.selects[1].items[1].key)
    end)

    it("picks several papers, one choice at a time, and cites them together", function()
      local buf = h.scratch({ "" }, "markdown")
      local steps = { "several", "vaswani2017attention", "devlin2018bert", "done" }
      local n = 0
      h.stub_select(function(items)
        n = n + 1
        local want = steps[n]
        for _, it in ipairs(items) do
          if (want == "several" and it.several) or (want == "done" and it.done) or it.key == want then
            return it
          end
        end
      end)
      require("ream").cite("")
      assert.is_true(h.wait(function()
        return h.lines(buf)[1] ~= ""
      end))
      assert.are.same({ "[@vaswani2017attention; @devlin2018bert]" }, h.lines(buf))
      assert.are.equal(4, #h.selects)
      -- a picked paper leaves the list; the first item cites what was picked
      for _, it in ipairs(h.selects[3].items) do
        assert.are_not.equal("vaswani2017attention", it.key)
      end
      assert.is_true(h.selects[3].items[1].done)
    end)

    it("cancels quietly", function()
      local buf = h.scratch({ "" }, "markdown")
      h.stub_select(function()
        return nil
      end)
      require("ream").cite("bert")
      vim.wait(50)
      assert.are.same({ "" }, h.lines(buf))
      assert.are.equal(0, #h.notes)
    end)

    it("asks what to do with the paper for :Ream search", function()
      h.scratch({ "" }, "tex")
      local n = 0
      h.stub_select(function(items)
        n = n + 1
        if n == 1 then
          return h.by_key("bahdanau2014neural")(items)
        end
        for _, a in ipairs(items) do
          if a.id == "yank" then
            return a
          end
        end
      end)
      vim.cmd("Ream search align translate")
      assert.is_true(h.wait(function()
        return vim.fn.getreg('"'):find("bahdanau2014neural", 1, true) ~= nil
      end))
      assert.are.equal("ream_action", h.selects[2].opts.kind)
    end)

    it("previews from :Ream search", function()
      h.scratch({ "" }, "tex")
      local n = 0
      h.stub_select(function(items)
        n = n + 1
        if n == 1 then
          return h.by_key("gu2023mamba")(items)
        end
        return items[3] -- Preview
      end)
      vim.cmd("Ream search mamba")
      assert.is_true(h.wait(function()
        return require("ream.preview").current() ~= nil
      end))
      local text = table.concat(vim.api.nvim_buf_get_lines(require("ream.preview").current().buf, 0, -1, false))
      assert.matches("Mamba", text)
    end)
  end)

  local adapters = {
    { "telescope", fake.telescope, "<C-y>" },
    { "fzf-lua", fake.fzf, "ctrl-y" },
    { "snacks", fake.snacks, "<C-y>" },
    { "mini", fake.mini, "<C-y>" },
  }
  for _, a in ipairs(adapters) do
    local name, install, yank_key = a[1], a[2], a[3]
    describe(name .. " adapter", function()
      it("runs the store's search for the query and inserts the citation", function()
        local state = install("residual learning")
        h.configure({ db = dir .. "/ream.sqlite3", picker = name, bib = { append = false } })
        local buf = h.scratch({ "" }, "tex")
        require("ream").cite()
        assert.is_true(h.wait(function()
          return h.lines(buf)[1] ~= ""
        end), h.messages())
        assert.are.same({ "\\cite{he2015deep}" }, h.lines(buf))
        if state.preview then
          assert.matches("Deep Residual Learning", table.concat(state.preview, " "))
        end
        assert.are.equal(0, #h.notes, h.messages())
      end)

      it("yanks the BibTeX with its key", function()
        install("mamba", yank_key)
        h.configure({ db = dir .. "/ream.sqlite3", picker = name })
        h.scratch({ "" }, "tex")
        vim.fn.setreg('"', "")
        require("ream").search()
        assert.is_true(h.wait(function()
          return vim.fn.getreg('"'):find("gu2023mamba", 1, true) ~= nil
        end), h.messages())
      end)
    end)
  end
end)
