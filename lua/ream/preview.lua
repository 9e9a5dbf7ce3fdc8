-- ream.preview: what is under the cursor (a citation key, an arXiv id or a
-- DOI) and the floating window that shows the paper: title, authors, year,
-- venue, ids, categories, comments and the abstract wrapped to the window.
-- The float fits the screen (long abstracts scroll), closes when the cursor
-- moves, and can be entered (call the preview again) to scroll and yank.
local M = {}
local H = {}
local util = require("ream.util")
local unpack = unpack or table.unpack

M.ns = vim.api.nvim_create_namespace("ream_preview")
H.state = nil -- { win =, buf =, src_win =, src_buf =, pos = }

local highlights = {
  ReamPreviewTitle = "Title",
  ReamPreviewAuthors = "Identifier",
  ReamPreviewMeta = "Comment",
  ReamPreviewLabel = "Type",
  ReamPreviewHeading = "Statement",
}

function H.define_highlights()
  for group, link in pairs(highlights) do
    vim.cmd(("highlight default link %s %s"):format(group, link))
  end
end

-- ---------------------------------------------------------------------------
-- What is under the cursor

local keychar = "[%w_:%.%-/+\128-\255]"

-- The run of bytes around index i (1-based) whose characters match class.
local function run_at(line, i, class)
  if i < 1 or i > #line or not line:sub(i, i):match(class) then
    return nil
  end
  local s, e = i, i
  while s > 1 and line:sub(s - 1, s - 1):match(class) do
    s = s - 1
  end
  while e < #line and line:sub(e + 1, e + 1):match(class) do
    e = e + 1
  end
  return line:sub(s, e), s, e
end

--- What the cursor is on: { kind = "arxiv" | "doi" | "key", id = } or nil.
--- line: the text; col: 0-based byte column of the cursor.
function M.target(line, col, core)
  local i = col + 1
  -- Identifiers first: the WORD under the cursor, or an URL, DOI or arXiv
  -- id inside it.
  local word, ws = run_at(line, i, "%S")
  if word and core and core.id_parse then
    local candidates = {}
    local stripped = word:gsub("^[%(%[{<\"'`]+", ""):gsub("[%)%]}>\"'`,;:.]+$", "")
    candidates[#candidates + 1] = stripped
    for _, pat in ipairs({ "https?://[^%s%)%]}>\"']+", "10%.%d+/[^%s%]}>\"']+", "[Aa]r[Xx]iv:[%w./%-]+" }) do
      local from = 1
      while true do
        local s, e = word:find(pat, from)
        if not s then
          break
        end
        if ws + s - 1 <= i and i <= ws + e - 1 then
          candidates[#candidates + 1] = word:sub(s, e):gsub("[%),.;:]+$", "")
        end
        from = e + 1
      end
    end
    for _, c in ipairs(candidates) do
      local ok, kind = pcall(core.id_parse, c)
      if ok and (kind == "arxiv" or kind == "doi") then
        return { kind = kind, id = c }
      end
    end
  end
  local key = run_at(line, i, keychar)
  if not key then
    return nil
  end
  key = key:gsub("^[:./%-]+", ""):gsub("[:./%-]+$", "")
  if key == "" then
    return nil
  end
  return { kind = "key", id = key }
end

--- The target under the cursor of a window, or nil.
function M.cursor_target(win)
  win = win or 0
  local buf = vim.api.nvim_win_get_buf(win)
  local row, col = unpack(vim.api.nvim_win_get_cursor(win))
  local line = vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] or ""
  return M.target(line, col, require("ream.store").core())
end

--- The paper under the cursor: paper, target | nil, message (nothing under
--- the cursor, no such paper, or the store failing).
function M.paper_at_cursor(win)
  local target = M.cursor_target(win)
  if not target then
    return nil, "ream: no citation key, arXiv id or DOI under the cursor"
  end
  local paper, err = require("ream.store").paper(target.id)
  if not paper then
    if err then
      return nil, err
    end
    local what = target.kind == "key" and "key" or target.kind == "doi" and "DOI" or "arXiv id"
    return nil, ("ream: no paper with the %s '%s' in the store"):format(what, target.id)
  end
  return paper, target
end

-- ---------------------------------------------------------------------------
-- The content

--- The preview of a paper wrapped to `width`: lines and highlights
--- ({ line (0-based), col_start, col_end, group }).
function M.lines(paper, width)
  local lines, hls = {}, {}
  local function add(text, group, label)
    local l = #lines
    lines[#lines + 1] = text
    if label then
      hls[#hls + 1] = { l, 0, #label, "ReamPreviewLabel" }
      if group then
        hls[#hls + 1] = { l, #label, -1, group }
      end
    elseif group then
      hls[#hls + 1] = { l, 0, -1, group }
    end
  end
  local function wrapped(text, group, label)
    local body = util.wrap((label or "") .. tostring(text), width)
    for n, l in ipairs(body) do
      add(l, group, n == 1 and label or nil)
    end
  end

  wrapped(paper.title or paper.key or "(no title)", "ReamPreviewTitle")
  local authors = util.all_authors(paper)
  if authors ~= "" then
    wrapped(authors, "ReamPreviewAuthors")
  end
  local meta = {}
  meta[#meta + 1] = paper.date or (paper.year and tostring(paper.year)) or nil
  if paper.venue and paper.venue ~= "" then
    local v = paper.venue
    if paper.volume and paper.volume ~= "" then
      v = v .. " " .. paper.volume
      if paper.number and paper.number ~= "" then
        v = v .. "(" .. paper.number .. ")"
      end
    end
    if paper.pages and paper.pages ~= "" then
      v = v .. ", " .. paper.pages
    end
    meta[#meta + 1] = v
  end
  if paper.publisher and paper.publisher ~= "" then
    meta[#meta + 1] = paper.publisher
  end
  if #meta > 0 then
    wrapped(table.concat(meta, " · "), "ReamPreviewMeta")
  end
  local ids = { paper.key }
  if paper.arxiv and paper.arxiv ~= "" then
    local v = paper.arxiv_version and paper.arxiv_version ~= "" and ("v" .. paper.arxiv_version) or ""
    local cat = paper.primary_cat and paper.primary_cat ~= "" and (" [" .. paper.primary_cat .. "]") or ""
    ids[#ids + 1] = "arXiv:" .. paper.arxiv .. v .. cat
  end
  if paper.doi and paper.doi ~= "" then
    ids[#ids + 1] = "doi:" .. paper.doi
  end
  wrapped(table.concat(ids, " · "), "ReamPreviewMeta")
  local cats = paper.categories
  if type(cats) == "table" and #cats > 0 then
    wrapped(table.concat(cats, " "), nil, "Categories: ")
  end
  if paper.created and paper.created ~= "" then
    local d = paper.created
    if paper.updated and paper.updated ~= "" and paper.updated ~= paper.created then
      d = d .. ", updated " .. paper.updated
    end
    wrapped(d, nil, "Submitted: ")
  end
  if paper.comments and paper.comments ~= "" then
    wrapped(paper.comments, nil, "Comments: ")
  end
  if paper.keywords and paper.keywords ~= "" then
    wrapped(paper.keywords, nil, "Keywords: ")
  end
  local abstract = paper.abstract and tostring(paper.abstract):gsub("%s+", " ")
  if abstract and abstract ~= "" then
    add("", nil)
    add("Abstract", "ReamPreviewHeading")
    wrapped(abstract, nil)
  end
  return lines, hls
end

-- ---------------------------------------------------------------------------
-- The float

--- The open preview: { win =, buf =, src_win =, src_buf = } or nil.
function M.current()
  local s = H.state
  if s and vim.api.nvim_win_is_valid(s.win) then
    return s
  end
  H.state = nil
  return nil
end

--- Closes the preview.
function M.close()
  local s = H.state
  H.state = nil
  pcall(vim.api.nvim_del_augroup_by_name, "ream_preview")
  if s and vim.api.nvim_win_is_valid(s.win) then
    pcall(vim.api.nvim_win_close, s.win, true)
  end
end

--- Opens the preview of a paper beside the cursor of the current window.
--- Returns the state ({ win =, buf = }).
function M.open(paper)
  M.close()
  H.define_highlights()
  local cfg = require("ream.config").get()
  local src_win = vim.api.nvim_get_current_win()
  local src_buf = vim.api.nvim_get_current_buf()
  local columns, screen_lines = vim.o.columns, vim.o.lines - vim.o.cmdheight - 1
  local width = math.max(20, math.min(cfg.preview.width, columns - 4))
  local lines, hls = M.lines(paper, width)
  local content_width = 1
  for _, l in ipairs(lines) do
    content_width = math.max(content_width, vim.fn.strdisplaywidth(l))
  end
  width = math.min(width, content_width)

  -- Below the cursor when it fits, else above, else wherever is larger.
  local pos = vim.api.nvim_win_get_cursor(src_win)
  local win_row = vim.fn.winline() -- 1-based row of the cursor in the window
  local top = vim.fn.win_screenpos(src_win)[1] - 1
  local cursor_row = top + win_row -- 1-based screen row
  local below = screen_lines - cursor_row - 2
  local above = cursor_row - 1 - 2
  local want = math.min(#lines, cfg.preview.height)
  local row, height
  if want <= below or below >= above then
    row, height = 1, math.max(1, math.min(want, below))
  else
    height = math.max(1, math.min(want, above))
    row = -(height + 2)
  end
  local cursor_col = vim.fn.win_screenpos(src_win)[2] - 1 + vim.fn.wincol() - 1
  local col = math.min(0, columns - (cursor_col + width + 2))

  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  for _, h in ipairs(hls) do
    vim.api.nvim_buf_add_highlight(buf, M.ns, h[4], h[1], h[2], h[3])
  end
  vim.bo[buf].modifiable = false
  vim.bo[buf].bufhidden = "wipe"
  vim.bo[buf].filetype = "ream_preview"
  local win = vim.api.nvim_open_win(buf, false, {
    relative = "cursor",
    row = row,
    col = col,
    width = width,
    height = height,
    style = "minimal",
    border = cfg.preview.border,
    focusable = true,
    zindex = 60,
  })
  vim.wo[win].wrap = false
  vim.wo[win].foldenable = false
  vim.wo[win].scrolloff = 0
  for _, key in ipairs({ "q", "<Esc>" }) do
    vim.api.nvim_buf_set_keymap(buf, "n", key, "", {
      noremap = true,
      nowait = true,
      callback = function()
        M.close()
      end,
    })
  end
  H.state = { win = win, buf = buf, src_win = src_win, src_buf = src_buf, pos = pos, lines = lines }

  local group = vim.api.nvim_create_augroup("ream_preview", { clear = true })
  vim.api.nvim_create_autocmd({ "CursorMoved", "CursorMovedI", "InsertEnter" }, {
    group = group,
    buffer = src_buf,
    callback = function(ev)
      local s = M.current()
      if not s then
        return true
      end
      if vim.api.nvim_get_current_win() == s.win then
        return
      end
      if ev.event == "CursorMoved" and vim.api.nvim_get_current_win() == s.src_win then
        local now = vim.api.nvim_win_get_cursor(s.src_win)
        if now[1] == s.pos[1] and now[2] == s.pos[2] then
          return -- the event of an earlier move, not a new one
        end
      end
      M.close()
    end,
  })
  vim.api.nvim_create_autocmd("BufLeave", {
    group = group,
    buffer = src_buf,
    callback = function()
      vim.schedule(function()
        local s = M.current()
        if s and vim.api.nvim_get_current_win() ~= s.win then
          M.close()
        end
      end)
    end,
  })
  vim.api.nvim_create_autocmd("WinLeave", {
    group = group,
    buffer = buf,
    callback = function()
      vim.schedule(M.close)
    end,
  })
  return H.state
end

--- Moves into the open preview (to scroll and yank). Returns true when
--- there was one.
function M.enter()
  local s = M.current()
  if not s then
    return false
  end
  vim.api.nvim_set_current_win(s.win)
  return true
end

return M
