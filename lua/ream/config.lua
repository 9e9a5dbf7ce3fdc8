-- ream.config: the defaults, the merge of vim.g.ream and setup() over them,
-- and the validation of every field.
local M = {}
local H = {}

M.syntaxes = { "latex", "pandoc", "typst", "org", "rst", "asciidoc", "plain" }
M.pickers = { "auto", "telescope", "fzf-lua", "snacks", "mini", "select" }

--- The defaults. Every field is documented in doc/ream.txt (|ream-config|).
M.defaults = {
  -- The store file; nil: $REAM_DB, else $XDG_DATA_HOME/ream/ream.sqlite3.
  db = nil,
  -- The `ream` command used for background imports; nil: the one `make`
  -- built next to the plugin, else `ream` on $PATH.
  cli = nil,
  -- The picker: "auto" takes the first installed of telescope, fzf-lua,
  -- snacks and mini.pick, and vim.ui.select when none is.
  picker = "auto",
  -- Keys in the picker, besides <CR> which inserts the citation.
  picker_keys = { open = "<C-o>", yank = "<C-y>", preview = "<C-e>", locator = "<C-l>" },
  -- Papers the picker shows for a query.
  limit = 50,
  cite = {
    -- Filetype -> citation syntax. Other filetypes get the reference line.
    syntax = {
      tex = "latex", plaintex = "latex", latex = "latex", context = "latex",
      markdown = "pandoc", pandoc = "pandoc", quarto = "pandoc", rmd = "pandoc",
      typst = "typst", org = "org", rst = "rst",
      asciidoc = "asciidoc", asciidoctor = "asciidoc",
    },
    -- The LaTeX command: one for all, or filetype -> command.
    command = "cite",
    -- Ask for a locator ("p. 4") every time a citation is inserted.
    locator = false,
    -- Record the time of citing so completion offers recent papers first.
    mark_cited = true,
  },
  completion = {
    -- Set 'omnifunc' in documents, unless a plugin already set one.
    omnifunc = true,
    -- Open the omnifunc's menu by itself as a key is typed in a citation
    -- (when no nvim-cmp, blink.cmp or 'autocomplete' does it already).
    auto = true,
    -- Candidates per request.
    limit = 30,
  },
  -- Filetypes ream attaches to (omnifunc, bibliography, diagnostics).
  filetypes = {
    "tex", "plaintex", "latex", "markdown", "pandoc", "quarto", "rmd",
    "typst", "org", "rst", "asciidoc", "asciidoctor",
  },
  bib = {
    -- Import the document's .bib files into the store and follow changes.
    import = true,
    -- Append the entry of a cited paper the document's .bib lacks.
    append = true,
  },
  -- Unknown citation keys as vim.diagnostic warnings.
  diagnostics = true,
  preview = {
    width = 80, -- at most, in columns
    height = 20, -- at most, in lines; longer abstracts scroll
    border = "rounded",
  },
  -- :Ream insert {name}: name -> template. A string with {field}
  -- placeholders (any paper field, and {authors} {link} {citation}
  -- {reference} {bibtex}) or function(paper, ctx) -> string.
  templates = {},
  -- The register :Ream yank fills.
  register = '"',
  -- The command :Ream open runs with the URL appended; nil: vim.ui.open,
  -- xdg-open or open.
  open_cmd = nil,
}

local function is_list(t)
  if type(t) ~= "table" then
    return false
  end
  local n = 0
  for _ in pairs(t) do
    n = n + 1
  end
  return n == #t
end

local function quote(v)
  if type(v) == "string" then
    return "'" .. v .. "'"
  end
  return vim.inspect(v)
end

local function one_of(list)
  return table.concat(list, ", ")
end

-- Validators: function(value, name) -> nil | message. `name` is the dotted
-- field name, as the user wrote it.
local V = {}

function V.string_or_nil(v, name)
  if v ~= nil and type(v) ~= "string" then
    return ("`%s` should be a string, not %s"):format(name, quote(v))
  end
end

function V.boolean(v, name)
  if type(v) ~= "boolean" then
    return ("`%s` should be true or false, not %s"):format(name, quote(v))
  end
end

function V.positive(v, name)
  if type(v) ~= "number" or v < 1 or v ~= math.floor(v) then
    return ("`%s` should be a positive whole number, not %s"):format(name, quote(v))
  end
end

function V.picker(v, name)
  if not vim.tbl_contains(M.pickers, v) then
    return ("`%s` should be one of %s, not %s"):format(name, one_of(M.pickers), quote(v))
  end
end

function V.syntax_map(v, name)
  if type(v) ~= "table" then
    return ("`%s` should be a table of filetype = syntax, not %s"):format(name, quote(v))
  end
  for ft, syn in pairs(v) do
    if type(ft) ~= "string" or not vim.tbl_contains(M.syntaxes, syn) then
      return ("`%s.%s` should be one of %s, not %s"):format(name, tostring(ft), one_of(M.syntaxes), quote(syn))
    end
  end
end

function V.command(v, name)
  local function ok(c)
    return type(c) == "string" and c:match("^%a+%*?$") ~= nil
  end
  if type(v) == "table" then
    for ft, c in pairs(v) do
      if type(ft) ~= "string" or not ok(c) then
        return ("`%s.%s` should be a LaTeX command name such as 'citep', not %s"):format(name, tostring(ft), quote(c))
      end
    end
  elseif not ok(v) then
    return ("`%s` should be a LaTeX command name such as 'citep' (or a table of filetype = command), not %s"):format(
      name,
      quote(v)
    )
  end
end

function V.string_list(v, name)
  if not is_list(v) then
    return ("`%s` should be a list of strings, not %s"):format(name, quote(v))
  end
  for _, s in ipairs(v) do
    if type(s) ~= "string" then
      return ("`%s` should be a list of strings, not %s"):format(name, quote(v))
    end
  end
end

function V.keys(v, name)
  if type(v) ~= "table" then
    return ("`%s` should be a table of action = key, not %s"):format(name, quote(v))
  end
  for action, key in pairs(v) do
    if M.defaults.picker_keys[action] == nil then
      return ("`%s.%s` is not an action; the actions are %s"):format(
        name,
        tostring(action),
        one_of(vim.tbl_keys(M.defaults.picker_keys))
      )
    end
    if key ~= false and type(key) ~= "string" then
      return ("`%s.%s` should be a key such as '<C-o>' or false, not %s"):format(name, action, quote(key))
    end
  end
end

function V.border(v, name)
  if type(v) ~= "string" and not is_list(v) then
    return ("`%s` should be a border name such as 'rounded' or a list of characters, not %s"):format(name, quote(v))
  end
end

function V.templates(v, name)
  if type(v) ~= "table" then
    return ("`%s` should be a table of name = template, not %s"):format(name, quote(v))
  end
  for k, t in pairs(v) do
    if type(k) ~= "string" or (type(t) ~= "string" and type(t) ~= "function") then
      return ("`%s.%s` should be a string or a function, not %s"):format(name, tostring(k), quote(t))
    end
  end
end

function V.register(v, name)
  if type(v) ~= "string" or #v ~= 1 then
    return ("`%s` should be a register name such as '\"' or '+', not %s"):format(name, quote(v))
  end
end

function V.open_cmd(v, name)
  if v ~= nil and (not is_list(v) or #v == 0) and type(v) ~= "string" then
    return ("`%s` should be a command (a string or a list of strings), not %s"):format(name, quote(v))
  end
end

-- The schema: a validator per leaf; nested tables are sections.
H.schema = {
  db = V.string_or_nil,
  cli = V.string_or_nil,
  picker = V.picker,
  picker_keys = V.keys,
  limit = V.positive,
  cite = {
    syntax = V.syntax_map,
    command = V.command,
    locator = V.boolean,
    mark_cited = V.boolean,
  },
  completion = {
    omnifunc = V.boolean,
    auto = V.boolean,
    limit = V.positive,
  },
  filetypes = V.string_list,
  bib = {
    import = V.boolean,
    append = V.boolean,
  },
  diagnostics = V.boolean,
  preview = {
    width = V.positive,
    height = V.positive,
    border = V.border,
  },
  templates = V.templates,
  register = V.register,
  open_cmd = V.open_cmd,
}

-- Fields whose value replaces the default as a whole instead of merging.
H.replace = { filetypes = true, ["preview.border"] = true, open_cmd = true }

--- The dotted names of every option ("db", "cite.command", ...), sorted.
function M.fields()
  local out = {}
  local function walk(schema, prefix)
    for k, v in pairs(schema) do
      if type(v) == "table" then
        walk(v, prefix .. k .. ".")
      else
        out[#out + 1] = prefix .. k
      end
    end
  end
  walk(H.schema, "")
  table.sort(out)
  return out
end

--- Merges `opts` over `base` (a copy of the defaults), validating each field.
--- Invalid fields keep their previous value. Returns the merged table and a
--- list of messages (empty when everything was valid).
function H.merge(base, opts, schema, prefix, errs)
  for k, v in pairs(opts) do
    local name = prefix .. tostring(k)
    local check = schema[k]
    if check == nil then
      errs[#errs + 1] = ("unknown option `%s`"):format(name)
    elseif type(check) == "table" then
      if type(v) ~= "table" then
        errs[#errs + 1] = ("`%s` should be a table, not %s"):format(name, quote(v))
      else
        H.merge(base[k], v, check, name .. ".", errs)
      end
    else
      local msg = check(v, name)
      if msg then
        errs[#errs + 1] = msg
      elseif type(v) == "table" and type(base[k]) == "table" and not H.replace[name] and not is_list(v) then
        base[k] = vim.tbl_extend("force", base[k], v)
      else
        base[k] = v
      end
    end
  end
  return base, errs
end

H.options = nil -- the setup() options, nil until setup
H.current = nil -- the merged config, cached
H.problem = nil -- what was wrong with vim.g.ream or the setup() options

--- Validates opts without applying them: true, or nil and a message naming
--- every bad field.
function M.validate(opts)
  if opts == nil then
    return true
  end
  if type(opts) ~= "table" then
    return nil, ("ream: the options should be a table, not %s"):format(quote(opts))
  end
  local _, errs = H.merge(vim.deepcopy(M.defaults), opts, H.schema, "", {})
  if #errs > 0 then
    return nil, "ream: " .. table.concat(errs, "; ")
  end
  return true
end

--- Replaces the setup() options (vim.g.ream still applies beneath them).
--- Returns true, or nil and one message naming every invalid field; valid
--- fields are applied either way.
function M.set(opts)
  if opts ~= nil and type(opts) ~= "table" then
    return nil, ("ream: setup() takes a table, not %s"):format(quote(opts))
  end
  H.options = opts
  H.current = nil
  M.get()
  if H.problem then
    return nil, H.problem
  end
  return true
end

--- The merged config: defaults, then vim.g.ream, then the setup() options.
--- Invalid fields are skipped; M.problem() says which.
function M.get()
  if H.current then
    return H.current
  end
  local cfg = vim.deepcopy(M.defaults)
  local errs = {}
  local g = vim.g.ream
  if type(g) == "table" then
    H.merge(cfg, g, H.schema, "", errs)
  elseif g ~= nil then
    errs[#errs + 1] = ("vim.g.ream should be a table, not %s"):format(quote(g))
  end
  if H.options then
    H.merge(cfg, H.options, H.schema, "", errs)
  end
  H.current = cfg
  H.problem = #errs > 0 and "ream: " .. table.concat(errs, "; ") or nil
  return cfg
end

--- What was wrong with the options, or nil.
function M.problem()
  M.get()
  return H.problem
end

--- Forgets the cached config (vim.g.ream is read again on next use).
function M.reset()
  H.options = nil
  H.current = nil
  H.problem = nil
end

--- The citation syntax of a buffer: its filetype's, else the one its file
--- name implies (`core` may be nil), else "plain".
function M.syntax_of(buf, core)
  local cfg = M.get()
  local ft = vim.bo[buf].filetype
  local syn = cfg.cite.syntax[ft]
  if syn then
    return syn, ft
  end
  local name = vim.api.nvim_buf_get_name(buf)
  if name ~= "" then
    local ext = name:match("%.(%w+)$")
    local by_ext = H.ext_syntax[ext and ext:lower() or ""]
    if by_ext then
      return by_ext, ft
    end
    if core and core.syntax_of_path then
      local ok, s = pcall(core.syntax_of_path, name)
      if ok and type(s) == "string" and vim.tbl_contains(M.syntaxes, s) then
        return s, ft
      end
    end
  end
  return "plain", ft
end

-- File name extensions of documents whose filetype older Neovim does not
-- detect (or detects as something else).
H.ext_syntax = {
  tex = "latex", ltx = "latex", md = "pandoc", markdown = "pandoc", qmd = "pandoc",
  rmd = "pandoc", typ = "typst", org = "org", rst = "rst", adoc = "asciidoc",
  asciidoc = "asciidoc",
}

--- The LaTeX command for a filetype.
function M.command_of(ft)
  local c = M.get().cite.command
  if type(c) == "table" then
    return c[ft] or c.tex or "cite"
  end
  return c
end

return M
