-- ream.picker.fzf_lua: fzf as a selector only (fzf_live: each query runs
-- the store's search, fzf does no matching), --multi to pick several, a
-- builtin previewer with the paper, and the ream actions on the keys.
local M = {}
local picker = require("ream.picker")

-- fzf-lua names keys "ctrl-o"; the config says "<C-o>".
local function fzf_key(key)
  local k = key:match("^<[Cc]%-(.)>$")
  if k then
    return "ctrl-" .. k:lower()
  end
  k = key:match("^<[AaMm]%-(.)>$")
  if k then
    return "alt-" .. k:lower()
  end
  return key:lower()
end

function M.pick(opts)
  local fzf = require("fzf-lua")
  local builtin = require("fzf-lua.previewer.builtin")

  -- The papers behind the lines of the last search, by key.
  local shown = {}

  local function contents(arg)
    -- Older fzf-lua passes the query, newer a table of fzf's arguments.
    local query = type(arg) == "table" and (arg[1] or "") or arg or ""
    local lines = {}
    for _, p in ipairs(picker.search(query)) do
      shown[p.key] = p
      lines[#lines + 1] = picker.display(p)
    end
    return lines
  end

  local Previewer = builtin.base:extend()
  function Previewer:new(o, popts, fzf_win)
    Previewer.super.new(self, o, popts, fzf_win)
    setmetatable(self, Previewer)
    return self
  end
  function Previewer:populate_preview_buf(entry_str)
    local key = picker.key_of(entry_str)
    local paper = key and (shown[key] or require("ream.store").paper(key))
    if not paper then
      return
    end
    local width = self.win and self.win.preview_winid and vim.api.nvim_win_is_valid(self.win.preview_winid)
        and vim.api.nvim_win_get_width(self.win.preview_winid) - 2
      or 60
    local lines = picker.preview_lines(paper, width)
    local buf = self:get_tmp_buffer()
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
    self:set_preview_buf(buf)
  end

  local function papers_of(selected)
    local papers = {}
    for _, line in ipairs(selected or {}) do
      local key = picker.key_of(line)
      local p = key and (shown[key] or require("ream.store").paper(key))
      if p then
        papers[#papers + 1] = p
      end
    end
    return papers
  end

  local fzf_actions = {
    ["default"] = function(selected)
      picker.finish(opts, papers_of(selected), "cite")
    end,
  }
  for _, action in ipairs({ "open", "yank", "preview", "locator" }) do
    local key = picker.key(action)
    if key then
      fzf_actions[fzf_key(key)] = function(selected)
        picker.finish(opts, papers_of(selected), action)
      end
    end
  end

  fzf.fzf_live(contents, {
    prompt = (opts.prompt or "ream") .. "> ",
    query = opts.query,
    exec_empty_query = true,
    previewer = Previewer,
    actions = fzf_actions,
    fzf_opts = { ["--multi"] = true },
  })
end

return M
