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

local function words(base)
  local complete = require("ream.complete")
  local papers, err = complete.candidates(base)
  if not papers then
    util.notify_once(err, vim.log.levels.ERROR)
    return {}
  end
  local width = math.max(30, math.min(80, vim.o.columns - 40))
  local out = {}
  for _, p in ipairs(papers) do
    out[#out + 1] = {
      word = p.key,
      abbr = p.key,
      menu = complete.menu(p, width),
      info = table.concat(complete.doc_lines(p), "\n"),
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
  local item = vim.v.completed_item
  local data = type(item) == "table" and item.user_data
  if type(data) ~= "string" or data:sub(1, 5) ~= "ream:" then
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

return M
