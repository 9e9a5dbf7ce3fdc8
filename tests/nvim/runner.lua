-- tests/nvim/runner.lua: runs one spec file ($REAM_SPEC) with busted inside
-- the headless Neovim, TAP on stdout; exits 0 when every test passed.
local root = os.getenv("REAM_ROOT") or vim.fn.getcwd()
local spec = assert(os.getenv("REAM_SPEC"), "REAM_SPEC is not set")
local share = os.getenv("REAM_LUA_SHARE") or "/usr/share/lua/5.1"
local lib = os.getenv("REAM_LUA_LIB") or "/usr/lib/x86_64-linux-gnu/lua/5.1"
package.path = table.concat({
  root .. "/tests/nvim/?.lua",
  share .. "/?.lua",
  share .. "/?/init.lua",
  package.path,
}, ";")
package.cpath = lib .. "/?.so;" .. package.cpath

-- TAP goes to its own file ($REAM_TAP): what Neovim itself prints (echoed
-- progress, messages) goes to stdout without line breaks and would run into
-- the TAP lines.
local tap = os.getenv("REAM_TAP")
if tap then
  io.output(tap)
end

_G.arg = { [0] = "busted", "--output=TAP", "--sort-files", spec }
local ok, err = pcall(function()
  require("busted.runner")({ standalone = false })
end)
-- busted returns when every test passed, and raises when one failed (or
-- when it could not run at all).
io.output():flush()
if ok then
  vim.cmd("qall!")
end
if err ~= nil then
  io.write("# busted: " .. tostring(err) .. "\n")
end
io.output():flush()
vim.cmd("cquit 1")
