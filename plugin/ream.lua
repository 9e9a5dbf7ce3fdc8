-- ream: cite, preview and search papers from a local store.
-- Defines :Ream, three <Plug> mappings and the autocommands that attach to
-- documents. Nothing of ream is loaded here: every callback requires on use.
if vim.g.loaded_ream then
  return
end
vim.g.loaded_ream = true

vim.api.nvim_create_user_command("Ream", function(opts)
  require("ream.commands").run(opts)
end, {
  nargs = "*",
  bang = true,
  range = true,
  desc = "ream: cite, preview and search papers",
  complete = function(arglead, cmdline, cursorpos)
    return require("ream.commands").complete(arglead, cmdline, cursorpos)
  end,
})

local function plug(lhs, name, modes)
  for _, mode in ipairs(modes) do
    vim.api.nvim_set_keymap(mode, lhs, "", {
      noremap = true,
      desc = "ream: " .. name,
      callback = function()
        require("ream")[name]()
      end,
    })
  end
end
plug("<Plug>(ream-cite)", "cite", { "n", "i" })
plug("<Plug>(ream-preview)", "preview", { "n" })
plug("<Plug>(ream-search)", "search", { "n", "i" })

-- Documents: set the omnifunc, import the bibliography, show diagnostics.
-- The filetypes are the `filetypes` option: setup() given before this file
-- runs, or vim.g.ream, else the defaults (setup() given later replaces the
-- autocommand). The patterns catch *.typ and *.qmd on Neovim versions that
-- do not detect those filetypes.
local group = vim.api.nvim_create_augroup("ream", { clear = true })
local function attach(ev)
  require("ream.buffer").attach(ev.buf)
end
local filetypes = {
  "tex", "plaintex", "latex", "markdown", "pandoc", "quarto", "rmd",
  "typst", "org", "rst", "asciidoc", "asciidoctor",
}
if package.loaded["ream.config"] then
  filetypes = require("ream.config").get().filetypes
elseif type(vim.g.ream) == "table" and type(vim.g.ream.filetypes) == "table" then
  local ok = true
  for _, ft in ipairs(vim.g.ream.filetypes) do
    ok = ok and type(ft) == "string"
  end
  filetypes = ok and vim.g.ream.filetypes or filetypes
end
if #filetypes > 0 then
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = filetypes,
    callback = attach,
  })
end
vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
  group = group,
  pattern = { "*.typ", "*.qmd" },
  callback = attach,
})
