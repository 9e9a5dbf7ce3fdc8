-- ream.core: loads the C module, lua/ream/core.so, which `make` builds next
-- to this file, and returns it. require("ream.core") finds this file before
-- the .so on Neovim's runtimepath (and on a package.path that holds lua/), so
-- this loader is what every caller gets: the C module itself.
--
-- When the module is missing or does not load, require raises one message
-- saying how to build it; the plugin's UI turns that into a notification.
local source = debug.getinfo(1, "S").source
local dir = source:sub(1, 1) == "@" and source:sub(2):match("^(.*)[/\\][^/\\]+$") or "."
local root = dir:match("^(.*)[/\\]lua[/\\]ream$") or dir
local path = dir .. "/core.so"

local f = io.open(path, "rb")
if not f then
  error(
    ("ream: the C module is not built (%s is missing): run `make` in %s"):format(path, root)
      .. ' (lazy.nvim: build = "make")',
    0
  )
end
f:close()

local open, why = package.loadlib(path, "luaopen_ream_core")
if not open then
  error(
    ("ream: the C module %s does not load (%s): rebuild it with `make` in %s"):format(
      path,
      tostring(why):gsub("%s+$", ""),
      root
    ),
    0
  )
end
return open()
