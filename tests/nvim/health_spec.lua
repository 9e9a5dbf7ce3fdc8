-- :checkhealth ream on this Neovim's health API, and the shim that makes
-- the same check run on 0.7's (report_start, report_ok...) and on the newer
-- one (vim.health.start, ok...).
local h = require("helpers")

local dir

-- A health API that records what it is told, in either naming.
local function recorder(old)
  local log = {}
  local function rec(kind)
    return function(msg)
      log[#log + 1] = kind .. ": " .. msg
    end
  end
  if old then
    return log, { report_start = rec("start"), report_ok = rec("ok"), report_warn = rec("warn"),
      report_error = rec("error"), report_info = rec("info") }
  end
  return log, { start = rec("start"), ok = rec("ok"), warn = rec("warn"), error = rec("error"), info = rec("info") }
end

describe("health", function()
  setup(function()
    dir = h.tmpdir()
    h.store(dir)
  end)
  before_each(function()
    h.configure({ db = dir .. "/ream.sqlite3", picker = "select" })
  end)
  after_each(function()
    h.restore()
  end)

  it("runs as :checkhealth ream", function()
    vim.cmd("checkhealth ream")
    local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
    assert.matches("ream: the C module", text)
    assert.matches("core.so loaded", text)
    assert.matches("11 papers", text)
    assert.matches("SQLite 3", text)
    assert.matches("full%-text search %(FTS5%) works", text)
    assert.matches("integrity check passed", text)
    assert.matches("pickers and completion", text)
    assert.is_nil(text:find("Failed to run healthcheck", 1, true))
    assert.is_nil(text:find("No healthcheck found", 1, true))
    vim.cmd("bwipeout!")
  end)

  for _, old in ipairs({ true, false }) do
    local name = old and "0.7's report_* functions" or "vim.health.start/ok/warn"
    it("speaks " .. name, function()
      local log, api = recorder(old)
      local saved_health, saved_mod = rawget(vim, "health"), package.loaded["health"]
      if old then
        -- false, not nil: on newer Neovim a nil vim.health loads itself.
        vim.health = false
        package.loaded["health"] = api
      else
        vim.health = api
      end
      local ok, err = pcall(require("ream.health").check)
      vim.health, package.loaded["health"] = saved_health, saved_mod
      assert(ok, err)
      local text = table.concat(log, "\n")
      assert.matches("start: ream: the C module", text)
      assert.matches("ok: lua/ream/core.so loaded", text)
      assert.matches("ok: 11 papers", text)
      assert.is_nil(text:find("error:", 1, true), text)
    end)
  end

  it("leaves the integrity of a large store to `ream check`", function()
    local health = require("ream.health")
    local limit = health.check_limit
    health.check_limit = 1
    local log, api = recorder(false)
    local saved = vim.health
    vim.health = api
    local ok, err = pcall(health.check)
    vim.health, health.check_limit = saved, limit
    assert(ok, err)
    local text = table.concat(log, "\n")
    assert.matches("info: integrity not checked here .*run `ream check`", text)
    assert.is_nil(text:find("integrity check passed", 1, true))
    assert.matches("ok: omnifunc: set in documents; its menu opens as you type", text)
  end)

  it("reports a store that does not open as an error, with advice", function()
    h.write(dir .. "/bad.sqlite3", string.rep("garbage\n", 500))
    h.configure({ db = dir .. "/bad.sqlite3" })
    local log, api = recorder(false)
    local saved = vim.health
    vim.health = api
    local ok, err = pcall(require("ream.health").check)
    vim.health = saved
    assert(ok, err)
    assert.matches("error: ream: ", table.concat(log, "\n"))
  end)
end)
