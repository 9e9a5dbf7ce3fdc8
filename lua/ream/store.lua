-- ream.store: the C module and the open store, both on first use.
-- Functions return nil and a message on failure; they never notify.
local M = {}
local H = {}

H.core = nil -- the C module once loaded
H.store = nil -- the open store
H.path = nil -- its path
H.note = nil -- a one-time remark about the open store (read-only)

--- The C module, or nil and a message saying how to build it.
function M.core()
  if H.core then
    return H.core
  end
  local ok, mod = pcall(require, "ream.core")
  if not ok then
    -- Lua 5.1 leaves a marker behind a failed require ("loop or previous
    -- error"): clear it, so the next use tries again (after `make`).
    package.loaded["ream.core"] = nil
    local msg = tostring(mod)
    if not msg:match("^ream:") then
      msg = "ream: the C module does not load (" .. msg .. "): run `make` in the plugin's folder"
    end
    return nil, msg
  end
  H.core = mod
  return mod
end

--- The store path setup() or vim.g.ream gives, else the default one.
function M.path()
  local db = require("ream.config").get().db
  if db and db ~= "" then
    return vim.fn.fnamemodify(vim.fn.expand(db), ":p")
  end
  local core = M.core()
  if core then
    local ok, p = pcall(core.default_path)
    if ok and p then
      return p
    end
  end
  return nil
end

local function readonly_error(msg)
  msg = msg:lower()
  return msg:find("read%-only") or msg:find("readonly") or msg:find("permission")
    or msg:find("not writable") or msg:find("access") or msg:find("cannot read or write")
    or msg:find("unable to open")
end

--- The open store, or nil and a message. A store that cannot be written is
--- opened read-only; M.take_note() then says so once.
function M.get()
  local core, err = M.core()
  if not core then
    return nil, err
  end
  local path = M.path()
  if H.store and H.path == path then
    return H.store
  end
  M.close()
  -- nowait: a write (or an open) that meets another program's lock, say a
  -- `ream import`, fails after 250 ms instead of freezing the editor 10 s.
  local store, msg = core.open(path, { nowait = true })
  H.readonly = false
  if not store and msg and readonly_error(msg) then
    local ro = core.open(path, { readonly = true, nowait = true })
    if ro then
      store = ro
      H.readonly = true
      H.note = ("ream: the store %s is read-only: searching and citing work, importing does not"):format(
        tostring(path)
      )
    end
  end
  if not store then
    msg = tostring(msg or "ream: the store does not open")
    if not msg:match("^ream:") then
      msg = "ream: " .. msg
    end
    return nil, msg
  end
  H.store, H.path = store, path
  if not H.leave then
    H.leave = true
    vim.api.nvim_create_autocmd("VimLeavePre", {
      group = vim.api.nvim_create_augroup("ream_store", { clear = true }),
      callback = function()
        M.close()
      end,
    })
  end
  return store
end

--- A remark about the store to show the user once (read-only), or nil.
function M.take_note()
  local note = H.note
  H.note = nil
  return note
end

--- True when the open store is read-only.
function M.readonly()
  return H.store ~= nil and H.readonly == true
end

--- Closes the store (the next M.get() opens it again).
function M.close()
  if H.store then
    pcall(H.store.close, H.store)
  end
  H.store, H.path = nil, nil
end

-- Tests: forget the loaded module (the next use loads it again).
function M._forget_core()
  M.close()
  H.core = nil
end

--- The path of the `ream` command for background imports, or nil.
function M.cli()
  local cfg = require("ream.config").get()
  if cfg.cli and cfg.cli ~= "" then
    local exe = vim.fn.expand(cfg.cli)
    if vim.fn.executable(exe) == 1 then
      return exe
    end
    return nil, ("ream: `cli` is %s, which is not an executable"):format(cfg.cli)
  end
  local source = debug.getinfo(1, "S").source:sub(2)
  local root = vim.fn.fnamemodify(source, ":p:h:h:h")
  local built = root .. "/build/ream"
  if vim.fn.executable(built) == 1 then
    return built
  end
  if vim.fn.executable("ream") == 1 then
    return vim.fn.exepath("ream")
  end
  return nil, "ream: the `ream` command is not built: run `make` in " .. root
end

H.pending = {} -- key -> true: to mark cited once the store takes writes
H.retry_ms = 2000
H.retries = 0

--- Records the papers as cited now (completion offers them first). While
--- another program writes to the store, keeps them and tries again every
--- 2 s for a while: the citation is in the buffer, so this never makes the
--- user wait nor bothers them. Returns true (done or pending), or nil and a
--- message.
function M.mark_cited(keys)
  local store, err = M.get()
  if not store then
    return nil, err
  end
  if H.readonly then
    return true
  end
  for _, k in ipairs(keys) do
    H.pending[k] = true
  end
  H.retries = 0
  return H.flush()
end

function H.flush()
  local keys = vim.tbl_keys(H.pending)
  if #keys == 0 or not H.store then
    return true
  end
  table.sort(keys)
  local ok, res, err = pcall(H.store.mark_cited, H.store, keys)
  if ok and res then
    H.pending = {}
    return true
  end
  err = tostring(ok and err or res)
  if err:find("busy") and H.retries < 150 then
    H.retries = H.retries + 1
    vim.defer_fn(H.flush, H.retry_ms)
    return true
  end
  H.pending = {}
  return nil, err
end

--- The keys waiting to be marked cited (tests).
function M.pending()
  local keys = vim.tbl_keys(H.pending)
  table.sort(keys)
  return keys
end

--- Tests: how long to wait between tries.
function M._retry_every(ms)
  H.retry_ms = ms
end

--- How long, in ms of CPU, a search made as the user types may rank for:
--- a keystroke's whole budget is about 16 ms (the C default is 20).
M.TYPING_MS = 8

--- Searches the store: an array of papers, or nil and a message. time: see
--- store:search (nil: the core's default).
function M.search(query, limit, offset, time)
  local store, err = M.get()
  if not store then
    return nil, err
  end
  return store:search(query or "", { limit = limit or 20, offset = offset or 0, time = time })
end

--- The paper with this key, arXiv id or DOI; nil when there is none; nil and
--- a message when the store fails.
function M.paper(id)
  local store, err = M.get()
  if not store then
    return nil, err
  end
  return store:get(id)
end

return M
