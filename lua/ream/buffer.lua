-- ream.buffer: what ream does for a document buffer: sets the omnifunc,
-- imports the document's .bib files and follows them, and keeps the
-- diagnostics of unknown citation keys up to date. Called from the
-- autocommands in plugin/ream.lua; this is a UI boundary, so problems
-- become (one-time) notifications.
local M = {}
local H = {}
local util = require("ream.util")

H.attached = {} -- buf -> true
H.timers = {} -- buf -> uv timer for the debounced diagnostics

-- 'omnifunc' values that are a filetype's default rather than a plugin's
-- choice: ream may replace them.
H.default_omni = {
  [""] = true,
  ["htmlcomplete#CompleteTags"] = true,
  ["syntaxcomplete#Complete"] = true,
  ["sqlcomplete#Complete"] = true,
  ["v:lua.require'ream.complete.omni'.omnifunc"] = true,
}

M.omnifunc = "v:lua.require'ream.complete.omni'.omnifunc"

--- Attaches ream to a document buffer (once).
function M.attach(buf)
  if buf == 0 or buf == nil then
    buf = vim.api.nvim_get_current_buf()
  end
  if not vim.api.nvim_buf_is_valid(buf) or vim.bo[buf].buftype ~= "" then
    return
  end
  local ok, err = pcall(H.attach, buf)
  if not ok then
    util.notify_once(util.error_message(err), vim.log.levels.ERROR)
  end
end

function H.attach(buf)
  local config = require("ream.config")
  local cfg = util.config()
  local ft = vim.bo[buf].filetype
  local syntax = config.syntax_of(buf)
  local listed = vim.tbl_contains(cfg.filetypes, ft)
  if not listed and cfg.cite.syntax[ft] then
    return -- a document filetype the user left out
  end
  if not listed and syntax == "plain" then
    return
  end
  if cfg.completion.omnifunc then
    local cur = vim.bo[buf].omnifunc
    -- A filetype Neovim got wrong (*.typ as sql on 0.7) keeps no omnifunc.
    if H.default_omni[cur] or not listed then
      vim.bo[buf].omnifunc = M.omnifunc
    end
  end
  if H.attached[buf] then
    return
  end
  H.attached[buf] = true
  local group = vim.api.nvim_create_augroup("ream_buf_" .. buf, { clear = true })
  vim.api.nvim_create_autocmd({ "BufWritePost", "BufEnter" }, {
    group = group,
    buffer = buf,
    callback = function()
      H.refresh(buf, true)
    end,
  })
  vim.api.nvim_create_autocmd({ "TextChanged", "InsertLeave" }, {
    group = group,
    buffer = buf,
    callback = function()
      H.debounce(buf)
    end,
  })
  vim.api.nvim_create_autocmd("CompleteDone", {
    group = group,
    buffer = buf,
    callback = function()
      require("ream.complete.omni").done(buf)
    end,
  })
  vim.api.nvim_create_autocmd("InsertEnter", {
    group = group,
    buffer = buf,
    callback = function()
      H.register_sources()
    end,
  })
  H.register_sources()
  vim.api.nvim_create_autocmd({ "BufDelete", "BufWipeout" }, {
    group = group,
    buffer = buf,
    callback = function()
      M.detach(buf)
    end,
  })
  -- After the buffer is shown: never on the way of opening it.
  vim.defer_fn(function()
    H.refresh(buf, true)
  end, 50)
end

-- Registers the nvim-cmp source once cmp is loaded (blink.cmp finds its
-- source by module name and needs nothing).
function H.register_sources()
  if H.cmp_registered or not package.loaded["cmp"] then
    return
  end
  H.cmp_registered = require("ream.complete.cmp").register()
end

--- Forgets a buffer.
function M.detach(buf)
  H.attached[buf] = nil
  local t = H.timers[buf]
  if t then
    pcall(t.stop, t)
    pcall(t.close, t)
    H.timers[buf] = nil
  end
  pcall(vim.api.nvim_del_augroup_by_name, "ream_buf_" .. buf)
  if vim.api.nvim_buf_is_valid(buf) then
    vim.diagnostic.reset(require("ream.bib").ns, buf)
  end
end

--- True when ream is attached to buf.
function M.attached(buf)
  return H.attached[buf] == true
end

function H.debounce(buf)
  local t = H.timers[buf]
  if not t then
    t = util.uv.new_timer()
    H.timers[buf] = t
  end
  t:stop()
  t:start(400, 0, function()
    vim.schedule(function()
      H.refresh(buf, false)
    end)
  end)
end

-- Imports changed .bib files (when `sync`) and updates the diagnostics.
function H.refresh(buf, sync)
  if not H.attached[buf] or not vim.api.nvim_buf_is_valid(buf) then
    return
  end
  local ok, err = pcall(function()
    local cfg = require("ream.config").get()
    local bib = require("ream.bib")
    local store, serr = require("ream.store").get()
    if not store then
      -- Diagnostics and imports wait for a working store; say why once.
      util.notify_once(serr, vim.log.levels.WARN)
      return
    end
    if sync and cfg.bib.import and not require("ream.store").readonly() then
      bib.sync(buf, {
        on_progress = function(text)
          H.progress(text)
        end,
        on_done = function(done_ok, text)
          if done_ok then
            H.progress(text, true)
          else
            util.notify(text, vim.log.levels.WARN)
          end
          if vim.api.nvim_buf_is_valid(buf) then
            H.diagnose(buf)
          end
        end,
      })
    end
    H.diagnose(buf)
  end)
  if not ok then
    util.notify_once(util.error_message(err), vim.log.levels.ERROR)
  end
end

function H.diagnose(buf)
  local _, err = require("ream.bib").diagnose(buf)
  if err then
    util.notify_once(err, vim.log.levels.WARN)
  end
end

-- Progress of a background import: the message area, without a prompt.
H.last_progress = 0
function H.progress(text, force)
  local now = util.uv.now()
  if not force and now - H.last_progress < 100 then
    return
  end
  H.last_progress = now
  local cols = math.max(20, vim.o.columns - 12)
  vim.api.nvim_echo({ { util.truncate(text, cols) } }, false, {})
end

M.progress = H.progress

return M
