-- ream.complete: what the completion sources share: the citation context at
-- the cursor, the candidates (the store's ranked search) and what happens
-- when one is accepted. Never notifies.
local M = {}
local H = {}
local unpack = unpack or table.unpack
local util = require("ream.util")

-- Each detector: function(before) -> token | nil, where before is the line
-- up to the cursor and token the part of a key typed so far.
H.detect = {}

function H.detect.latex(before)
  -- Innermost unclosed brace.
  local depth, p = 0, nil
  for i = #before, 1, -1 do
    local c = before:sub(i, i)
    if c == "}" then
      depth = depth + 1
    elseif c == "{" then
      if depth == 0 then
        p = i
        break
      end
      depth = depth - 1
    end
  end
  if not p then
    return nil
  end
  if not util.ends_in_cite_command(before:sub(1, p - 1)) then
    return nil
  end
  local inner = before:sub(p + 1)
  return inner:match("([^,%s]*)$")
end

function H.detect.pandoc(before)
  local lead, token = before:match("(.?)@([%w_:.#$%%&+?<>~/%-]*)$")
  if token and (lead == "" or lead:match("[%s%[;%-(]")) then
    return token
  end
end

function H.detect.typst(before)
  local lead, token = before:match("(.?)@([%w_:.%-]*)$")
  if token and (lead == "" or not lead:match("[%w_]")) then
    return token
  end
  token = before:match("#cite%(%s*<([%w_:.%-]*)$")
  return token
end

function H.detect.org(before)
  return before:match("%[cite[%w/_%-]*:[^%]]*@([^%s;@%]]*)$")
end

function H.detect.rst(before)
  local inner = before:match(":cite[%w:]*:`([^`]*)$")
  if inner then
    return inner:match("([^,%s]*)$")
  end
end

function H.detect.asciidoc(before)
  return before:match("<<([%w_:.%-]*)$") or before:match("cite[np]*:%[([^%]]*)$")
end

--- The citation context of `before` (the line up to the cursor) in
--- `syntax`: { start = 0-based byte column where the key starts, query = the
--- part typed } or nil when the cursor is not where a key goes.
function M.context(before, syntax)
  local detect = H.detect[syntax]
  if not detect then
    return nil
  end
  local token = detect(before)
  if not token then
    return nil
  end
  return { start = #before - #token, query = token }
end

--- The context at the cursor of the current window, or nil.
function M.cursor_context()
  local buf = vim.api.nvim_get_current_buf()
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local line = vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] or ""
  local syntax = require("ream.config").syntax_of(buf, require("ream.store").core())
  local ctx = M.context(line:sub(1, col), syntax)
  if ctx then
    ctx.row, ctx.col, ctx.buf, ctx.syntax = row, col, buf, syntax
  end
  return ctx
end

--- Candidates for a query: papers from the store's ranked search (the
--- recently cited and added for an empty query), or nil and a message.
function M.candidates(query)
  local cfg = require("ream.config").get()
  local store = require("ream.store")
  return store.search(query or "", cfg.completion.limit, 0, store.TYPING_MS)
end

--- Once a session, when a document has been open a moment (the buffer's
--- first refresh): a search and its menu made and thrown away, so that the
--- first key typed in a citation finds the store's pages in memory and the
--- menu's code compiled (about half of a first keystroke, measured by
--- `make bench`). Quiet when it fails: the keystroke will say why.
function M.warm()
  local papers = M.candidates("a")
  if papers then
    require("ream.complete.omni").items(papers)
  end
end

--- The documentation of a candidate, as lines: title, authors, year and
--- venue, ids, then the abstract.
function M.doc_lines(paper)
  local lines = {}
  lines[#lines + 1] = tostring(paper.title or paper.key or "")
  local authors = util.all_authors(paper, 12) -- made for every candidate
  if authors ~= "" then
    lines[#lines + 1] = authors
  end
  local where = {}
  if paper.year then
    where[#where + 1] = tostring(paper.year)
  end
  if paper.venue and paper.venue ~= "" then
    where[#where + 1] = paper.venue
  end
  if paper.arxiv and paper.arxiv ~= "" then
    where[#where + 1] = "arXiv:" .. paper.arxiv
  end
  if paper.doi and paper.doi ~= "" then
    where[#where + 1] = "doi:" .. paper.doi
  end
  if #where > 0 then
    lines[#lines + 1] = table.concat(where, " · ")
  end
  if paper.abstract and paper.abstract ~= "" then
    lines[#lines + 1] = ""
    lines[#lines + 1] = (tostring(paper.abstract):gsub("%s+", " "))
  end
  return lines
end

--- The documentation as Markdown (cmp, blink).
function M.doc_markdown(paper)
  local l = M.doc_lines(paper)
  l[1] = "**" .. l[1] .. "**"
  return table.concat(l, "\n\n"):gsub("\n\n\n\n", "\n\n")
end

--- The short description beside the key: "2017 Vaswani et al. Title".
function M.menu(paper, width)
  local s = ("%s %s  %s"):format(paper.year and tostring(paper.year) or "----", util.short_authors(paper), paper.title or "")
  return util.truncate(s, width or 60)
end

--- A key was accepted in buf: record it as cited and append its entry to
--- the document's .bib when configured. Returns the info of
--- bib.append_missing (keys, path) or nil and a message.
function M.accepted(buf, key)
  local cfg = require("ream.config").get()
  if cfg.cite.mark_cited then
    require("ream.store").mark_cited({ key })
  end
  if cfg.bib.append and vim.api.nvim_buf_is_valid(buf) then
    return require("ream.bib").append_missing(buf, { key })
  end
  return {}
end

--- LSP completion items (nvim-cmp, blink.cmp) for a context. range: when
--- given, each item carries a textEdit over it.
function M.lsp_items(papers, query, range)
  local items = {}
  for i, p in ipairs(papers) do
    local item = {
      label = p.key,
      kind = 18, -- Reference
      detail = M.menu(p, 80),
      insertText = p.key,
      -- The store ranked these: let every one through the engine's filter
      -- and keep the order.
      filterText = (query ~= "" and query .. " " or "") .. p.key,
      sortText = ("%05d"):format(i),
      documentation = { kind = "markdown", value = M.doc_markdown(p) },
      data = { ream = p.key },
    }
    if range then
      item.textEdit = { newText = p.key, range = range }
    end
    items[#items + 1] = item
  end
  return items
end

return M
