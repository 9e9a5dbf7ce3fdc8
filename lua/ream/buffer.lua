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
  H.set_omnifunc(buf, listed)
  if H.attached[buf] then
    return
  end
  H.attached[buf] = true
  local group = vim.api.nvim_create_augroup("ream_buf_" .. buf, { clear = true })
  -- Never on the way of opening or entering the buffer: every refresh
  -- runs from a timer, once the editor is idle.
  vim.api.nvim_create_autocmd({ "BufWritePost", "BufEnter", "FocusGained" }, {
    group = group,
    buffer = buf,
    callback = function()
      H.debounce(buf, 50, true)
    end,
  })
  vim.api.nvim_create_autocmd({ "TextChanged", "InsertLeave" }, {
    group = group,
    buffer = buf,
    callback = function()
      H.debounce(buf, 400, false)
    end,
  })
  if cfg.completion.omnifunc and cfg.completion.auto then
    vim.api.nvim_create_autocmd("InsertCharPre", {
      group = group,
      buffer = buf,
      callback = function()
        require("ream.complete.omni").typed(buf)
      end,
    })
    vim.api.nvim_create_autocmd("TextChangedI", {
      group = group,
      buffer = buf,
      callback = function()
        require("ream.complete.omni").changed(buf)
      end,
    })
    vim.api.nvim_create_autocmd("TextChangedP", {
      group = group,
      buffer = buf,
      callback = function()
        require("ream.complete.omni").reset(buf)
      end,
    })
    vim.api.nvim_create_autocmd("InsertLeave", {
      group = group,
      buffer = buf,
      callback = function()
        require("ream.complete.omni").leave(buf)
      end,
    })
  end
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
  H.debounce(buf, 50, true)
end

-- Sets ream's omnifunc in buf unless a plugin set another. Called on
-- attach and again once the editor is idle: a filetype plugin whose
-- FileType autocommand runs after ream's sets its own default then.
function H.set_omnifunc(buf, listed)
  local cfg = require("ream.config").get()
  if not cfg.completion.omnifunc then
    return
  end
  if listed == nil then
    listed = vim.tbl_contains(cfg.filetypes, vim.bo[buf].filetype)
  end
  local cur = vim.bo[buf].omnifunc
  -- A filetype Neovim got wrong (*.typ as sql on 0.7) keeps no omnifunc.
  if H.default_omni[cur] or not listed then
    vim.bo[buf].omnifunc = M.omnifunc
  end
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
  H.sync[buf] = nil
  local t = H.timers[buf]
  if t then
    pcall(t.stop, t)
    pcall(t.close, t)
    H.timers[buf] = nil
  end
  pcall(vim.api.nvim_del_augroup_by_name, "ream_buf_" .. buf)
  H.watch(buf, {})
  if vim.api.nvim_buf_is_valid(buf) then
    vim.diagnostic.reset(require("ream.bib").ns, buf)
  end
end

--- True when ream is attached to buf.
function M.attached(buf)
  return H.attached[buf] == true
end

H.sync = {} -- buf -> true when the pending refresh should import too

-- Refreshes buf in `ms`, unless asked again before; `sync`: import the
-- changed .bib files too (kept when a later request does not ask for it).
function H.debounce(buf, ms, sync)
  local t = H.timers[buf]
  if not t then
    t = util.uv.new_timer()
    H.timers[buf] = t
  end
  H.sync[buf] = H.sync[buf] or sync or nil
  t:stop()
  t:start(ms, 0, function()
    vim.schedule(function()
      local s = H.sync[buf]
      H.sync[buf] = nil
      H.refresh(buf, s == true)
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
    if sync then
      H.set_omnifunc(buf)
    end
    local bib = require("ream.bib")
    local store, serr = require("ream.store").get()
    if not store then
      -- Diagnostics and imports wait for a working store; say why once.
      util.notify_once(serr, vim.log.levels.WARN)
      return
    end
    if sync and cfg.bib.import and not require("ream.store").readonly() then
      H.watch(buf, bib.files(buf))
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
    if not H.warmed then
      H.warmed = true
      require("ream.complete").warm()
    end
  end)
  if not ok then
    util.notify_once(util.error_message(err), vim.log.levels.ERROR)
  end
end

-- ---------------------------------------------------------------------------
-- Following the .bib files: a change to one (written by another program,
-- say Zotero's export) imports it again and refreshes the buffers that use
-- it. The folders are watched, not the files: editors save by writing a new
-- file and renaming it over the old one.

H.bibs = {} -- buf -> set of the .bib paths it uses
H.watchers = {} -- folder -> uv fs_event handle

--- Watches `files` for buf (and no longer its other ones).
function H.watch(buf, files)
  local set = {}
  for _, path in ipairs(files) do
    set[path] = true
  end
  H.bibs[buf] = next(set) and set or nil
  local wanted = {}
  for _, paths in pairs(H.bibs) do
    for path in pairs(paths) do
      wanted[vim.fn.fnamemodify(path, ":h")] = true
    end
  end
  for dir, handle in pairs(H.watchers) do
    if not wanted[dir] then
      pcall(handle.stop, handle)
      pcall(handle.close, handle)
      H.watchers[dir] = nil
    end
  end
  for dir in pairs(wanted) do
    if not H.watchers[dir] and vim.fn.isdirectory(dir) == 1 then
      local handle = util.uv.new_fs_event()
      if handle then
        local ok = pcall(handle.start, handle, dir, {}, function(_, name)
          if name then
            vim.schedule(function()
              H.bib_changed(dir .. "/" .. name)
            end)
          end
        end)
        if ok then
          H.watchers[dir] = handle
        else
          pcall(handle.close, handle)
        end
      end
    end
  end
end

-- A file changed in a watched folder: refresh (with import) the buffers
-- whose document uses it.
function H.bib_changed(path)
  for buf, paths in pairs(H.bibs) do
    if paths[path] then
      H.debounce(buf, 300, true)
    end
  end
end

--- The folders watched for changes of .bib files (tests).
function M.watched()
  local dirs = vim.tbl_keys(H.watchers)
  table.sort(dirs)
  return dirs
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
