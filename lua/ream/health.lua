-- ream.health: :checkhealth ream, on Neovim 0.7's health API
-- (require("health").report_*) and the newer one (vim.health.start, ok...).
local M = {}

local function api()
  local h = vim.health or require("health")
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
    info = h.info or h.report_info,
  }
end

local function size(bytes)
  bytes = tonumber(bytes) or 0
  if bytes >= 1024 * 1024 then
    return ("%.1f MB"):format(bytes / 1024 / 1024)
  end
  return ("%d kB"):format(math.floor(bytes / 1024 + 0.5))
end

-- The largest store whose integrity :checkhealth checks (bytes).
M.check_limit = 256 * 1024 * 1024

function M.check()
  local h = api()
  local config = require("ream.config")
  local st = require("ream.store")

  h.start("ream: Neovim and configuration")
  if vim.fn.has("nvim-0.7") == 1 then
    local v = vim.version()
    h.ok(("Neovim %d.%d.%d"):format(v.major, v.minor, v.patch))
  else
    h.error("ream needs Neovim 0.7 or newer")
  end
  local cfg = config.get()
  local problem = config.problem()
  if problem then
    h.warn(problem, { "Fix the fields named in :help ream-config" })
  else
    h.ok("configuration is valid")
  end

  h.start("ream: the C module")
  local core, err = st.core()
  if not core then
    h.error(err, { "Run `make` in the plugin's folder", 'lazy.nvim: build = "make"' })
    return
  end
  h.ok("lua/ream/core.so loaded, ream " .. tostring(core.version))

  h.start("ream: the store")
  local path = st.path()
  h.info("path: " .. tostring(path))
  local store, serr = st.get()
  if not store then
    h.error(serr, { "Check the path (`db` in setup, or $REAM_DB)", "`ream check` tells what is wrong with a store" })
  else
    if st.readonly() then
      h.warn("the store is read-only: searching works, importing and recording citations do not")
    end
    local s, e = store:stats()
    if s then
      h.ok(("%d papers (%d arXiv, %d DOI, %d cited) from %d files, %s"):format(
        s.papers or 0, s.arxiv or 0, s.doi or 0, s.cited or 0, s.sources or 0, size(s.bytes)))
      h.ok(("SQLite %s, schema %s"):format(tostring(s.sqlite), tostring(s.schema)))
      if (s.papers or 0) == 0 then
        h.warn("the store is empty", { "Import a .bib file: :Ream import refs.bib (or `ream import refs.bib`)" })
      end
    else
      h.error(e)
    end
    local ok, q, qerr = pcall(store.search, store, "a", { limit = 1 })
    if ok and q then
      h.ok("full-text search (FTS5) works")
    else
      h.error("full-text search fails: " .. tostring(ok and qerr or q))
    end
    if path and vim.fn.filereadable(path .. "-wal") == 1 then
      h.ok("write-ahead log in use (" .. path .. "-wal)")
    else
      h.info("no write-ahead log file at the moment")
    end
    -- SQLite reads the whole file to check it: seconds per hundred MB.
    local bytes = s and tonumber(s.bytes) or 0
    if bytes > M.check_limit then
      h.info(("integrity not checked here on a store of %s (it reads the whole file): run `ream check`"):format(
        size(bytes)))
    else
      local cok, cres, cerr = pcall(store.check, store)
      if cok and cres then
        h.ok("integrity check passed")
      else
        h.error("integrity check failed: " .. tostring(cok and cerr or cres),
          { "Move the store away and import again" })
      end
    end
  end
  local cli, cerr = st.cli()
  if cli then
    h.ok("`ream` command for background imports: " .. cli)
  else
    h.warn(cerr, { "Without it, imports run inside Neovim and block while they run" })
  end

  h.start("ream: pickers and completion")
  local picker = require("ream.picker")
  local found = {}
  for _, name in ipairs(picker.order) do
    if picker.available(name) then
      found[#found + 1] = name
    end
  end
  if #found > 0 then
    h.ok("pickers found: " .. table.concat(found, ", "))
  else
    h.info("no picker plugin found: ream uses vim.ui.select")
  end
  local name, note = picker.resolve()
  if note then
    h.warn(note)
  end
  h.info(("picker in use: %s (configured: %s)"):format(name, cfg.picker))
  if not cfg.completion.omnifunc then
    h.ok("omnifunc: off (set it yourself, see :help ream-omnifunc)")
  elseif cfg.completion.auto and not require("ream.complete.omni").engine() then
    h.ok("omnifunc: set in documents; its menu opens as you type a key")
  else
    h.ok("omnifunc: set in documents (<C-x><C-o>)")
  end
  if package.loaded["cmp"] or pcall(require, "cmp") then
    h.ok("nvim-cmp found: add { name = \"ream\" } to its sources")
  else
    h.info("nvim-cmp not found")
  end
  if package.loaded["blink.cmp"] or pcall(require, "blink.cmp") then
    h.ok("blink.cmp found: add the provider module = \"ream.complete.blink\"")
  else
    h.info("blink.cmp not found")
  end
end

return M
