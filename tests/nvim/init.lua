-- tests/nvim/init.lua: the init file of the headless test Neovim. The
-- repository first on 'runtimepath', filetypes on, ream's plugin/ file
-- loaded the way Neovim loads it; no user configuration.
local root = os.getenv("REAM_ROOT") or vim.fn.getcwd()
vim.opt.runtimepath:prepend(root)
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"
vim.opt.more = false
vim.cmd("filetype plugin indent on")
vim.cmd("syntax on")
