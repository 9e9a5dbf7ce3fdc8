-- ream.cite: where a citation goes and what it looks like. Knows the
-- citation lists of each syntax, so that a key picked inside `\cite{a,|}`,
-- `[@a; |]` or `[cite:@a;|]` joins the list instead of nesting a citation.
-- Returns nil and a message on failure; never notifies.
local M = {}
local H = {}
local unpack = unpack or table.unpack

--- Where to insert: the buffer, window, 1-based row, 0-based byte column of
--- the insertion point and the mode. In normal mode the point is after the
--- character under the cursor (like `a`), in insert mode at the cursor.
function M.context(win)
  win = win or vim.api.nvim_get_current_win()
  local buf = vim.api.nvim_win_get_buf(win)
  local row, col = unpack(vim.api.nvim_win_get_cursor(win))
  local mode = vim.api.nvim_get_mode().mode
  local insert = mode:sub(1, 1) == "i" or mode:sub(1, 1) == "R"
  if not insert then
    local line = vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] or ""
    if #line > 0 then
      local b = line:byte(col + 1) or 0
      local len = b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1
      col = math.min(col + len, #line)
    end
  end
  return { buf = buf, win = win, row = row, col = col, mode = insert and "i" or "n" }
end

-- The position of the innermost `open` before col (1-based index) that
-- is not closed before col, or nil.
local function innermost(line, col, open, close)
  local depth = 0
  for i = col, 1, -1 do
    local c = line:sub(i, i)
    if c == close then
      depth = depth + 1
    elseif c == open then
      if depth == 0 then
        return i
      end
      depth = depth - 1
    end
  end
  return nil
end

-- Each joiner: function(line, col) -> join | nil, where join = { lead =,
-- trail =, keys = function(keys, locator) -> string }. col is the 0-based
-- byte insertion point (the text before it is line:sub(1, col)).
H.joiners = {}

function H.joiners.latex(line, col)
  local p = innermost(line, col, "{", "}")
  if not p then
    return nil
  end
  if not require("ream.util").ends_in_cite_command(line:sub(1, p - 1)) then
    return nil
  end
  local inner = line:sub(p + 1, col)
  local after = line:sub(col + 1)
  return {
    lead = (inner:match("^%s*$") or inner:match(",%s*$")) and "" or ",",
    trail = after:match("^%s*[^%s,}]") and "," or "",
    keys = function(keys)
      return table.concat(keys, ",")
    end,
  }
end

function H.joiners.pandoc(line, col)
  local p = innermost(line, col, "[", "]")
  if not p then
    return nil
  end
  local inner = line:sub(p + 1, col)
  if not inner:find("@") then
    return nil
  end
  local after = line:sub(col + 1)
  return {
    lead = (inner:match(";%s*$")) and "" or "; ",
    trail = after:match("^%s*%-?@") and "; " or "",
    keys = function(keys, locator)
      local s = "@" .. table.concat(keys, "; @")
      if locator and locator ~= "" then
        s = s .. ", " .. locator
      end
      return s
    end,
  }
end

function H.joiners.org(line, col)
  local p = innermost(line, col, "[", "]")
  if not p then
    return nil
  end
  local head = line:sub(p, col)
  local rest = head:match("^%[cite[%w/_%-]*:(.*)$")
  if not rest then
    return nil
  end
  local after = line:sub(col + 1)
  return {
    lead = (rest:match("^%s*$") or rest:match(";%s*$")) and "" or ";",
    trail = after:match("^%s*[^%s%];]") and ";" or "",
    keys = function(keys, locator)
      local s = "@" .. table.concat(keys, ";@")
      if locator and locator ~= "" then
        s = s .. " " .. locator
      end
      return s
    end,
  }
end

function H.joiners.rst(line, col)
  local before = line:sub(1, col)
  local start = nil
  for i = #before, 1, -1 do
    if before:sub(i, i) == "`" then
      start = i
      break
    end
  end
  if not start or not before:sub(1, start - 1):match(":cite[%w:]*:$") then
    return nil
  end
  local inner = before:sub(start + 1)
  local after = line:sub(col + 1)
  return {
    lead = (inner:match("^%s*$") or inner:match(",%s*$")) and "" or ",",
    trail = after:match("^%s*[^%s,`]") and "," or "",
    keys = function(keys)
      return table.concat(keys, ",")
    end,
  }
end

--- How keys join an existing citation at (line, col) in `syntax`, or nil
--- when col is not inside one.
function M.join_at(line, col, syntax)
  local j = H.joiners[syntax]
  if not j then
    return nil
  end
  return j(line, col)
end

--- The text to insert at (line, col): the keys joined into the citation
--- there, or a new citation from the store. opts: syntax, command, locator.
--- Returns text, joined (boolean) | nil, message.
function M.text(store, keys, line, col, opts)
  local syntax = opts.syntax
  local join = M.join_at(line, col, syntax)
  if join then
    return join.lead .. join.keys(keys, opts.locator) .. join.trail, true
  end
  local copts = {}
  if syntax == "latex" then
    copts.command = opts.command
  end
  if opts.locator and opts.locator ~= "" then
    copts.locator = opts.locator
  end
  local text, err = store:cite(keys, syntax, copts)
  if not text then
    return nil, err or "ream: no citation for " .. table.concat(keys, ", ")
  end
  if syntax == "typst" then
    -- A typst reference glued to a word is not one: keep them apart.
    local prev = line:sub(col, col)
    local next = line:sub(col + 1, col + 1)
    if prev:match("[%w_%-:.@]") then
      text = " " .. text
    end
    if next:match("[%w_]") then
      text = text .. " "
    end
  end
  return text, false
end

--- Puts text at the context's point and leaves the cursor after it (in
--- insert mode when the context was). Returns true or nil and a message.
function M.put(ctx, text)
  local buf = ctx.buf
  if not vim.api.nvim_buf_is_valid(buf) then
    return nil, "ream: the buffer is gone"
  end
  if not vim.bo[buf].modifiable then
    return nil, "ream: the buffer is not modifiable"
  end
  local nlines = vim.api.nvim_buf_line_count(buf)
  local row = math.max(1, math.min(ctx.row, nlines))
  local line = vim.api.nvim_buf_get_lines(buf, row - 1, row, false)[1] or ""
  local col = math.max(0, math.min(ctx.col, #line))
  local lines = vim.split(text, "\n", { plain = true })
  vim.api.nvim_buf_set_text(buf, row - 1, col, row - 1, col, lines)
  local end_row = row + #lines - 1
  local end_col = #lines == 1 and col + #lines[1] or #lines[#lines]
  local win = ctx.win
  if win and vim.api.nvim_win_is_valid(win) and vim.api.nvim_win_get_buf(win) == buf then
    if vim.api.nvim_get_current_win() ~= win then
      vim.api.nvim_set_current_win(win)
    end
    local mode = vim.api.nvim_get_mode().mode:sub(1, 1)
    if ctx.mode == "i" then
      vim.api.nvim_win_set_cursor(win, { end_row, end_col })
      if mode ~= "i" then
        local len = #(vim.api.nvim_buf_get_lines(buf, end_row - 1, end_row, false)[1] or "")
        if end_col >= len then
          vim.cmd("startinsert!")
        else
          vim.cmd("startinsert")
        end
      end
    else
      vim.api.nvim_win_set_cursor(win, { end_row, math.max(0, end_col - 1) })
    end
  end
  return true
end

--- Inserts a citation of `keys` at the context's point, joining a citation
--- already there. opts: locator. After inserting, records the papers as
--- cited and appends the entries the document's .bib lacks (when configured).
--- Returns info = { text =, joined =, appended = {keys}, bib = path } or nil
--- and a message.
function M.insert(ctx, keys, opts)
  opts = opts or {}
  local config = require("ream.config")
  local st = require("ream.store")
  if #keys == 0 then
    return nil, "ream: nothing to cite"
  end
  local store, err = st.get()
  if not store then
    return nil, err
  end
  if not vim.api.nvim_buf_is_valid(ctx.buf) then
    return nil, "ream: the buffer is gone"
  end
  local cfg = config.get()
  local syntax, ft = config.syntax_of(ctx.buf, st.core())
  local row = math.max(1, math.min(ctx.row, vim.api.nvim_buf_line_count(ctx.buf)))
  local line = vim.api.nvim_buf_get_lines(ctx.buf, row - 1, row, false)[1] or ""
  local col = math.max(0, math.min(ctx.col, #line))
  local text, joined = M.text(store, keys, line, col, {
    syntax = syntax,
    command = config.command_of(ft),
    locator = opts.locator,
  })
  if not text then
    return nil, joined
  end
  local ok, perr = M.put({ buf = ctx.buf, win = ctx.win, row = row, col = col, mode = ctx.mode }, text)
  if not ok then
    return nil, perr
  end
  local info = { text = text, joined = joined, syntax = syntax }
  if cfg.cite.mark_cited then
    st.mark_cited(keys)
  end
  if cfg.bib.append and syntax ~= "plain" then
    local appended, path_or_err = require("ream.bib").append_missing(ctx.buf, keys)
    if appended then
      info.appended, info.bib = appended, path_or_err
    else
      info.warning = path_or_err
    end
  end
  return info
end

return M
