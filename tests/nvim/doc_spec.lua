-- doc/ream.txt: :helptags takes it without a complaint, and it has a tag for
-- every subcommand, <Plug> mapping and option the code defines.
local h = require("helpers")

describe("doc/ream.txt", function()
  local text, tags

  setup(function()
    local d = h.tmpdir()
    vim.fn.mkdir(d .. "/doc", "p")
    text = h.read(h.root .. "/doc/ream.txt")
    h.write(d .. "/doc/ream.txt", text)
    local ok, err = pcall(vim.cmd, "helptags " .. vim.fn.fnameescape(d .. "/doc"))
    assert(ok, err)
    tags = {}
    for line in (h.read(d .. "/doc/tags") or ""):gmatch("[^\n]+") do
      tags[line:match("^([^\t]+)")] = true
    end
  end)

  it("is taken by :helptags, with its header tag and modeline", function()
    assert.is_true(tags["ream.txt"])
    assert.is_true(tags["ream"])
    assert.matches("vim:tw=78:ts=8:ft=help:norl:%s*$", text)
  end)

  it("keeps to 78 columns", function()
    local n = 0
    for line in text:gmatch("([^\n]*)\n") do
      n = n + 1
      assert.is_true(vim.fn.strdisplaywidth(line) <= 78, ("line %d is wider than 78 columns"):format(n))
    end
  end)

  it("has a tag for every subcommand of :Ream", function()
    assert.is_true(tags[":Ream"])
    for _, name in ipairs(require("ream.commands").names()) do
      assert.is_true(tags[":Ream-" .. name], ":Ream-" .. name)
    end
  end)

  it("has a tag for every <Plug> mapping", function()
    local n = 0
    for _, mode in ipairs({ "n", "i" }) do
      for _, m in ipairs(vim.api.nvim_get_keymap(mode)) do
        local lhs = m.lhs:gsub("^<Plug>", "<Plug>")
        if lhs:find("^<Plug>%(ream%-") then
          n = n + 1
          assert.is_true(tags[lhs], lhs)
        end
      end
    end
    assert.is_true(n >= 3)
  end)

  it("has a tag for every option", function()
    local fields = require("ream.config").fields()
    assert.is_true(#fields > 15)
    for _, f in ipairs(fields) do
      assert.is_true(tags["ream-" .. f], "ream-" .. f)
    end
  end)

  it("refers only to tags that exist", function()
    local missing = {}
    for ref in text:gmatch("|([^|%s]+)|") do
      if not tags[ref] and vim.fn.getcompletion(ref, "help")[1] ~= ref then
        missing[#missing + 1] = ref
      end
    end
    assert.are.same({}, missing)
  end)
end)
