-- ream.commands: the :Ream command. One table of subcommands, each with its
-- implementation and the completion of its arguments. An unknown
-- subcommand is a message, not an error.
local M = {}
local H = {}
local util = require("ream.util")

local function ream()
  return require("ream")
end

-- The text after the subcommand, or nil when there is none.
local function rest_of(opts)
  local rest = (opts.args or ""):match("^%s*%S+%s+(.-)%s*$")
  if rest == nil or rest == "" then
    return nil
  end
  return rest
end

H.filters = { "author:", "title:", "year:", "cat:", "key:", "id:" }

function H.complete_query(arglead)
  return vim.tbl_filter(function(f)
    return f:sub(1, #arglead) == arglead
  end, H.filters)
end

function H.complete_file(arglead)
  return vim.fn.getcompletion(arglead, "file")
end

function H.complete_bib(arglead)
  local out = {}
  for _, f in ipairs(vim.fn.getcompletion(arglead, "file")) do
    if f:match("/$") or f:match("%.bib$") then
      out[#out + 1] = f
    end
  end
  return out
end

M.subcommands = {
  search = {
    impl = function(opts)
      ream().search(rest_of(opts))
    end,
    complete = H.complete_query,
    help = "search [query]: search the store in a picker",
  },
  cite = {
    impl = function(opts)
      ream().cite(rest_of(opts))
    end,
    complete = H.complete_query,
    help = "cite [query]: pick papers and insert their citation",
  },
  preview = {
    impl = function()
      ream().preview()
    end,
    help = "preview: the paper under the cursor in a float",
  },
  insert = {
    impl = function(opts)
      local what = opts.fargs[2]
      local query = (opts.args or ""):match("^%s*%S+%s+%S+%s+(.-)%s*$")
      ream().insert(what, query ~= "" and query or nil)
    end,
    complete = function(arglead, words)
      if #words > 2 then
        return H.complete_query(arglead)
      end
      local names = vim.deepcopy(require("ream").snippets)
      for name in pairs(require("ream.config").get().templates) do
        if not vim.tbl_contains(names, name) then
          names[#names + 1] = name
        end
      end
      table.sort(names)
      return vim.tbl_filter(function(n)
        return n:sub(1, #arglead) == arglead
      end, names)
    end,
    help = "insert {citation|reference|bibtex|abstract|link}: a snippet at the cursor",
  },
  import = {
    impl = function(opts)
      ream().import(rest_of(opts))
    end,
    complete = H.complete_file,
    help = "import {file}: import a file into the store in the background",
  },
  export = {
    impl = function(opts)
      ream().export(rest_of(opts), opts.bang)
    end,
    complete = H.complete_bib,
    help = "export [file]: the BibTeX of the papers the document cites",
  },
  open = {
    impl = function(opts)
      ream().open(rest_of(opts))
    end,
    help = "open: the arXiv or DOI page of the paper under the cursor",
  },
  yank = {
    impl = function(opts)
      ream().yank(rest_of(opts))
    end,
    help = "yank: the BibTeX of the paper under the cursor",
  },
  bib = {
    impl = function(opts)
      ream().bib(rest_of(opts))
    end,
    complete = H.complete_bib,
    help = "bib [file]: append the cited papers' entries to the document's .bib",
  },
  stats = {
    impl = function()
      ream().stats()
    end,
    help = "stats: what the store holds",
  },
}

--- The subcommand names, sorted.
function M.names()
  local names = vim.tbl_keys(M.subcommands)
  table.sort(names)
  return names
end

--- Runs :Ream (opts as nvim_create_user_command gives them).
function M.run(opts)
  util.guard(function()
    local name = opts.fargs and opts.fargs[1]
    if not name then
      util.notify("ream: :Ream needs a subcommand: " .. table.concat(M.names(), ", "), vim.log.levels.WARN)
      return
    end
    local sub = M.subcommands[name]
    if not sub then
      util.notify(
        ("ream: unknown subcommand '%s': the subcommands are %s"):format(name, table.concat(M.names(), ", ")),
        vim.log.levels.ERROR
      )
      return
    end
    sub.impl(opts)
  end)()
end

--- Completes :Ream's arguments.
function M.complete(arglead, cmdline, cursorpos)
  local ok, res = pcall(function()
    local line = cmdline:sub(1, cursorpos or #cmdline)
    line = line:gsub("^.-Ream!?%s*", "", 1)
    local words = vim.split(line, "%s+")
    if #words <= 1 then
      return vim.tbl_filter(function(n)
        return n:sub(1, #arglead) == arglead
      end, M.names())
    end
    local sub = M.subcommands[words[1]]
    if not sub or not sub.complete then
      return {}
    end
    return sub.complete(arglead, words)
  end)
  return ok and res or {}
end

return M
