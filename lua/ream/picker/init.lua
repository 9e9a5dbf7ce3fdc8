-- ream.picker: one interface over telescope.nvim, fzf-lua, snacks.nvim,
-- mini.pick and vim.ui.select. Every picker runs the store's search as the
-- query changes (the C search ranks; nothing filters papers in Lua), shows
-- the paper as the preview, and hands the chosen papers and the action to
-- opts.on_choose after it has closed.
--
-- opts: query (initial), prompt, on_choose(papers, action), ask_action
-- (vim.ui.select: ask what to do with the paper).
-- Actions: "cite" (<CR>), "locator", "open", "yank", "preview".
local M = {}
local util = require("ream.util")

M.order = { "telescope", "fzf-lua", "snacks", "mini" }

M.actions = {
  { id = "cite", label = "Insert the citation" },
  { id = "locator", label = "Insert the citation with a locator (p. 4)" },
  { id = "preview", label = "Preview the abstract" },
  { id = "open", label = "Open the arXiv or DOI page" },
  { id = "yank", label = "Yank the BibTeX entry" },
}

local detect = {}

function detect.telescope()
  return pcall(require, "telescope")
end

detect["fzf-lua"] = function()
  return vim.fn.executable("fzf") == 1 and pcall(require, "fzf-lua")
end

function detect.snacks()
  if type(_G.Snacks) == "table" and _G.Snacks.picker then
    return true
  end
  local ok, snacks = pcall(require, "snacks")
  return ok and type(snacks) == "table" and snacks.picker ~= nil
end

function detect.mini()
  -- mini.pick needs its setup(): only a configured MiniPick counts.
  return type(_G.MiniPick) == "table" and _G.MiniPick.start ~= nil
end

--- True when the picker can be used here.
function M.available(name)
  if name == "select" then
    return true
  end
  local d = detect[name]
  return d ~= nil and d() == true
end

--- The picker to use: the configured one when installed, else the first
--- installed, else "select"; and a message when the configured one is not
--- installed.
function M.resolve()
  local want = require("ream.config").get().picker
  if want ~= "auto" then
    if M.available(want) then
      return want
    end
    return "select", ("ream: the picker '%s' is not installed: using vim.ui.select"):format(want)
  end
  for _, name in ipairs(M.order) do
    if M.available(name) then
      return name
    end
  end
  return "select"
end

local modules = {
  telescope = "ream.picker.telescope",
  ["fzf-lua"] = "ream.picker.fzf_lua",
  snacks = "ream.picker.snacks",
  mini = "ream.picker.mini",
  select = "ream.picker.select",
}

--- Opens a picker (see the top of this file for opts). Returns the name of
--- the picker used.
function M.pick(opts)
  local name, note = M.resolve()
  if note then
    util.notify_once(note, vim.log.levels.WARN)
  end
  require(modules[name]).pick(opts)
  return name
end

-- ---------------------------------------------------------------------------
-- What the adapters share

--- The store's papers for a query; an empty list (after one message) when
--- the store fails.
function M.search(query)
  local cfg = require("ream.config").get()
  local store = require("ream.store")
  local papers, err = store.search(query or "", cfg.limit, 0, store.TYPING_MS)
  if not papers then
    util.notify_once(err, vim.log.levels.ERROR)
    return {}
  end
  return papers
end

--- One line for a paper in a list.
function M.display(paper)
  return util.summary(paper)
end

--- The preview of a paper as lines (and highlights), wrapped to width.
function M.preview_lines(paper, width)
  return require("ream.preview").lines(paper, math.max(20, width or 60))
end

--- The key of a display line (its first word).
function M.key_of(line)
  return type(line) == "string" and line:match("^(%S+)") or nil
end

--- Calls on_choose once the picker's windows are gone: at once when `now`
--- (vim.ui.select has closed before it calls back), else on the next turn
--- of the event loop.
function M.finish(opts, papers, action, now)
  if not papers or #papers == 0 then
    return
  end
  local run = function()
    util.guard(opts.on_choose)(papers, action or "cite")
  end
  if now then
    run()
  else
    vim.schedule(run)
  end
end

--- The configured key of an action, or nil when turned off.
function M.key(action)
  local k = require("ream.config").get().picker_keys[action]
  if k == false or k == "" then
    return nil
  end
  return k
end

return M
