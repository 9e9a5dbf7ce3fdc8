-- ream.bib: the document's bibliography. Finds the .bib files a buffer
-- uses, imports them into the store in the background and follows their
-- changes, appends the entries of cited papers they lack, writes a
-- document's bibliography, and marks unknown citation keys as diagnostics.
-- Returns nil and a message on failure; never notifies (progress goes to
-- the callbacks the caller gives).
local M = {}
local H = {}
local util = require("ream.util")

M.ns = vim.api.nvim_create_namespace("ream")

H.keys_cache = {} -- path -> { mtime =, size =, keys = set }
H.imported = {} -- path -> "mtime:size" last imported (or being imported)
H.jobs = {} -- path -> job id while an import runs

-- ---------------------------------------------------------------------------
-- Discovery

local function lines_of(buf)
  return vim.api.nvim_buf_get_lines(buf, 0, math.min(vim.api.nvim_buf_line_count(buf), 50000), false)
end

-- The lines of a file, from its buffer when it is loaded.
local function file_lines(path)
  local b = vim.fn.bufnr(path)
  if b > 0 and vim.api.nvim_buf_is_loaded(b) then
    return lines_of(b)
  end
  local text = util.read_file(path)
  if not text then
    return nil
  end
  return vim.split(text, "\r?\n")
end

local function unquote(s)
  s = vim.trim(s)
  return s:match('^"(.*)"$') or s:match("^'(.*)'$") or s
end

local function resolve(dir, name)
  name = vim.fn.expand(unquote(name))
  if name == "" then
    return nil
  end
  if not name:match("^/") and not name:match("^%a:[/\\]") then
    name = dir .. "/" .. name
  end
  return vim.fn.fnamemodify(name, ":p")
end

local function with_bib(name)
  if name:match("%.bib$") then
    return name
  end
  return name .. ".bib"
end

-- Finders: function(lines, dir, buf) -> list of { dir, name } pairs.
H.finders = {}

function H.finders.latex(lines, dir, _, depth)
  local found = {}
  for _, l in ipairs(lines) do
    local code = l:gsub("^%%.*$", ""):gsub("([^\\])%%.*$", "%1")
    for list in code:gmatch("\\bibliography%s*(%b{})") do
      for name in list:sub(2, -2):gmatch("[^,]+") do
        found[#found + 1] = { dir, with_bib(vim.trim(name)) }
      end
    end
    for cmd, rest in code:gmatch("\\(add%a*bib%a*)%s*(.*)") do
      if cmd == "addbibresource" or cmd == "addglobalbib" or cmd == "addsectionbib" then
        rest = rest:gsub("^%b[]%s*", "")
        local name = rest:match("^(%b{})")
        if name then
          found[#found + 1] = { dir, vim.trim(name:sub(2, -2)) }
        end
      end
    end
    -- % !TEX root = main.tex: the bibliography of the main file.
    local root = l:match("^%s*%%+%s*!%s*[Tt][Ee][Xx]%s+root%s*=%s*(.-)%s*$")
    if root and (depth or 0) < 2 then
      local path = resolve(dir, root)
      local rl = path and file_lines(path)
      if rl then
        vim.list_extend(found, H.finders.latex(rl, vim.fn.fnamemodify(path, ":h"), nil, (depth or 0) + 1))
      end
    end
  end
  return found
end

-- The `bibliography:` of YAML text: a string, a [flow, list] or a block list.
local function yaml_bibliography(lines, first, last)
  local names = {}
  local i = first
  while i <= last do
    local indent, value = lines[i]:match("^(%s*)bibliography:%s*(.-)%s*$")
    if value then
      value = value:gsub("%s+#.*$", "")
      if value:match("^%[") then
        for name in value:sub(2, -2):gmatch("[^,]+") do
          names[#names + 1] = unquote(name)
        end
      elseif value ~= "" then
        names[#names + 1] = unquote(value)
      else
        local j = i + 1
        while j <= last do
          local item = lines[j]:match("^%s*%-%s+(.-)%s*$")
          if item then
            names[#names + 1] = unquote(item)
          elseif not lines[j]:match("^%s*$") and #(lines[j]:match("^(%s*)")) <= #indent then
            break
          end
          j = j + 1
        end
        i = j - 1
      end
    end
    i = i + 1
  end
  return names
end

function H.finders.pandoc(lines, dir)
  local found = {}
  if lines[1] and lines[1]:match("^%-%-%-%s*$") then
    local last = nil
    for i = 2, math.min(#lines, 2000) do
      if lines[i]:match("^%-%-%-%s*$") or lines[i]:match("^%.%.%.%s*$") then
        last = i - 1
        break
      end
    end
    if last then
      for _, name in ipairs(yaml_bibliography(lines, 2, last)) do
        found[#found + 1] = { dir, name }
      end
    end
  end
  if #found == 0 then
    -- A Quarto project's _quarto.yml, in this folder or one above.
    local d = dir
    for _ = 1, 6 do
      local yml = d .. "/_quarto.yml"
      if vim.fn.filereadable(yml) == 1 then
        local yl = file_lines(yml) or {}
        for _, name in ipairs(yaml_bibliography(yl, 1, #yl)) do
          found[#found + 1] = { d, name }
        end
        break
      end
      local up = vim.fn.fnamemodify(d, ":h")
      if up == d then
        break
      end
      d = up
    end
  end
  return found
end

function H.finders.typst(lines, dir)
  local found = {}
  local text = table.concat(lines, "\n")
  for args in text:gmatch("#bibliography%s*(%b())") do
    for name in args:gmatch('"([^"]-%.bib)"') do
      found[#found + 1] = { dir, name }
    end
  end
  return found
end

function H.finders.org(lines, dir)
  local found = {}
  for _, l in ipairs(lines) do
    local v = l:match("^%s*#%+[Bb][Ii][Bb][Ll][Ii][Oo][Gg][Rr][Aa][Pp][Hh][Yy]:%s*(.-)%s*$")
    if v and v ~= "" then
      found[#found + 1] = { dir, v }
    end
  end
  return found
end

function H.finders.asciidoc(lines, dir)
  local found = {}
  for _, l in ipairs(lines) do
    local v = l:match("^:bibtex%-file:%s*(.-)%s*$")
    if v and v ~= "" then
      found[#found + 1] = { dir, v }
    end
  end
  return found
end

function H.finders.rst(_, dir)
  -- sphinxcontrib-bibtex: bibtex_bibfiles = [...] in the project's conf.py.
  local found = {}
  local d = dir
  for _ = 1, 6 do
    local conf = d .. "/conf.py"
    if vim.fn.filereadable(conf) == 1 then
      local text = util.read_file(conf) or ""
      local list = text:match("bibtex_bibfiles%s*=%s*(%b[])")
      if list then
        for name in list:gmatch("[\"']([^\"']+)[\"']") do
          found[#found + 1] = { d, name }
        end
      end
      break
    end
    local up = vim.fn.fnamemodify(d, ":h")
    if up == d then
      break
    end
    d = up
  end
  return found
end

--- The .bib files the buffer's document uses, absolute, in the order it
--- names them (files that do not exist yet included).
function M.files(buf)
  local config = require("ream.config")
  local syntax = config.syntax_of(buf, require("ream.store").core())
  local finder = H.finders[syntax]
  if not finder then
    return {}
  end
  local seen, out = {}, {}
  for _, pair in ipairs(finder(lines_of(buf), util.buf_dir(buf), buf)) do
    local path = resolve(pair[1], pair[2])
    if path and not seen[path] then
      seen[path] = true
      out[#out + 1] = path
    end
  end
  return out
end

-- ---------------------------------------------------------------------------
-- Keys in .bib files

--- The set of citation keys in a .bib file (empty when it does not exist).
--- Cached until the file changes.
function M.keys_in(path)
  local mtime, size = util.mtime(path)
  if not mtime then
    return {}
  end
  local c = H.keys_cache[path]
  if c and c.mtime == mtime and c.size == size then
    return c.keys
  end
  local text = util.read_file(path) or ""
  local keys = {}
  for kind, key in text:gmatch("@%s*(%a+)%s*[{(]%s*([^,%s{}()]+)%s*,") do
    kind = kind:lower()
    if kind ~= "comment" and kind ~= "string" and kind ~= "preamble" then
      keys[key] = true
    end
  end
  H.keys_cache[path] = { mtime = mtime, size = size, keys = keys }
  return keys
end

--- The keys of all the document's .bib files, as a set.
function M.doc_bib_keys(buf)
  local all = {}
  for _, path in ipairs(M.files(buf)) do
    for k in pairs(M.keys_in(path)) do
      all[k] = true
    end
  end
  return all
end

-- ---------------------------------------------------------------------------
-- Appending entries

-- Appends text to a file: into its buffer when that has unsaved changes,
-- else to the file on disk (and reloads an unchanged buffer).
local function append_text(path, text)
  local b = vim.fn.bufnr(path)
  if b > 0 and vim.api.nvim_buf_is_loaded(b) and vim.bo[b].modified then
    local lines = vim.split(text, "\n", { plain = true })
    local last = vim.api.nvim_buf_get_lines(b, -2, -1, false)[1]
    if last and last ~= "" then
      table.insert(lines, 1, "")
    end
    if lines[#lines] == "" then
      lines[#lines] = nil
    end
    vim.api.nvim_buf_set_lines(b, -1, -1, false, lines)
    return true
  end
  local old = util.read_file(path)
  local sep = ""
  if old and #old > 0 then
    sep = old:sub(-1) == "\n" and "\n" or "\n\n"
  end
  vim.fn.mkdir(vim.fn.fnamemodify(path, ":h"), "p")
  local f, err = io.open(path, "ab")
  if not f then
    return nil, ("ream: cannot write %s (%s)"):format(path, tostring(err))
  end
  f:write(sep, text, text:sub(-1) == "\n" and "" or "\n")
  f:close()
  if b > 0 and vim.api.nvim_buf_is_loaded(b) then
    vim.api.nvim_buf_call(b, function()
      vim.cmd("silent! checktime")
    end)
  end
  return true
end

--- Appends to the document's first .bib file the BibTeX entries of those
--- `keys` that none of its .bib files has. Returns the list of keys
--- appended and the file (nil when the document names no .bib file), or
--- nil and a message.
function M.append_missing(buf, keys)
  local files = M.files(buf)
  if #files == 0 then
    return {}, nil
  end
  local have = M.doc_bib_keys(buf)
  local missing = {}
  for _, k in ipairs(keys) do
    if not have[k] then
      missing[#missing + 1] = k
      have[k] = true
    end
  end
  if #missing == 0 then
    return {}, files[1]
  end
  local store, err = require("ream.store").get()
  if not store then
    return nil, err
  end
  local text, eerr = store:export(missing, "bibtex")
  if not text then
    return nil, eerr or "ream: cannot export " .. table.concat(missing, ", ")
  end
  local ok, werr = append_text(files[1], text)
  if not ok then
    return nil, werr
  end
  H.keys_cache[files[1]] = nil
  -- What we appended came from the store: no need to import it again.
  local mtime, size = util.mtime(files[1])
  if mtime and H.imported[files[1]] then
    H.imported[files[1]] = mtime .. ":" .. size
  end
  return missing, files[1]
end

--- Writes the document's bibliography: the entries of every key the
--- document cites that the store knows and `path` (default: the document's
--- first .bib file, else <document>.bib) lacks, appended. Returns
--- { path =, written = {keys}, unknown = {keys} } or nil and a message.
function M.write(buf, path)
  local st = require("ream.store")
  local config = require("ream.config")
  local store, err = st.get()
  if not store then
    return nil, err
  end
  local core = st.core()
  local syntax = config.syntax_of(buf, core)
  if syntax == "plain" then
    return nil, "ream: this buffer is not a document ream knows the citations of"
  end
  if not path or path == "" then
    path = M.files(buf)[1]
  else
    path = vim.fn.fnamemodify(vim.fn.expand(path), ":p")
  end
  if not path then
    local name = vim.api.nvim_buf_get_name(buf)
    if name == "" then
      return nil, "ream: the document has no file name: give :Ream bib a file"
    end
    path = vim.fn.fnamemodify(name, ":p:r") .. ".bib"
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  local ok, list = pcall(core.doc_keys, text, syntax)
  if not ok or type(list) ~= "table" then
    return nil, "ream: cannot read the document's citations (" .. tostring(list) .. ")"
  end
  local have = M.keys_in(path)
  local seen, wanted, unknown = {}, {}, {}
  for _, item in ipairs(list) do
    local k = item.key
    if not seen[k] then
      seen[k] = true
      if not have[k] then
        local p = store:get(k)
        if p and p.key == k then
          wanted[#wanted + 1] = k
        else
          unknown[#unknown + 1] = k
        end
      end
    end
  end
  if #wanted > 0 then
    local bib, eerr = store:export(wanted, "bibtex")
    if not bib then
      return nil, eerr
    end
    local wok, werr = append_text(path, bib)
    if not wok then
      return nil, werr
    end
    H.keys_cache[path] = nil
  end
  return { path = path, written = wanted, unknown = unknown }
end

-- ---------------------------------------------------------------------------
-- Importing

--- Imports a file into the store in the background: a job running
--- `ream import` when the command is built, else (after a moment) in this
--- process. cb: on_progress(text), on_done(ok, text). Returns the job id
--- (0 for an in-process import) or nil and a message.
function M.import(path, cb)
  cb = cb or {}
  local on_progress = cb.on_progress or function() end
  local on_done = cb.on_done or function() end
  path = vim.fn.fnamemodify(vim.fn.expand(path), ":p")
  if vim.fn.filereadable(path) == 0 then
    return nil, ("ream: cannot import %s: no such file"):format(path)
  end
  local st = require("ream.store")
  local store, err = st.get()
  if not store then
    return nil, err
  end
  if st.readonly() then
    return nil, "ream: the store is read-only: cannot import " .. path
  end
  local cli = st.cli()
  local name = vim.fn.fnamemodify(path, ":~:.")
  if not cli then
    vim.schedule(function()
      local ok, res, ierr = pcall(store.import, store, path)
      if ok and res then
        on_done(true, H.summary(name, res))
      else
        on_done(false, tostring(ok and ierr or res))
      end
    end)
    return 0
  end
  local cmd = { cli, "--db", store:path(), "import", path }
  local last, errors = "", {}
  local function line(l, is_err)
    l = l:gsub("\r", "\n"):match("([^\n]*)%s*$") or ""
    if l ~= "" then
      last = l
      if is_err then
        errors[#errors + 1] = l
      end
      on_progress(l)
    end
  end
  -- A chunk's last item is the start of a line the next chunk ends
  -- (|channel-lines|): keep it until then.
  local partial = { [false] = "", [true] = "" }
  local function feed(data, is_err)
    data = data or {}
    for i, l in ipairs(data) do
      if i == 1 then
        l = partial[is_err] .. l
      end
      if i == #data then
        partial[is_err] = l
      else
        line(l, is_err)
      end
    end
  end
  local function flush()
    for _, is_err in ipairs({ false, true }) do
      if partial[is_err] ~= "" then
        line(partial[is_err], is_err)
        partial[is_err] = ""
      end
    end
  end
  local id = vim.fn.jobstart(cmd, {
    stdout_buffered = false,
    on_stdout = function(_, data)
      feed(data, false)
    end,
    on_stderr = function(_, data)
      feed(data, true)
    end,
    on_exit = function(_, code)
      vim.schedule(function()
        flush()
        if code == 0 then
          on_done(true, last ~= "" and last or ("ream: imported " .. name))
        else
          local msg = errors[#errors] or last
          if msg == "" then
            msg = ("ream: importing %s failed (exit %d)"):format(name, code)
          end
          on_done(false, msg)
        end
      end)
    end,
  })
  if id <= 0 then
    return nil, "ream: cannot run " .. cli
  end
  return id
end

function H.summary(name, res)
  local s = ("ream: %s: %d added, %d merged, %d unchanged"):format(
    name,
    res.added or 0,
    res.merged or 0,
    res.unchanged or 0
  )
  if (res.failed or 0) > 0 then
    s = s .. (", %d failed"):format(res.failed)
  end
  if res.skipped == true or res.skipped == 1 then
    s = ("ream: %s has not changed since it was imported"):format(name)
  end
  return s
end

--- Imports the document's .bib files that changed since ream last saw them.
--- cb as for M.import, called per file. Returns the number of imports
--- started.
function M.sync(buf, cb)
  local started = 0
  for _, path in ipairs(M.files(buf)) do
    local mtime, size = util.mtime(path)
    local stamp = mtime and (mtime .. ":" .. size)
    -- An empty file (one the document names but nobody wrote to yet) has
    -- nothing to import.
    if stamp and size > 0 and H.imported[path] ~= stamp and not H.jobs[path] then
      H.imported[path] = stamp
      local done = cb and cb.on_done
      local id = M.import(path, {
        on_progress = cb and cb.on_progress,
        on_done = function(ok, text)
          H.jobs[path] = nil
          if not ok then
            H.imported[path] = nil
          end
          if done then
            done(ok, text, path)
          end
        end,
      })
      if id then
        H.jobs[path] = id
        started = started + 1
      else
        H.imported[path] = nil
      end
    end
  end
  return started
end

--- True while an import of path runs.
function M.importing(path)
  return H.jobs[path] ~= nil
end

-- ---------------------------------------------------------------------------
-- Diagnostics

local keychar = "[%w_:%.%-/+]"

-- 0-based byte columns of `key` in `line` from byte `from` (1-based), where
-- it stands alone (not part of a longer key).
local function find_key(line, key, from)
  local i = from
  while true do
    local s, e = line:find(key, i, true)
    if not s then
      return nil
    end
    local before = s > 1 and line:sub(s - 1, s - 1) or ""
    local after = line:sub(e + 1, e + 1)
    if not before:match(keychar) and not after:match("[%w_]") then
      return s - 1, e
    end
    i = e + 1
  end
end

--- Sets the buffer's diagnostics: citation keys that neither the store nor
--- the document's .bib files know. Returns the diagnostics, or nil and a
--- message (and leaves the old ones).
function M.diagnose(buf)
  local config = require("ream.config")
  local st = require("ream.store")
  if not vim.api.nvim_buf_is_valid(buf) then
    return {}
  end
  local cfg = config.get()
  if not cfg.diagnostics then
    vim.diagnostic.reset(M.ns, buf)
    return {}
  end
  local store, err = st.get()
  if not store then
    return nil, err
  end
  local core = st.core()
  local syntax = config.syntax_of(buf, core)
  if syntax == "plain" then
    vim.diagnostic.reset(M.ns, buf)
    return {}
  end
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local ok, list = pcall(core.doc_keys, table.concat(lines, "\n"), syntax)
  if not ok or type(list) ~= "table" then
    return nil, "ream: cannot read the document's citations (" .. tostring(list) .. ")"
  end
  local bib = M.doc_bib_keys(buf)
  -- A store with no paper and no .bib to read: ream is not set up yet, and
  -- every key would be "unknown". Say nothing rather than that.
  if next(bib) == nil and #M.files(buf) == 0 then
    local some = store:search("", { limit = 1 })
    if some and #some == 0 then
      vim.diagnostic.reset(M.ns, buf)
      return {}
    end
  end
  local known = {}
  local from = {}
  local diags = {}
  for _, item in ipairs(list) do
    local key, lnum = item.key, item.line
    if known[key] == nil then
      local p = bib[key] or store:get(key)
      known[key] = p and true or false
    end
    if not known[key] then
      local line = lines[lnum] or ""
      local s, e = find_key(line, key, from[lnum] or 1)
      from[lnum] = (e or 0) + 1
      diags[#diags + 1] = {
        lnum = lnum - 1,
        col = s or 0,
        end_col = e or #line,
        severity = vim.diagnostic.severity.WARN,
        source = "ream",
        message = ("unknown citation key '%s': not in the store nor in the document's .bib"):format(key),
      }
    end
  end
  vim.diagnostic.set(M.ns, buf, diags)
  return diags
end

return M
