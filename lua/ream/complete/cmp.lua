-- ream.complete.cmp: a source for nvim-cmp. ream registers it as "ream"
-- when cmp is loaded; add { name = "ream" } to cmp's sources (see
-- |ream-nvim-cmp|).
local M = {}
local util = require("ream.util")

local source = {}
source.__index = source

function source.new()
  return setmetatable({}, source)
end

function source:get_debug_name()
  return "ream"
end

function source:is_available()
  local ok, syntax = pcall(function()
    return require("ream.config").syntax_of(vim.api.nvim_get_current_buf())
  end)
  return ok and syntax ~= "plain"
end

function source:get_trigger_characters()
  return { "{", ",", "@", ":", "`", "<", "[" }
end

-- A key: what cmp takes as the word being typed (empty right after a
-- trigger character).
function source:get_keyword_pattern()
  return [=[[[:alnum:]_:./+#$%&?~-]*]=]
end

function source:complete(params, callback)
  local ok, err = pcall(function()
    local complete = require("ream.complete")
    local pctx = params and params.context
    local ctx
    if pctx and pctx.cursor_before_line then
      local buf = pctx.bufnr or vim.api.nvim_get_current_buf()
      local syntax = require("ream.config").syntax_of(buf, require("ream.store").core())
      ctx = complete.context(pctx.cursor_before_line, syntax)
    else
      ctx = complete.cursor_context()
    end
    if not ctx then
      callback({ items = {}, isIncomplete = false })
      return
    end
    local papers, serr = complete.candidates(ctx.query)
    if not papers then
      util.notify_once(serr, vim.log.levels.ERROR)
      callback({ items = {}, isIncomplete = false })
      return
    end
    callback({ items = complete.lsp_items(papers, ctx.query), isIncomplete = true })
  end)
  if not ok then
    util.notify_once(util.error_message(err), vim.log.levels.ERROR)
    callback({ items = {}, isIncomplete = false })
  end
end

function source:resolve(item, callback)
  callback(item)
end

function source:execute(item, callback)
  local key = item and item.data and item.data.ream
  if key then
    local ok, res, err = pcall(require("ream.complete").accepted, vim.api.nvim_get_current_buf(), key)
    if not ok then
      util.notify_once(util.error_message(res), vim.log.levels.ERROR)
    elseif not res then
      util.notify(err, vim.log.levels.WARN)
    end
  end
  callback(item)
end

M.source = source

--- Registers the source with nvim-cmp as "ream". Returns true when cmp is
--- there to register with.
function M.register()
  local ok, cmp = pcall(require, "cmp")
  if not ok or type(cmp) ~= "table" or not cmp.register_source then
    return false
  end
  if M.id then
    return true
  end
  M.id = cmp.register_source("ream", source.new())
  return true
end

return M
