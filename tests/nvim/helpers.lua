-- tests/nvim/helpers.lua: what the specs share. A real store made from the
-- fixture library with the real C module, real buffers and files in a
-- temporary folder, and a record of what ream told the user.
local H = {}

H.root = os.getenv("REAM_ROOT") or vim.fn.getcwd()
H.fixtures = H.root .. "/tests/nvim/fixtures"

--- A fresh temporary folder.
function H.tmpdir()
  local d = vim.fn.tempname()
  vim.fn.mkdir(d, "p")
  return d
end

--- Where the listing pair is (tests/data/listings: a header and "Abstract:"
--- lines, and records with ids; 17 papers together, like the real samples).
function H.seeds()
  return H.root .. "/tests/data/listings"
end

--- Writes a file (lines or a string).
function H.write(path, content)
  vim.fn.mkdir(vim.fn.fnamemodify(path, ":h"), "p")
  local f = assert(io.open(path, "wb"))
  f:write(type(content) == "table" and (table.concat(content, "\n") .. "\n") or content)
  f:close()
  return path
end

--- A file's content.
function H.read(path)
  local f = io.open(path, "rb")
  if not f then
    return nil
  end
  local s = f:read("*a")
  f:close()
  return s
end

--- Makes a store at dir/ream.sqlite3 holding the fixture library (imported
--- with the C module), points ream at it and returns its path.
function H.store(dir, opts)
  dir = dir or H.tmpdir()
  local path = dir .. "/ream.sqlite3"
  local core = require("ream.core")
  local s = assert(core.open(path))
  local res = assert(s:import(H.fixtures .. "/library.jsonl"))
  assert(res.added and res.added >= 11, vim.inspect(res))
  s:close()
  H.configure(vim.tbl_deep_extend("force", { db = path, picker = "select" }, opts or {}))
  return path
end

--- Sets ream's options afresh (and forgets the open store).
function H.configure(opts)
  require("ream.config").reset()
  require("ream.store").close()
  require("ream.util").reset_once()
  local ok, err = require("ream.config").set(opts)
  assert(ok, err)
end

H.notes = {}
local real_notify = vim.notify

--- Records vim.notify calls in H.notes (msg, level) instead of showing them.
function H.capture()
  H.notes = {}
  vim.notify = function(msg, level)
    H.notes[#H.notes + 1] = { msg = msg, level = level or vim.log.levels.INFO }
  end
  return H.notes
end

function H.release()
  vim.notify = real_notify
end

--- The recorded messages joined, for assertions.
function H.messages()
  local t = {}
  for _, n in ipairs(H.notes) do
    t[#t + 1] = n.msg
  end
  return table.concat(t, "\n")
end

--- Opens a file with this content in the current window (filetype
--- detection and ream's autocommands run as for any file); returns the
--- buffer.
function H.edit(path, lines)
  if lines then
    H.write(path, lines)
  end
  vim.cmd("silent edit! " .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

--- A scratch buffer with these lines and filetype, in the current window.
function H.scratch(lines, ft)
  vim.cmd("enew!")
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = "nofile"
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  if ft then
    vim.bo[buf].filetype = ft
  end
  return buf
end

--- The buffer's lines.
function H.lines(buf)
  return vim.api.nvim_buf_get_lines(buf or 0, 0, -1, false)
end

--- Puts the cursor (1-based row, 0-based byte column) in the current window.
function H.cursor(row, col)
  vim.api.nvim_win_set_cursor(0, { row, col })
end

--- Puts the cursor on the first occurrence of text (plain) in the buffer.
function H.cursor_on(text, offset)
  for i, l in ipairs(H.lines()) do
    local s = l:find(text, 1, true)
    if s then
      H.cursor(i, s - 1 + (offset or 0))
      return
    end
  end
  error("no " .. text .. " in the buffer")
end

--- Waits (running the event loop) until cond() is true; returns cond().
function H.wait(cond, ms)
  vim.wait(ms or 5000, cond, 20)
  return cond()
end

--- Replaces vim.ui.select: `choose(items, opts)` returns the chosen item
--- (or nil to cancel). Records the calls in H.selects.
local real_select, real_input = vim.ui.select, vim.ui.input
function H.stub_select(choose)
  H.selects = {}
  vim.ui.select = function(items, opts, on_choice)
    H.selects[#H.selects + 1] = { items = items, opts = opts }
    local item = choose(items, opts)
    local idx
    for i, it in ipairs(items) do
      if it == item then
        idx = i
      end
    end
    on_choice(item, idx)
  end
end

--- Replaces vim.ui.input: answers `value` (nil: cancel). Records prompts.
function H.stub_input(value)
  H.inputs = {}
  vim.ui.input = function(opts, on_confirm)
    H.inputs[#H.inputs + 1] = opts
    on_confirm(value)
  end
end

--- The first item whose key is `key` (for stub_select).
function H.by_key(key)
  return function(items)
    for _, it in ipairs(items) do
      if type(it) == "table" and it.key == key then
        return it
      end
    end
    return nil
  end
end

--- Undoes the stubs and closes what a test opened.
function H.restore()
  vim.ui.select, vim.ui.input = real_select, real_input
  H.release()
  pcall(function()
    require("ream.preview").close()
  end)
  vim.cmd("silent! only!")
  vim.cmd("silent! enew!")
  vim.cmd("silent! %bwipeout!")
end

--- Runs an Ex command and returns what it printed, or raises.
function H.exec(cmd)
  return vim.api.nvim_exec(cmd, true)
end

return H
