-- ream: cite, preview and search papers from a local store while writing.
-- The public API. Every function here is a UI entry point: it reports
-- problems with one notification and never raises.
local M = {}
local H = {}
local util = require("ream.util")

--- Configures ream (see |ream-config|). Optional: ream works without it.
--- Invalid fields are named in one message and keep their defaults.
function M.setup(opts)
  local ok, err = require("ream.config").set(opts)
  if not ok then
    util.notify(err, vim.log.levels.WARN)
  end
  if type(opts) == "table" and opts.filetypes ~= nil and vim.g.loaded_ream then
    H.follow_filetypes()
  end
  return ok == true
end

-- plugin/ream.lua attaches to the filetypes it knew of: attach to the
-- configured ones from now on, and to the buffers already open.
function H.follow_filetypes()
  local fts = require("ream.config").get().filetypes
  pcall(vim.api.nvim_clear_autocmds, { group = "ream", event = "FileType" })
  if #fts == 0 then
    return
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = vim.api.nvim_create_augroup("ream", { clear = false }),
    pattern = fts,
    callback = function(ev)
      require("ream.buffer").attach(ev.buf)
    end,
  })
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(fts, vim.bo[buf].filetype) then
      require("ream.buffer").attach(buf)
    end
  end
end

-- ---------------------------------------------------------------------------
-- Actions on chosen papers

local function keys_of(papers)
  local keys = {}
  for _, p in ipairs(papers) do
    keys[#keys + 1] = p.key
  end
  return keys
end

function H.report_insert(info, err)
  if not info then
    util.notify(err, vim.log.levels.ERROR)
    return
  end
  if info.appended and #info.appended > 0 and info.bib then
    util.notify(("ream: added %s to %s"):format(table.concat(info.appended, ", "), vim.fn.fnamemodify(info.bib, ":~:.")))
  elseif info.warning then
    util.notify(info.warning, vim.log.levels.WARN)
  end
end

function H.insert_citation(ctx, keys, ask_locator)
  local cite = require("ream.cite")
  if ask_locator or util.config().cite.locator then
    vim.ui.input({ prompt = "Locator (p. 4), empty for none: " }, util.guard(function(loc)
      if loc == nil then
        return
      end
      loc = vim.trim(loc)
      H.report_insert(cite.insert(ctx, keys, { locator = loc ~= "" and loc or nil }))
    end))
    return
  end
  H.report_insert(cite.insert(ctx, keys, {}))
end

function H.open(paper)
  local url = util.link(paper)
  if not url then
    util.notify(("ream: %s has no arXiv id, DOI or URL"):format(paper.key), vim.log.levels.WARN)
    return
  end
  local cmd = util.config().open_cmd
  if cmd then
    cmd = type(cmd) == "string" and { cmd } or vim.deepcopy(cmd)
    cmd[#cmd + 1] = url
  elseif vim.ui.open then
    local ok, err = pcall(vim.ui.open, url)
    if not ok then
      util.notify("ream: cannot open " .. url .. " (" .. tostring(err) .. ")", vim.log.levels.ERROR)
    else
      util.notify("ream: opening " .. url)
    end
    return
  elseif vim.fn.has("mac") == 1 then
    cmd = { "open", url }
  elseif vim.fn.has("win32") == 1 then
    cmd = { "cmd.exe", "/c", "start", "", url }
  else
    cmd = { "xdg-open", url }
  end
  local id = vim.fn.jobstart(cmd, { detach = true })
  if id <= 0 then
    util.notify(("ream: cannot run %s to open %s"):format(cmd[1], url), vim.log.levels.ERROR)
  else
    util.notify("ream: opening " .. url)
  end
end

function H.yank(papers)
  local store = util.store()
  if not store then
    return
  end
  local text, err = store:export(keys_of(papers), "bibtex")
  if not text then
    util.notify(err, vim.log.levels.ERROR)
    return
  end
  local reg = util.config().register
  vim.fn.setreg(reg, text, "l")
  util.notify(("ream: yanked the BibTeX of %s into register %s"):format(table.concat(keys_of(papers), ", "), reg))
end

function H.act(ctx, papers, action)
  if action == "cite" then
    H.insert_citation(ctx, keys_of(papers), false)
  elseif action == "locator" then
    H.insert_citation(ctx, keys_of(papers), true)
  elseif action == "preview" then
    if ctx.win and vim.api.nvim_win_is_valid(ctx.win) then
      vim.api.nvim_set_current_win(ctx.win)
    end
    require("ream.preview").open(papers[1])
  elseif action == "open" then
    H.open(papers[1])
  elseif action == "yank" then
    H.yank(papers)
  end
end

-- The paper under the cursor, else one picked; then fn(paper, ctx).
function H.with_paper(fn, query)
  local ctx = require("ream.cite").context()
  local paper = require("ream.preview").paper_at_cursor()
  if paper then
    fn({ paper }, ctx)
    return
  end
  if not util.store() then
    return
  end
  require("ream.picker").pick({
    query = query,
    prompt = "ream",
    on_choose = function(papers)
      fn(papers, ctx)
    end,
  })
end

-- ---------------------------------------------------------------------------
-- The API

--- Picks papers (the query runs as you type) and inserts their citation at
--- the cursor, in the buffer's syntax, joining a citation already there.
M.cite = util.guard(function(query)
  util.config()
  if not util.store() then
    return
  end
  local ctx = require("ream.cite").context()
  require("ream.picker").pick({
    query = query,
    prompt = "ream cite",
    on_choose = function(papers, action)
      H.act(ctx, papers, action)
    end,
  })
end)

--- Searches the store in a picker; <CR> inserts the citation, the other
--- keys preview, open or yank (vim.ui.select asks which).
M.search = util.guard(function(query)
  util.config()
  if not util.store() then
    return
  end
  local ctx = require("ream.cite").context()
  require("ream.picker").pick({
    query = query,
    prompt = "ream search",
    ask_action = true,
    on_choose = function(papers, action)
      H.act(ctx, papers, action)
    end,
  })
end)

--- Previews the paper under the cursor in a float; when a preview is open,
--- moves into it.
M.preview = util.guard(function()
  util.config()
  local preview = require("ream.preview")
  local open = preview.current()
  if open then
    local win = vim.api.nvim_get_current_win()
    if win == open.win then
      return open
    end
    local pos = vim.api.nvim_win_get_cursor(win)
    if win == open.src_win and pos[1] == open.pos[1] and pos[2] == open.pos[2] then
      preview.enter() -- the same place again: into the float
      return open
    end
  end
  local paper, err = preview.paper_at_cursor()
  if not paper then
    -- Nothing to show is not an error: a short message.
    local level = err and err:find("C module") and vim.log.levels.ERROR or vim.log.levels.INFO
    util.notify(err, level)
    return nil
  end
  return preview.open(paper)
end)

-- The text of a snippet about a paper (see |ream-templates|).
function H.snippet(what, paper, ctx)
  local store, err = require("ream.store").get()
  if not store then
    return nil, err
  end
  local config = require("ream.config")
  local cfg = config.get()
  local syntax, ft = config.syntax_of(ctx.buf, require("ream.store").core())
  local function builtin(name)
    if name == "citation" then
      local opts = syntax == "latex" and { command = config.command_of(ft) } or {}
      return store:cite({ paper.key }, syntax, opts)
    elseif name == "reference" then
      return store:cite({ paper.key }, "plain", {})
    elseif name == "bibtex" then
      return store:export({ paper.key }, "bibtex")
    elseif name == "abstract" then
      return paper.abstract and tostring(paper.abstract) or nil, ("ream: %s has no abstract"):format(paper.key)
    elseif name == "link" then
      return util.link(paper), ("ream: %s has no arXiv id, DOI or URL"):format(paper.key)
    elseif name == "authors" then
      return util.all_authors(paper)
    end
  end
  local t = cfg.templates[what]
  if type(t) == "function" then
    local res = t(paper, { syntax = syntax, filetype = ft, buf = ctx.buf, store = store })
    if type(res) == "table" then
      res = table.concat(res, "\n")
    end
    return res, ("ream: the template '%s' gave nothing"):format(what)
  elseif type(t) == "string" then
    local out = t:gsub("{([%w_]+)}", function(field)
      local v = builtin(field)
      if v == nil then
        v = paper[field]
      end
      if type(v) == "table" then
        v = table.concat(v, " ")
      end
      return v ~= nil and tostring(v) or ""
    end)
    return out
  end
  return builtin(what)
end

M.snippets = { "citation", "reference", "bibtex", "abstract", "link" }

--- Inserts a snippet about the paper under the cursor (or one picked) at
--- the cursor: citation, reference, bibtex, abstract, link, or the name of
--- a template.
M.insert = util.guard(function(what, query)
  local cfg = util.config()
  what = what or "citation"
  if not vim.tbl_contains(M.snippets, what) and not cfg.templates[what] then
    util.notify(
      ("ream: no snippet '%s': the snippets are %s"):format(
        what,
        table.concat(vim.list_extend(vim.deepcopy(M.snippets), vim.tbl_keys(cfg.templates)), ", ")
      ),
      vim.log.levels.ERROR
    )
    return
  end
  H.with_paper(function(papers, ctx)
    if what == "citation" and not cfg.templates.citation then
      H.report_insert(require("ream.cite").insert(ctx, keys_of(papers), {}))
      return
    end
    local parts = {}
    for _, p in ipairs(papers) do
      local text, err = H.snippet(what, p, ctx)
      if not text then
        util.notify(err, vim.log.levels.ERROR)
        return
      end
      parts[#parts + 1] = text
    end
    local ok, err = require("ream.cite").put(ctx, table.concat(parts, "\n"))
    if not ok then
      util.notify(err, vim.log.levels.ERROR)
    end
  end, query)
end)

--- Imports a file (BibTeX, CSL-JSON, arXiv JSON lines or listing) into the
--- store in the background, with progress in the message area.
M.import = util.guard(function(path)
  util.config()
  if not path or path == "" then
    util.notify("ream: :Ream import needs a file", vim.log.levels.ERROR)
    return
  end
  local bib = require("ream.bib")
  local buffer = require("ream.buffer")
  local name = vim.fn.fnamemodify(vim.fn.expand(path), ":~:.")
  local id, err = bib.import(path, {
    on_progress = function(text)
      buffer.progress(text)
    end,
    on_done = function(ok, text)
      if ok then
        util.notify(text)
        local cur = vim.api.nvim_get_current_buf()
        if buffer.attached(cur) then
          require("ream.bib").diagnose(cur)
        end
      else
        util.notify(text, vim.log.levels.ERROR)
      end
    end,
  })
  if not id then
    util.notify(err, vim.log.levels.ERROR)
    return
  end
  buffer.progress("ream: importing " .. name .. "…", true)
  return id
end)

--- The BibTeX of the papers the current document cites: into `path`
--- (bang: overwrite) or a new buffer.
M.export = util.guard(function(path, bang)
  local config = require("ream.config")
  util.config()
  local store = util.store()
  if not store then
    return
  end
  local buf = vim.api.nvim_get_current_buf()
  local st = require("ream.store")
  local syntax = config.syntax_of(buf, st.core())
  if syntax == "plain" then
    util.notify("ream: this buffer is not a document with citations; `ream export` exports the whole store",
      vim.log.levels.WARN)
    return
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  local list = st.core().doc_keys(text, syntax)
  local keys, seen, unknown = {}, {}, {}
  for _, item in ipairs(list) do
    if not seen[item.key] then
      seen[item.key] = true
      local p = store:get(item.key)
      if p then
        keys[#keys + 1] = p.key
      else
        unknown[#unknown + 1] = item.key
      end
    end
  end
  if #keys == 0 then
    util.notify("ream: this document cites no paper the store knows", vim.log.levels.WARN)
    return
  end
  local bibtex, err = store:export(keys, "bibtex")
  if not bibtex then
    util.notify(err, vim.log.levels.ERROR)
    return
  end
  if path and path ~= "" then
    path = vim.fn.fnamemodify(vim.fn.expand(path), ":p")
    if vim.fn.filereadable(path) == 1 and not bang then
      util.notify(("ream: %s exists: use :Ream! export to overwrite it"):format(path), vim.log.levels.ERROR)
      return
    end
    local f, ferr = io.open(path, "wb")
    if not f then
      util.notify(("ream: cannot write %s (%s)"):format(path, tostring(ferr)), vim.log.levels.ERROR)
      return
    end
    f:write(bibtex)
    f:close()
    util.notify(("ream: wrote %d entries to %s"):format(#keys, vim.fn.fnamemodify(path, ":~:.")))
  else
    vim.cmd("new")
    local nb = vim.api.nvim_get_current_buf()
    vim.bo[nb].buftype = "nofile"
    vim.bo[nb].bufhidden = "wipe"
    vim.api.nvim_buf_set_lines(nb, 0, -1, false, vim.split(bibtex, "\n", { plain = true }))
    vim.bo[nb].filetype = "bib"
  end
  if #unknown > 0 then
    util.notify("ream: not in the store: " .. table.concat(unknown, ", "), vim.log.levels.WARN)
  end
  return keys
end)

--- Opens the arXiv or DOI page of the paper under the cursor (or picked).
M.open = util.guard(function(query)
  util.config()
  H.with_paper(function(papers)
    H.open(papers[1])
  end, query)
end)

--- Yanks the BibTeX entry of the paper under the cursor (or picked).
M.yank = util.guard(function(query)
  util.config()
  H.with_paper(function(papers)
    H.yank(papers)
  end, query)
end)

--- Writes the document's bibliography: appends the entries of the papers it
--- cites to its .bib file (or `path`).
M.bib = util.guard(function(path)
  util.config()
  local res, err = require("ream.bib").write(vim.api.nvim_get_current_buf(), path)
  if not res then
    util.notify(err, vim.log.levels.ERROR)
    return
  end
  local where = vim.fn.fnamemodify(res.path, ":~:.")
  local msg
  if #res.written == 0 then
    msg = ("ream: %s already has every cited paper the store knows"):format(where)
  else
    msg = ("ream: wrote %d entries to %s"):format(#res.written, where)
  end
  if #res.unknown > 0 then
    msg = msg .. "; unknown: " .. table.concat(res.unknown, ", ")
  end
  util.notify(msg, #res.unknown > 0 and vim.log.levels.WARN or vim.log.levels.INFO)
  return res
end)

local function size(bytes)
  bytes = tonumber(bytes) or 0
  if bytes >= 1024 * 1024 * 1024 then
    return ("%.1f GB"):format(bytes / 1024 ^ 3)
  elseif bytes >= 1024 * 1024 then
    return ("%.1f MB"):format(bytes / 1024 ^ 2)
  end
  return ("%d kB"):format(math.floor(bytes / 1024 + 0.5))
end

--- What the store holds.
M.stats = util.guard(function()
  util.config()
  local store = util.store()
  if not store then
    return
  end
  local s, err = store:stats()
  if not s then
    util.notify(err, vim.log.levels.ERROR)
    return
  end
  util.notify(("ream: %d papers (%d arXiv, %d DOI, %d cited) from %d files\n%s: %s, schema %s, SQLite %s"):format(
    s.papers or 0,
    s.arxiv or 0,
    s.doi or 0,
    s.cited or 0,
    s.sources or 0,
    s.path or store:path(),
    size(s.bytes),
    tostring(s.schema),
    tostring(s.sqlite)
  ))
  return s
end)

return M
