-- ream.util.wrap: the lines of the preview and of completion's
-- documentation. ASCII paragraphs take a byte-wise path, others a word-wise
-- one that asks Neovim for display widths; both must wrap alike.
local util = require("ream.util")

-- What wrap means, word by word: greedy, at most width cells a line, a
-- word longer than that alone on its line, white space collapsed.
local function by_words(text, width)
  local lines = {}
  for para in (text .. "\n"):gmatch("(.-)\r?\n") do
    local line, len = {}, 0
    for word in para:gmatch("%S+") do
      local w = vim.fn.strdisplaywidth(word)
      if len > 0 and len + 1 + w > width then
        lines[#lines + 1] = table.concat(line, " ")
        line, len = {}, 0
      end
      line[#line + 1] = word
      len = len + (len > 0 and 1 or 0) + w
    end
    lines[#lines + 1] = table.concat(line, " ")
  end
  while #lines > 1 and lines[#lines] == "" do
    lines[#lines] = nil
  end
  return lines
end

describe("util.wrap", function()
  it("cuts ASCII text at the last space that fits", function()
    assert.are.same({ "attention is", "all you need" }, util.wrap("attention is all you need", 12))
    assert.are.same({ "attention is all", "you need" }, util.wrap("attention is all you need", 16))
    assert.are.same({ "attention is all you need" }, util.wrap("attention is all you need", 25))
  end)

  it("gives a word longer than the width a line of its own", function()
    assert.are.same({ "a", "supercalifragilistic", "b" }, util.wrap("a supercalifragilistic b", 5))
    assert.are.same({ "supercalifragilistic" }, util.wrap("supercalifragilistic", 3))
  end)

  it("collapses runs of white space and keeps paragraphs", function()
    assert.are.same({ "one two", "", "three" }, util.wrap("  one \t two  \r\n\r\n three ", 20))
    assert.are.same({ "" }, util.wrap("", 10))
    assert.are.same({ "x" }, util.wrap("x\n\n\n", 10))
  end)

  it("counts display cells, not bytes, outside ASCII", function()
    -- Each of these characters is two cells wide: "日本 語の" is nine.
    assert.are.same({ "日本 語の", "論文" }, util.wrap("日本 語の 論文", 9))
    assert.are.same({ "日本", "語の", "論文" }, util.wrap("日本 語の 論文", 8))
    assert.are.same({ "Müller and", "Schrödinger" }, util.wrap("Müller and Schrödinger", 10))
  end)

  it("stops after max lines, in ASCII and outside it", function()
    assert.are.same({ "one two", "three" }, util.wrap("one two three four five\nsix", 9, 2))
    assert.are.same({ "Müller", "and" }, util.wrap("Müller and Schrödinger", 6, 2))
    assert.are.same({ "a" }, util.wrap("a\nb\nc", 10, 1))
  end)

  it("wraps as the word-by-word definition does, on generated text", function()
    local bits = { "a", "bb", " ", "  ", "\t", "\n", "\r\n", "xxxxxxxxxxxx", "é", "語", " \n " }
    local seed = 12345
    local function rand(n) -- a fixed sequence: the same cases every run
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n + 1
    end
    local differ = {}
    for _ = 1, 5000 do
      local parts = {}
      for i = 1, rand(40) - 1 do
        parts[i] = bits[rand(#bits)]
      end
      local text, width = table.concat(parts), rand(15)
      local got, want = util.wrap(text, width), by_words(text, width)
      if not vim.deep_equal(got, want) and #differ < 3 then
        differ[#differ + 1] = { text = text, width = width, got = got, want = want }
      end
    end
    assert.are.same({}, differ)
  end)
end)

describe("util.all_authors", function()
  local function paper(n)
    local authors = {}
    for i = 1, n do
      authors[i] = { family = "F" .. i, given = "G" }
    end
    return { authors = authors }
  end

  it("names everyone, or the first max and how many others", function()
    assert.are.equal("G F1, G F2 and G F3", util.all_authors(paper(3)))
    assert.are.equal("G F1, G F2 and G F3", util.all_authors(paper(3), 2 + 1))
    -- one more than max: that one is named rather than "1 others"
    assert.are.equal("G F1, G F2 and G F3", util.all_authors(paper(3), 2))
    assert.are.equal("G F1, G F2 and 2 others", util.all_authors(paper(4), 2))
    assert.are.equal("", util.all_authors({}))
  end)
end)
