-- When things go wrong: a module that is not built, a store that is
-- read-only, not a store at all, or cannot be created. Each gives one clear
-- message, never a traceback.
local h = require("helpers")

local dir

-- Makes require("ream.core") run a copy of the loader in a folder with no
-- core.so, as on a fresh install before `make`.
local function unbuilt()
  local fake = h.tmpdir() .. "/plugin"
  vim.fn.mkdir(fake .. "/lua/ream", "p")
  h.write(fake .. "/lua/ream/core.lua", h.read(h.root .. "/lua/ream/core.lua"))
  package.loaded["ream.core"] = nil
  package.preload["ream.core"] = function()
    return dofile(fake .. "/lua/ream/core.lua")
  end
  require("ream.store").close()
  require("ream.store")._forget_core()
  return fake
end

local function rebuilt()
  package.preload["ream.core"] = nil
  package.loaded["ream.core"] = nil
  require("ream.store")._forget_core()
end

local function no_traceback()
  for _, n in ipairs(h.notes) do
    assert.is_nil(n.msg:find("traceback", 1, true), n.msg)
    assert.is_nil(n.msg:find("%.lua:%d+:"), n.msg)
  end
end

describe("errors", function()
  setup(function()
    dir = h.tmpdir()
    h.store(dir)
  end)
  before_each(function()
    h.capture()
    h.configure({ db = dir .. "/ream.sqlite3", picker = "select" })
  end)
  after_each(function()
    rebuilt()
    h.restore()
  end)

  describe("a module that is not built", function()
    it("gives one message saying to run make", function()
      local fake = unbuilt()
      h.scratch({ "\\cite{gu2023mamba}" }, "tex")
      require("ream").cite()
      assert.are.equal(1, #h.notes)
      assert.matches("not built", h.notes[1].msg)
      assert.matches("run `make` in " .. vim.pesc(fake), h.notes[1].msg)
      assert.are.equal(vim.log.levels.ERROR, h.notes[1].level)
      no_traceback()
    end)

    it("says so from :Ream preview, :Ream stats and the omnifunc", function()
      unbuilt()
      h.scratch({ "\\cite{gu2023mamba}" }, "tex")
      h.cursor(1, 8)
      vim.cmd("Ream preview")
      vim.cmd("Ream stats")
      local omni = require("ream.complete.omni").omnifunc
      h.cursor(1, 6)
      assert.are.same({}, omni(0, "gu").words)
      assert.is_true(#h.notes >= 2)
      for _, n in ipairs(h.notes) do
        assert.matches("make", n.msg)
      end
      no_traceback()
    end)

    it("never opens an attached document with an error", function()
      unbuilt()
      local buf = h.edit(dir .. "/unbuilt.tex", { "\\cite{x}" })
      vim.wait(200)
      assert.is_true(vim.api.nvim_buf_is_valid(buf))
      assert.is_true(#h.notes <= 1, h.messages())
      no_traceback()
    end)
  end)

  describe("the store", function()
    it("reports a file that is not a store, once and clearly", function()
      local bad = dir .. "/corrupt.sqlite3"
      h.write(bad, string.rep("this is not a database\n", 400))
      h.configure({ db = bad })
      require("ream").stats()
      assert.are.equal(1, #h.notes)
      assert.matches("^ream: ", h.notes[1].msg)
      assert.are.equal(vim.log.levels.ERROR, h.notes[1].level)
      no_traceback()
      -- the file is left as it was
      assert.matches("^this is not a database", h.read(bad))
    end)

    it("reports a store that cannot be created", function()
      h.write(dir .. "/afile", "x")
      h.configure({ db = dir .. "/afile/sub/ream.sqlite3" })
      h.scratch({ "" }, "tex")
      require("ream").cite()
      assert.are.equal(1, #h.notes)
      assert.matches("^ream: ", h.notes[1].msg)
      no_traceback()
    end)

    -- Another program holds the store's lock: `sqlite3` in a job, until
    -- it is stopped. mode: "write" (BEGIN IMMEDIATE: readers go on) or
    -- "exclusive" (nobody may even read).
    local function lock(path, mode)
      local sql = mode == "exclusive" and "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;" or "BEGIN IMMEDIATE;"
      -- (Its output waits in a buffer: a file says when the lock is held.)
      local flag = h.tmpdir() .. "/locked"
      local job = vim.fn.jobstart({
        "sqlite3", path, sql .. " SELECT count(*) FROM paper;", ".shell touch " .. flag, ".shell sleep 60",
      })
      assert(job > 0, "sqlite3 is not installed")
      assert(h.wait(function()
        return vim.loop.fs_stat(flag) ~= nil
      end, 5000), "sqlite3 took no lock")
      return function()
        vim.fn.jobstop(job)
        vim.fn.jobwait({ job }, 2000)
      end
    end

    it("cites at once while another program writes, and marks the paper cited afterwards", function()
      local d = h.tmpdir()
      local path = h.store(d)
      require("ream.store")._retry_every(100)
      h.scratch({ "" }, "tex")
      assert(require("ream.store").get()) -- open before the lock is taken
      local unlock = lock(path, "write")
      h.stub_select(h.by_key("gu2023mamba"))
      local t = vim.loop.hrtime()
      require("ream").cite("mamba")
      local ms = (vim.loop.hrtime() - t) / 1e6
      assert.are.same({ "\\cite{gu2023mamba}" }, h.lines())
      assert.is_true(ms < 2000, ("citing took %d ms"):format(ms))
      assert.are.same({ "gu2023mamba" }, require("ream.store").pending())
      assert.are.equal(0, #h.notes, h.messages())
      unlock()
      assert.is_true(h.wait(function()
        return #require("ream.store").pending() == 0
      end, 5000))
      assert.are.equal("gu2023mamba", require("ream.store").search("", 1)[1].key)
      require("ream.store")._retry_every(2000)
    end)

    it("says in one message that a store locked by another program is busy, without waiting long", function()
      local d = h.tmpdir()
      local path = h.store(d)
      local unlock = lock(path, "exclusive")
      h.scratch({ "" }, "tex")
      local t = vim.loop.hrtime()
      require("ream").cite("mamba")
      local ms = (vim.loop.hrtime() - t) / 1e6
      unlock()
      assert.is_true(ms < 2000, ("took %d ms"):format(ms))
      assert.are.equal(1, #h.notes, h.messages())
      assert.matches("^ream: .*busy.*try again", h.notes[1].msg)
      assert.are.equal(vim.log.levels.ERROR, h.notes[1].level)
      no_traceback()
    end)

    -- A store nobody may write: on a read-only mount (tests/nvim/specs.sh
    -- makes one when run as root), else a file and folder without write
    -- permission.
    local function readonly_store()
      local ro = os.getenv("REAM_TEST_RO")
      if ro and ro ~= "" then
        return ro .. "/ream.sqlite3"
      elseif vim.loop.getuid and vim.loop.getuid() ~= 0 then
        local d = h.tmpdir()
        h.store(d)
        vim.loop.fs_chmod(d .. "/ream.sqlite3", tonumber("444", 8))
        vim.loop.fs_chmod(d, tonumber("555", 8))
        return d .. "/ream.sqlite3"
      end
      return nil
    end

    it("searches and cites from a read-only store", function()
      local path = readonly_store()
      if not path then
        pending("root ignores file modes: run under tests/nvim/specs.sh (REAM_TEST_RO)")
        return
      end
      h.configure({ db = path, picker = "select" })
      h.scratch({ "" }, "tex")
      h.stub_select(h.by_key("gu2023mamba"))
      require("ream").cite("mamba")
      assert.is_true(h.wait(function()
        return h.lines()[1] ~= ""
      end), h.messages())
      assert.are.same({ "\\cite{gu2023mamba}" }, h.lines())
      for _, n in ipairs(h.notes) do
        assert.are_not.equal(vim.log.levels.ERROR, n.level, n.msg)
      end
      no_traceback()
    end)

    it("says in one message that a read-only store takes no import", function()
      local path = readonly_store()
      if not path then
        pending("root ignores file modes: run under tests/nvim/specs.sh (REAM_TEST_RO)")
        return
      end
      h.configure({ db = path, picker = "select" })
      vim.cmd("Ream import " .. h.fixtures .. "/project.bib")
      assert.is_true(h.wait(function()
        return h.messages():find("read%-only") ~= nil
      end, 10000), h.messages())
      local errors = 0
      for _, n in ipairs(h.notes) do
        assert.matches("^ream: ", n.msg)
        if n.level == vim.log.levels.ERROR then
          errors = errors + 1
        end
      end
      assert.are.equal(1, errors, h.messages())
      no_traceback()
    end)
  end)
end)
