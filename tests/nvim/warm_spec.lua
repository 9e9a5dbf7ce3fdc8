-- The warm-up: once a document has been open a moment, ream opens the
-- store and runs a search and a menu it throws away, once a session and
-- quietly, so that the first key typed in a citation does not pay for them.
-- Its own Neovim (specs.sh runs each file alone): nothing of ream is loaded
-- before the first document.
local h = require("helpers")

describe("the warm-up", function()
  local dir, calls

  setup(function()
    dir = h.tmpdir()
    h.store(dir)
    h.capture()
    local complete = require("ream.complete")
    local warm = complete.warm
    calls = 0
    complete.warm = function()
      calls = calls + 1
      return warm()
    end
  end)
  teardown(function()
    h.restore()
  end)

  it("runs once the first document has been open a moment, and only once", function()
    assert.is_nil(package.loaded["ream.complete.omni"])
    h.edit(dir .. "/one.tex", { "\\documentclass{article}" })
    assert.is_true(h.wait(function()
      return calls > 0
    end, 5000), h.messages())
    -- it made a menu: the omnifunc's code is loaded and has run
    assert.is_not_nil(package.loaded["ream.complete.omni"])
    h.edit(dir .. "/two.md", { "# Notes" })
    h.edit(dir .. "/one.tex")
    vim.wait(300)
    assert.are.equal(1, calls)
    assert.are.equal("", h.messages())
  end)
end)
