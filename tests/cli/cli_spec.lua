-- The `ream` command, run as a separate process on real store files.
local REAM = "./build/ream"
local LISTINGS = "tests/data/listings"
-- The real arXiv listing samples, outside the repository: absent from a
-- clean checkout, where the test that reads them is pending (skipped).
local SEEDS = os.getenv("REAM_SEEDS")
if not SEEDS or SEEDS == "" then SEEDS = "../shared/seeds" end
local SAMPLE = "tests/data/sample/library.jsonl"

local function slurp(path)
  local f = io.open(path, "rb")
  if not f then return "" end
  local s = f:read("*a")
  f:close()
  return s
end

local function quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local tmp = os.tmpname()
os.remove(tmp)
os.execute("mkdir -p " .. tmp)

-- Runs ream with args (a list); returns exit code, stdout, stderr.
local function ream(args, env)
  local parts = {}
  for i, a in ipairs(args) do parts[i] = quote(a) end
  local out, err, code = tmp .. "/out", tmp .. "/err", tmp .. "/code"
  os.execute(string.format("%s %s %s >%s 2>%s </dev/null; echo $? >%s",
    env or "", REAM, table.concat(parts, " "), out, err, code))
  return tonumber(slurp(code)), slurp(out), slurp(err)
end

local n = 0
local function fresh_db()
  n = n + 1
  return tmp .. "/store" .. n .. ".sqlite3"
end

describe("ream", function()
  local db = fresh_db()
  setup(function()
    local code, out = ream({ "--db", db, "import", SAMPLE })
    assert.are.equal(0, code, out)
  end)

  teardown(function() os.execute("rm -rf " .. tmp) end)

  it("prints its usage on --help to stdout and exits 0", function()
    local code, out, err = ream({ "--help" })
    assert.are.equal(0, code)
    assert.matches("usage: ream", out)
    assert.are.equal("", err)
  end)

  it("prints a command's usage on COMMAND --help", function()
    local code, out = ream({ "search", "--help" })
    assert.are.equal(0, code)
    assert.matches("ream search", out)
  end)

  it("exits 2 with usage on stderr for an unknown command or option", function()
    local code, out, err = ream({ "frobnicate" })
    assert.are.equal(2, code)
    assert.matches("^ream: unknown command", err)
    assert.are.equal("", out)
    code, _, err = ream({ "search", "--bogus", "x" })
    assert.are.equal(2, code)
    assert.matches("unknown option %-%-bogus", err)
    code = ream({})
    assert.are.equal(2, code)
  end)

  it("imports the sample library and reports the counts", function()
    local code, out = ream({ "--db", fresh_db(), "import", SAMPLE })
    assert.are.equal(0, code)
    assert.matches("35 records: 35 added, 0 merged, 0 unchanged, 0 bad", out)
  end)

  it("shows a progress bar on a terminal and none in a pipe", function()
    local log = tmp .. "/tty.log"
    local cmd = string.format("%s --db %s import %s", REAM, quote(fresh_db()), SAMPLE)
    os.execute(string.format("script -qec %s %s >/dev/null 2>&1", quote(cmd), quote(log)))
    local shown = slurp(log)
    assert.matches("%[#+%]%s+100%%%s+35 records", shown)
    local _, out, err = ream({ "--db", fresh_db(), "import", SAMPLE })
    assert.is_nil(out:find("\r", 1, true))
    assert.is_nil(err:find("\r", 1, true))
    assert.is_nil(err:find("%", 1, true))
  end)

  it("cuts search lines to the terminal's width", function()
    local log = tmp .. "/wide.log"
    local cmd = string.format("stty cols 50; %s --db %s search learning", REAM, quote(db))
    os.execute(string.format("script -qec %s %s >/dev/null 2>&1", quote(cmd), quote(log)))
    local lines = 0
    for line in slurp(log):gmatch("[^\r\n]+") do
      if not line:find("^Script") then
        lines = lines + 1
        assert.is_true(#line <= 50 + 8, line) -- a few bytes of UTF-8 slack
      end
    end
    assert.is_true(lines >= 3)
  end)

  it("skips a file that has not changed since it was imported", function()
    local code, out = ream({ "--db", db, "import", SAMPLE })
    assert.are.equal(0, code)
    assert.matches("unchanged since it was last imported", out)
    code, out = ream({ "--db", db, "import", "--force", SAMPLE })
    assert.are.equal(0, code)
    assert.matches("35 records: 0 added, 0 merged, 35 unchanged", out)
  end)

  -- Imports the listing with ids, then the one without; checks 17 papers.
  local function imports_pair(records, abstracts)
    local d = fresh_db()
    local code, out, err = ream({ "--db", d, "import", records, abstracts })
    assert.are.equal(0, code, err)
    assert.matches(": 10 records: 10 added, 0 merged, 0 unchanged, 0 bad", out)
    assert.matches(": 10 records: 7 added, 0 merged, 3 unchanged, 0 bad", out)
    local _, stats = ream({ "--db", d, "stats", "--json" })
    assert.matches('"papers":17', stats)
  end

  it("imports both listings as 17 papers", function()
    imports_pair(LISTINGS .. "/records.txt", LISTINGS .. "/abstracts.txt")
  end)

  it("imports both real seed listings as 17 papers", function()
    local found = os.execute("test -d " .. quote(SEEDS))
    if found ~= 0 and found ~= true then -- Lua 5.1 gives 0, 5.2+ true
      pending("real seed listings: no folder " .. SEEDS .. "; set REAM_SEEDS to the folder of the real arXiv listing samples")
      return
    end
    imports_pair(SEEDS .. "/004_d9506cc0719f06dc.txt", SEEDS .. "/000_608591117b7e9d71.txt")
  end)

  it("reports a bad record with file and line and imports the rest", function()
    local f = tmp .. "/bad.jsonl"
    local h = io.open(f, "w")
    h:write('{"id":"2312.00752","title":"Mamba","abstract":"x"}\n')
    h:write('{"id": nope\n')
    h:write('{"id":"1706.03762","title":"Attention","abstract":"y"}\n')
    h:close()
    local code, out, err = ream({ "--db", fresh_db(), "import", f })
    assert.are.equal(0, code)
    assert.matches("bad.jsonl:2: ", err)
    assert.matches("2 added", out)
  end)

  it("says what to do when it cannot tell a file's format", function()
    local f = tmp .. "/words.txt"
    local h = io.open(f, "w")
    h:write("nothing to see\n")
    h:close()
    local code, _, err = ream({ "--db", fresh_db(), "import", f })
    assert.are.equal(1, code)
    assert.matches("^ream: .*%-%-format", err)
  end)

  it("searches and prints one line a paper", function()
    local code, out = ream({ "--db", db, "search", "attention" })
    assert.are.equal(0, code)
    local first = out:match("^[^\n]*")
    assert.matches("^vaswani2017attention%s+2017%s+Vaswani et al%.%s+Attention Is All You Need", first)
  end)

  it("gives JSON with the documented fields", function()
    local code, out = ream({ "--db", db, "search", "--json", "--limit", "1", "label smoothing" })
    assert.are.equal(0, code)
    for _, f in ipairs({ '"key":"muller2019when"', '"title":"When Does Label Smoothing Help%?"',
      '"authors":%[{"family":"Müller","given":"Rafael"}', '"year":2019', '"arxiv":"1906.02629"',
      '"categories":%["cs.LG","stat.ML"%]', '"abstract":"Shows' }) do
      assert.matches(f, out)
    end
  end)

  it("gives tab-separated lines for pipes", function()
    local code, out = ream({ "--db", db, "search", "--tsv", "gravitational" })
    assert.are.equal(0, code)
    assert.are.equal("ligoscientificcollaboration2016observation\t2016\tLIGO Scientific Collaboration & Virgo Collaboration\tObservation of Gravitational Waves from a Binary Black Hole Merger\n", out)
  end)

  it("says no papers match, and exits 0, for a query with no results", function()
    local code, out, err = ream({ "--db", db, "search", "zzzzqqq" })
    assert.are.equal(0, code)
    assert.are.equal("", out)
    assert.matches("no papers match", err)
    -- what the user typed is echoed without its control characters
    code, out, err = ream({ "--db", db, "search", "zzzz\27[31mred" })
    assert.are.equal(0, code)
    assert.is_nil(err:find("\27", 1, true))
    assert.matches("zzzz\\x1b[31mred", err, 1, true)
  end)

  it("survives hostile queries without an SQLite error", function()
    for _, q in ipairs({ "C++", "NEAR(", '"', "-", "title:", "AND", ("("):rep(300),
      ("x"):rep(10000), "\255\254", "'; DROP TABLE paper; --" }) do
      local code, _, err = ream({ "--db", db, "search", q })
      assert.are.equal(0, code, q)
      assert.is_nil(err:find("SQL"), err)
      assert.is_nil(err:find("fts5"), err)
    end
  end)

  it("shows a paper by key, arXiv id or DOI in any form", function()
    for _, id in ipairs({ "gu2023mamba", "arXiv:2312.00752", "https://arxiv.org/abs/2312.00752v2" }) do
      local code, out = ream({ "--db", db, "show", id })
      assert.are.equal(0, code, id)
      assert.matches("^gu2023mamba\n  Mamba: Linear%-Time", out)
    end
    local code, out = ream({ "--db", db, "show", "https://doi.org/10.1103/physrevlett.116.061102" })
    assert.are.equal(0, code)
    assert.matches("Gravitational Waves", out)
  end)

  it("exits 1 with a message for a paper it does not have", function()
    local code, out, err = ream({ "--db", db, "show", "nobody1999" })
    assert.are.equal(1, code)
    assert.are.equal("", out)
    assert.matches("^ream: no paper 'nobody1999'", err)
    code = ream({ "--db", db, "cite", "nobody1999" })
    assert.are.equal(1, code)
  end)

  it("cites papers in each syntax", function()
    local cases = {
      { {}, "\\cite{vaswani2017attention,gu2023mamba}" },
      { { "--command", "citep" }, "\\citep{vaswani2017attention,gu2023mamba}" },
      { { "--format", "pandoc" }, "[@vaswani2017attention; @gu2023mamba]" },
      { { "--format", "org" }, "[cite:@vaswani2017attention;@gu2023mamba]" },
    }
    for _, c in ipairs(cases) do
      local args = { "--db", db, "cite" }
      for _, a in ipairs(c[1]) do args[#args + 1] = a end
      args[#args + 1] = "vaswani2017attention"
      args[#args + 1] = "gu2023mamba"
      local code, out = ream(args)
      assert.are.equal(0, code)
      assert.are.equal(c[2] .. "\n", out)
    end
    local code, out = ream({ "--db", db, "cite", "--format", "plain", "gu2023mamba" })
    assert.are.equal(0, code)
    assert.matches("^Gu, A%. and Dao, T%. %(2023%)%. Mamba: Linear%-Time Sequence Modeling with Selective State Spaces%. arXiv:2312%.00752", out)
  end)

  it("exports BibTeX for named papers, cited papers, or all", function()
    local code, out = ream({ "--db", db, "export", "gu2023mamba" })
    assert.are.equal(0, code)
    assert.matches("@misc{gu2023mamba,", out, 1, true)
    assert.matches("eprint%s*=%s*{2312.00752}", out)
    assert.matches("archivePrefix%s*=%s*{arXiv}", out)
    assert.matches("primaryClass%s*=%s*{cs.LG}", out)
    local doc = tmp .. "/paper.md"
    local h = io.open(doc, "w")
    h:write("As shown [@vaswani2017attention; @he2016deep], and @gu2023mamba.\n")
    h:close()
    local err
    code, out, err = ream({ "--db", db, "export", "--cited-in", doc })
    assert.are.equal(1, code)   -- he2016deep is not in the store
    assert.matches("he2016deep", err)
    assert.matches("@misc{vaswani2017attention,", out, 1, true)
    assert.matches("@misc{gu2023mamba,", out, 1, true)
    code, out = ream({ "--db", db, "export", "-o", tmp .. "/all.bib" })
    assert.are.equal(0, code)
    local all = slurp(tmp .. "/all.bib")
    local count = select(2, all:gsub("\n@", "\n@")) + (all:sub(1, 1) == "@" and 1 or 0)
    assert.are.equal(35, count)
  end)

  it("keeps the keys of one .bib apart and exports each under its own key", function()
    local d = fresh_db()
    local bib = tmp .. "/columns.bib"
    local h = io.open(bib, "w")
    -- Two columns with one title in one year, a title with no year, the
    -- same title with none, and one paper under two keys (one DOI).
    h:write([[
@article{ed1985a, title = {Editorial}, author = {Ann Editor}, year = 1985, journal = {J}}
@article{ed1985b, title = {Editorial}, author = {Bob Editor}, year = 1985, journal = {J}}
@misc{intro1, title = {Introduction}, author = {Carl Writer}}
@misc{intro2, title = {Introduction}, author = {Dora Writer}}
@article{twin1, title = {A Paper Filed Twice}, author = {Eve Author}, year = 2001, doi = {10.1000/twin}, journal = {J}}
@article{twin2, title = {A Paper Filed Twice}, author = {Eve Author}, year = 2001, doi = {10.1000/TWIN}, journal = {J}}
]])
    h:close()
    local code, out, err = ream({ "--db", d, "import", bib })
    assert.are.equal(0, code, err)
    local _, stats = ream({ "--db", d, "stats", "--json" })
    assert.matches('"papers":5', stats)
    local doc = tmp .. "/twins.tex"
    h = io.open(doc, "w")
    h:write("\\cite{twin2} and \\cite{ed1985a,ed1985b}\n")
    h:close()
    code, out, err = ream({ "--db", d, "export", "--cited-in", doc })
    assert.are.equal(0, code, err)
    assert.matches("@article{twin2,", out, 1, true)
    assert.matches("@article{ed1985a,", out, 1, true)
    assert.matches("@article{ed1985b,", out, 1, true)
    assert.matches("doi%s*=%s*{10.1000/twin}", out)
  end)

  it("removes papers and reports the counts in stats", function()
    local d = fresh_db()
    ream({ "--db", d, "import", SAMPLE })
    local code, out = ream({ "--db", d, "rm", "gu2023mamba" })
    assert.are.equal(0, code)
    assert.matches("removed gu2023mamba", out)
    code, out = ream({ "--db", d, "stats", "--json" })
    assert.matches('"papers":34', out)
    code, out = ream({ "--db", d, "check" })
    assert.are.equal(0, code)
    assert.matches(": ok", out)
  end)

  it("takes the store from REAM_DB", function()
    local code, out = ream({ "stats", "--json" }, "REAM_DB=" .. quote(db))
    assert.are.equal(0, code)
    assert.matches('"papers":35', out)
  end)

  it("says what to do with a missing store, a folder, or a file that is not one", function()
    local code, _, err = ream({ "--db", tmp .. "/none.sqlite3", "search", "x" })
    assert.are.equal(1, code)
    assert.matches("^ream: there is no store at .* yet; import papers first", err)
    code, _, err = ream({ "--db", tmp, "stats" })
    assert.are.equal(1, code)
    assert.matches("is a folder", err)
    local junk = tmp .. "/junk.sqlite3"
    local h = io.open(junk, "w")
    h:write(("not a database "):rep(100))
    h:close()
    code, _, err = ream({ "--db", junk, "stats" })
    assert.are.equal(1, code)
    assert.matches("not a ream store", err)
    assert.are.equal(("not a database "):rep(100), slurp(junk))
  end)

  it("refuses to write to a read-only store with a plain message", function()
    if os.execute("[ \"$(id -u)\" = 0 ]") == 0 then
      -- root writes anyway; use a read-only bind of the idea: chmod has no effect
      local d = fresh_db()
      ream({ "--db", d, "import", SAMPLE })
      -- A store opened by a search is never written: its bytes stay the same.
      local before = slurp(d)
      ream({ "--db", d, "search", "attention" })
      assert.are.equal(before, slurp(d))
      return
    end
    local d = fresh_db()
    ream({ "--db", d, "import", SAMPLE })
    os.execute("chmod a-w " .. quote(d))
    local code, _, err = ream({ "--db", d, "rm", "gu2023mamba" })
    assert.are.equal(1, code)
    assert.matches("read%-only", err)
  end)
end)
