-- ream.picker.snacks: a live snacks.nvim picker (the finder runs the
-- store's search for the typed text; the matcher does not filter), the
-- paper as the preview, <Tab> to pick several, the ream actions on keys.
local M = {}
local picker = require("ream.picker")

function M.pick(opts)
  local snacks = _G.Snacks or require("snacks")

  local function finder(_, ctx)
    local query = ctx and ctx.filter and ctx.filter.search or ""
    local items = {}
    for i, p in ipairs(picker.search(query)) do
      local lines = picker.preview_lines(p, 72)
      items[#items + 1] = {
        idx = i,
        score = 1000 - i,
        text = picker.display(p),
        paper = p,
        preview = { text = table.concat(lines, "\n"), ft = "text" },
      }
    end
    return items
  end

  local function format(item)
    local p = item.paper
    local year = p.year and tostring(p.year) or "----"
    return {
      { p.key, "SnacksPickerLabel" },
      { "  " },
      { year, "SnacksPickerComment" },
      { "  " },
      { require("ream.util").short_authors(p), "SnacksPickerSpecial" },
      { "  " },
      { (tostring(p.title or "")):gsub("%s+", " ") },
    }
  end

  local function run(action)
    return function(p)
      local papers = {}
      for _, item in ipairs(p:selected({ fallback = true })) do
        papers[#papers + 1] = item.paper
      end
      p:close()
      picker.finish(opts, papers, action)
    end
  end

  local actions = { confirm = run("cite") }
  local keys = {}
  for _, action in ipairs({ "open", "yank", "preview", "locator" }) do
    local key = picker.key(action)
    if key then
      actions["ream_" .. action] = run(action)
      keys[key] = { "ream_" .. action, mode = { "n", "i" } }
    end
  end

  snacks.picker.pick({
    source = "ream",
    title = opts.prompt or "ream",
    live = true,
    search = opts.query or "",
    finder = finder,
    format = format,
    preview = "preview",
    confirm = actions.confirm,
    actions = actions,
    win = { input = { keys = keys }, list = { keys = keys } },
  })
end

return M
