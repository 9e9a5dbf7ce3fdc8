-- ream.complete.blink: a source for blink.cmp. In blink's config:
--   sources = {
--     default = { "lsp", "path", "snippets", "buffer", "ream" },
--     providers = { ream = { name = "ream", module = "ream.complete.blink" } },
--   }
-- (see |ream-blink|).
local util = require("ream.util")
local unpack = unpack or table.unpack

local source = {}
source.__index = source

function source.new(opts)
  return setmetatable({ opts = opts or {} }, source)
end

function source:enabled()
  local ok, syntax = pcall(function()
    return require("ream.config").syntax_of(vim.api.nvim_get_current_buf())
  end)
  return ok and syntax ~= "plain"
end

function source:get_trigger_characters()
  return { "{", ",", "@", ":", "`", "<", "[" }
end

function source:get_completions(ctx, callback)
  local ok, err = pcall(function()
    local complete = require("ream.complete")
    local buf = ctx and ctx.bufnr or vim.api.nvim_get_current_buf()
    local row, col
    if ctx and ctx.cursor then
      row, col = ctx.cursor[1], ctx.cursor[2]
    else
      row, col = unpack(vim.api.nvim_win_get_cursor(0))
    end
    local line = ctx and ctx.line or vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] or ""
    local syntax = require("ream.config").syntax_of(buf, require("ream.store").core())
    local cctx = complete.context(line:sub(1, col), syntax)
    if not cctx then
      callback({ items = {}, is_incomplete_forward = false, is_incomplete_backward = false })
      return
    end
    local papers, serr = complete.candidates(cctx.query)
    if not papers then
      util.notify_once(serr, vim.log.levels.ERROR)
      callback({ items = {}, is_incomplete_forward = false, is_incomplete_backward = false })
      return
    end
    local range = {
      start = { line = row - 1, character = cctx.start },
      ["end"] = { line = row - 1, character = col },
    }
    callback({
      items = complete.lsp_items(papers, cctx.query, range),
      is_incomplete_forward = true,
      is_incomplete_backward = true,
    })
  end)
  if not ok then
    util.notify_once(util.error_message(err), vim.log.levels.ERROR)
    callback({ items = {}, is_incomplete_forward = false, is_incomplete_backward = false })
  end
  return function() end
end

function source:resolve(item, callback)
  callback(item)
end

function source:execute(ctx, item, callback, default_implementation)
  if default_implementation then
    default_implementation()
  end
  local key = item and item.data and item.data.ream
  if key then
    local buf = ctx and ctx.bufnr or vim.api.nvim_get_current_buf()
    local ok, res, err = pcall(require("ream.complete").accepted, buf, key)
    if not ok then
      util.notify_once(util.error_message(res), vim.log.levels.ERROR)
    elseif not res then
      util.notify(err, vim.log.levels.WARN)
    end
  end
  if callback then
    callback()
  end
end

return source
