-- ream.util: what the modules share: messages at the UI boundary, text
-- wrapping and the short forms of a paper.
local M = {}
local H = { once = {} }
local unpack = unpack or table.unpack

M.uv = vim.uv or vim.loop

--- One message to the user. Only the UI boundary (commands, mappings,
--- completion sources, pickers) calls this.
function M.notify(msg, level)
  vim.notify(msg, level or vim.log.levels.INFO, { title = "ream" })
end

--- Like M.notify, but a message is shown once a session.
function M.notify_once(msg, level)
  if H.once[msg] then
    return
  end
  H.once[msg] = true
  M.notify(msg, level)
end

--- Forgets which messages were shown (tests).
function M.reset_once()
  H.once = {}
end

--- The message of a Lua error, without traceback; ours ("ream: ...") as
--- they are, others as an internal error with their position.
function M.error_message(err)
  local msg = type(err) == "string" and err or vim.inspect(err)
  msg = msg:gsub("\nstack traceback:.*$", "")
  local own = msg:match("^[^\n]-:%d+: (ream: .*)$") or msg:match("^(ream: .*)$")
  if own then
    return own
  end
  local short = msg:gsub("^.-([%w_]+%.lua:%d+:)", "%1")
  return "ream: internal error: " .. short
end

--- Wraps fn so that an error becomes one notification instead of a
--- traceback. Returns what fn returns.
function M.guard(fn)
  return function(...)
    local res = { xpcall(fn, function(e)
      return e
    end, ...) }
    if not res[1] then
      M.notify(M.error_message(res[2]), vim.log.levels.ERROR)
      return nil
    end
    return unpack(res, 2, table.maxn(res))
  end
end

--- The config, after saying once what was wrong with it.
function M.config()
  local config = require("ream.config")
  local cfg = config.get()
  local problem = config.problem()
  if problem then
    M.notify_once(problem, vim.log.levels.WARN)
  end
  return cfg
end

--- The open store, or nil after one message saying why not.
function M.store(once)
  local store, err = require("ream.store").get()
  local note = require("ream.store").take_note()
  if note then
    M.notify(note, vim.log.levels.WARN)
  end
  if not store then
    if once then
      M.notify_once(err, vim.log.levels.ERROR)
    else
      M.notify(err, vim.log.levels.ERROR)
    end
    return nil
  end
  return store
end

-- What para holds: "ascii" when it is ASCII with single spaces between
-- words, "space" when ASCII with other white space, "utf8" otherwise. A
-- byte loop, which LuaJIT compiles: patterns are interpreted.
local function kind_of(para)
  local kind, prev = "ascii", 32
  for i = 1, #para do
    local b = para:byte(i)
    if b > 127 then
      return "utf8"
    elseif (b == 32 and prev == 32) or (b >= 9 and b <= 13) then
      kind = "space"
    end
    prev = b
  end
  return prev == 32 and #para > 0 and "space" or kind
end

-- Wraps para, which is ASCII only, onto lines (appended to out): one cell
-- a byte, so each line is cut at the last space that fits, found by byte
-- rather than word by word (an abstract is wrapped on every keystroke of
-- completion).
local function wrap_ascii(para, width, out, kind, max)
  if kind == "space" then
    para = para:gsub("%s+", " ")
    if para:byte(1) == 32 then
      para = para:sub(2)
    end
    if para:byte(-1) == 32 then
      para = para:sub(1, -2)
    end
  end
  local i, n = 1, #para
  if n == 0 then
    out[#out + 1] = ""
  end
  while i <= n and #out < max do
    if n - i < width then
      out[#out + 1] = para:sub(i)
      return
    end
    local k = i + width -- a space here: i .. k-1 fits exactly
    while k > i and para:byte(k) ~= 32 do
      k = k - 1
    end
    if k == i then -- a word longer than the width: a line of its own
      k = para:find(" ", i + width, true) or n + 1
    end
    out[#out + 1] = para:sub(i, k - 1)
    i = k + 1
  end
end

--- Splits text into lines of at most `width` display cells, breaking at
--- white space (a word longer than the width gets a line of its own); with
--- `max`, the first `max` lines only.
function M.wrap(text, width, max)
  local lines = {}
  max = max or math.huge
  text = tostring(text or "")
  local from = 1
  while from <= #text + 1 and #lines < max do
    local nl = text:find("\n", from, true) or #text + 1
    local para = text:sub(from, text:byte(nl - 1) == 13 and nl - 2 or nl - 1)
    from = nl + 1
    local kind = kind_of(para)
    if kind ~= "utf8" then
      wrap_ascii(para, width, lines, kind, max)
    else
      local line, len = {}, 0
      for word in para:gmatch("%S+") do
        local w = word:find("[\128-\255]") and vim.fn.strdisplaywidth(word) or #word
        if len > 0 and len + 1 + w > width then
          lines[#lines + 1] = table.concat(line, " ")
          line, len = {}, 0
          if #lines >= max then
            break
          end
        end
        line[#line + 1] = word
        len = len + (len > 0 and 1 or 0) + w
      end
      if #lines < max then
        lines[#lines + 1] = table.concat(line, " ")
      end
    end
  end
  while #lines > 1 and lines[#lines] == "" do
    lines[#lines] = nil
  end
  return lines
end

local function person(a)
  if type(a) ~= "table" then
    return tostring(a or "")
  end
  return a.family or a.literal or a.given or ""
end

--- "Vaswani", "Gu and Dao", "Vaswani et al.".
function M.short_authors(paper)
  local authors = paper.authors or {}
  if #authors == 0 then
    return ""
  elseif #authors == 1 then
    return person(authors[1])
  elseif #authors == 2 then
    return person(authors[1]) .. " and " .. person(authors[2])
  end
  return person(authors[1]) .. " et al."
end

--- Every author, "Given Family", joined with commas and a final "and"; with
--- max, the first max of them and "N others" when there are more.
function M.all_authors(paper, max)
  local names, authors = {}, paper.authors or {}
  for i, a in ipairs(authors) do
    if max and i > max and #authors > max + 1 then
      names[#names + 1] = ("%d others"):format(#authors - max)
      break
    elseif type(a) == "table" and a.given and a.given ~= "" and a.family then
      names[#names + 1] = a.given .. " " .. a.family
    else
      names[#names + 1] = person(a)
    end
  end
  if #names <= 1 then
    return names[1] or ""
  end
  return table.concat(names, ", ", 1, #names - 1) .. " and " .. names[#names]
end

--- The paper's page: arXiv abstract page, DOI resolver, or its URL.
function M.link(paper)
  if paper.arxiv and paper.arxiv ~= "" then
    return "https://arxiv.org/abs/" .. paper.arxiv
  elseif paper.doi and paper.doi ~= "" then
    return "https://doi.org/" .. paper.doi
  elseif paper.url and paper.url ~= "" then
    return paper.url
  end
  return nil
end

--- One line for lists: "key  year  Author  Title".
function M.summary(paper, width)
  local s = ("%s  %s  %s  %s"):format(
    paper.key or "?",
    paper.year and tostring(paper.year) or "----",
    M.short_authors(paper),
    (tostring(paper.title or "")):gsub("%s+", " ")
  )
  if width and vim.fn.strchars(s) > width then
    s = vim.fn.strcharpart(s, 0, width - 1) .. "…"
  end
  return s
end

--- Truncates s to at most n characters.
function M.truncate(s, n)
  s = tostring(s or ""):gsub("%s+", " ")
  if vim.fn.strchars(s) > n then
    return vim.fn.strcharpart(s, 0, n - 1) .. "…"
  end
  return s
end

--- The directory of a buffer's file, or the current directory.
function M.buf_dir(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  if name == "" then
    return vim.fn.getcwd()
  end
  return vim.fn.fnamemodify(name, ":p:h")
end

--- Joins path parts with "/".
function M.join(...)
  return (table.concat({ ... }, "/"):gsub("/+", "/"))
end

--- The file's modification time (seconds), or nil when it does not exist.
function M.mtime(path)
  local st = M.uv.fs_stat(path)
  return st and st.mtime and st.mtime.sec or nil, st and st.size
end

--- The file's content, or nil and a message.
function M.read_file(path)
  local f, err = io.open(path, "rb")
  if not f then
    return nil, err
  end
  local s = f:read("*a")
  f:close()
  return s
end

--- True when text (what precedes a "{") ends in a LaTeX citation command:
--- \cite, \citep, \autocite, \parencite*... with up to two optional
--- [pre] [post] arguments after it.
function M.ends_in_cite_command(text)
  text = text:gsub("%s+$", "")
  for _ = 1, 2 do
    local stripped = text:match("^(.*)%b[]%s*$")
    if not stripped then
      break
    end
    text = stripped:gsub("%s+$", "")
  end
  return text:match("\\%a*[Cc][Ii][Tt][Ee]%a*%*?$") ~= nil
end

return M
