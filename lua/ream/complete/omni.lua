-- ream.complete.omni: an 'omnifunc' for citation keys; works with no other
-- plugin. Set for documents by ream (see |ream-completion|), or by hand:
--   setlocal omnifunc=v:lua.require'ream.complete.omni'.omnifunc
local M = {}
local util = require("ream.util")

local function start()
  local complete = require("ream.complete")
  local ctx = complete.cursor_context()
  if not ctx then
    return -3 -- not a citation: leave completion mode quietly
  end
  return ctx.start
end

local H = {}

-- The documentation of a candidate. Wrapped to `width` when it goes to
-- the preview window ('completeopt' "preview"), which is as high as the
-- text has lines, up to 'previewheight', and cuts the rest: so only that
-- many lines are made (every candidate's, on every key), the last ending
-- in "…" when there was more. The popup ("popup") wraps to its own width.
local function info_of(paper, width)
  local lines = require("ream.complete").doc_lines(paper)
  if vim.o.completeopt:find("popup", 1, true) then
    return table.concat(lines, "\n")
  end
  local max = math.max(vim.o.previewheight, 3)
  local out = {}
  for i, l in ipairs(lines) do
    for _, w in ipairs(util.wrap(l, width, max - #out + 1)) do
      out[#out + 1] = w
    end
    if #out > max or (#out == max and i < #lines) then
      local last = out[max]
      if vim.fn.strdisplaywidth(last) + 2 > width then
        last = last:gsub("%s*%S+$", "") -- its last word makes room
      end
      out[max] = last .. " …"
      for k = #out, max + 1, -1 do
        out[k] = nil
      end
      break
    end
  end
  return table.concat(out, "\n")
end

local function words(base)
  local complete = require("ream.complete")
  local papers, err
  local c = H.cache
  H.cache = nil
  if c and c.query == base and c.tick == vim.b.changedtick then
    papers = c.papers -- searched a moment ago to decide to open the menu
  else
    papers, err = complete.candidates(base)
  end
  if not papers then
    util.notify_once(err, vim.log.levels.ERROR)
    return {}
  end
  return M.items(papers)
end

--- The complete-items of papers (|complete-items|).
function M.items(papers)
  local complete = require("ream.complete")
  -- The menu leaves about half the screen to the documentation beside it.
  local width = math.max(36, math.min(60, math.floor((vim.o.columns - 30) / 2)))
  local info_width = math.max(30, math.min(78, vim.o.columns - 4))
  local out = {}
  for _, p in ipairs(papers) do
    out[#out + 1] = {
      word = p.key,
      abbr = p.key,
      menu = complete.menu(p, width),
      info = info_of(p, info_width),
      kind = "ream",
      -- The store ranked these for `base`: show them all, in order.
      equal = 1,
      dup = 1,
      user_data = "ream:" .. p.key,
    }
  end
  return out
end

--- The omnifunc (|complete-functions|). Outside a citation it cancels
--- quietly; inside one it offers the store's ranked candidates and asks to
--- be called again as the key is typed.
function M.omnifunc(findstart, base)
  local ok, res = pcall(function()
    if findstart == 1 then
      return start()
    end
    return { words = words(base), refresh = "always" }
  end)
  if not ok then
    util.notify_once(util.error_message(res), vim.log.levels.ERROR)
    return findstart == 1 and -3 or {}
  end
  return res
end

--- CompleteDone: a ream candidate was accepted.
function M.done(buf)
  H.typed[buf] = nil
  local item = vim.v.completed_item
  local data = type(item) == "table" and item.user_data
  local ours = type(data) == "string" and data:sub(1, 5) == "ream:"
  if (ours or H.saved) and vim.o.completeopt:find("preview", 1, true) then
    -- Our candidates' documentation went to the preview window (Neovim
    -- 0.7's default 'completeopt'): it goes when the menu does.
    vim.schedule(function()
      if vim.fn.pumvisible() == 0 then
        vim.cmd("silent! pclose")
      end
    end)
  end
  H.restore()
  if not ours then
    return
  end
  local ok, res, err = pcall(require("ream.complete").accepted, buf, data:sub(6))
  if not ok then
    util.notify_once(util.error_message(res), vim.log.levels.ERROR)
  elseif not res then
    util.notify(err, vim.log.levels.WARN)
  elseif #res > 0 and err then
    util.notify(("ream: added %s to %s"):format(table.concat(res, ", "), vim.fn.fnamemodify(err, ":~:.")))
  end
end

-- ---------------------------------------------------------------------------
-- As you type: with no completion plugin, the omnifunc's menu opens by
-- itself when a key is typed where a citation key goes (completion.auto).

H.typed = {} -- buf -> true when the user typed a character just now
H.saved = nil -- the user's 'completeopt' while ours is in place

--- InsertCharPre: the next TextChangedI comes from typing.
function M.typed(buf)
  H.typed[buf] = true
end

--- TextChangedP: typing in an open menu (the menu itself refreshes).
function M.reset(buf)
  H.typed[buf] = nil
end

--- InsertLeave: no menu is open any more.
function M.leave(buf)
  H.typed[buf] = nil
  H.restore()
end

-- Puts the user's 'completeopt' back.
function H.restore()
  if H.saved then
    vim.o.completeopt = H.saved
    H.saved = nil
  end
end

--- True when another completion engine opens menus as you type: then
--- ream leaves the typing to it (its ream source does the work).
function M.engine()
  if package.loaded["cmp"] or package.loaded["blink.cmp"] or _G.MiniCompletion then
    return true
  end
  local ok, auto = pcall(function()
    return vim.o.autocomplete
  end)
  return ok and auto == true
end

--- The papers to offer when the menu should open at the cursor of the
--- current window in buf: the cursor is where a key goes and the store has
--- candidates. nil otherwise.
function M.should_open(buf)
  local complete = require("ream.complete")
  local ctx = complete.cursor_context()
  if not ctx or ctx.buf ~= buf then
    return nil
  end
  local papers = complete.candidates(ctx.query)
  if not papers or #papers == 0 then
    return nil
  end
  return papers, ctx
end

--- TextChangedI: after a typed character, opens the menu when the cursor
--- is in a citation. The menu selects nothing until asked (menuone,noselect
--- while it is open), so typing goes on undisturbed.
function M.changed(buf)
  if not H.typed[buf] then
    return
  end
  H.typed[buf] = nil
  local ok, err = pcall(function()
    if vim.api.nvim_get_mode().mode ~= "i" or vim.fn.pumvisible() == 1 then
      return
    end
    if vim.bo[buf].omnifunc ~= require("ream.buffer").omnifunc or M.engine() then
      return
    end
    local papers, ctx = M.should_open(buf)
    if not papers then
      return
    end
    H.cache = { query = ctx.query, papers = papers, tick = vim.b[buf].changedtick }
    if not H.saved then
      H.saved = vim.o.completeopt
    end
    local opts = {}
    for o in H.saved:gmatch("[^,]+") do
      if o ~= "noinsert" and o ~= "menu" then
        opts[#opts + 1] = o
      end
    end
    table.insert(opts, 1, "menuone")
    opts[#opts + 1] = "noselect"
    vim.o.completeopt = table.concat(opts, ",")
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes("<C-x><C-o>", true, false, true), "n", false)
  end)
  if not ok then
    H.restore()
    util.notify_once(util.error_message(err), vim.log.levels.ERROR)
  end
end

return M
