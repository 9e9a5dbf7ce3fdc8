-- ream.picker.mini: a mini.pick picker whose `match` runs the store's
-- search for the query and sets the items (no fuzzy matching), the paper
-- as the preview, marked items to cite several, the ream actions on keys.
local M = {}
local picker = require("ream.picker")

local function items_of(papers)
  local items = {}
  for _, p in ipairs(papers) do
    items[#items + 1] = { text = picker.display(p), paper = p }
  end
  return items
end

function M.pick(opts)
  local MiniPick = _G.MiniPick or require("mini.pick")
  local last = nil

  local function match(_, _, query)
    local q = table.concat(query or {})
    if q == last then
      return
    end
    last = q
    MiniPick.set_picker_items(items_of(picker.search(q)), { do_match = false })
  end

  local function chosen()
    local m = MiniPick.get_picker_matches() or {}
    local papers = {}
    for _, item in ipairs(m.marked or {}) do
      papers[#papers + 1] = item.paper
    end
    if #papers == 0 and m.current then
      papers[1] = m.current.paper
    end
    return papers
  end

  local mappings = {}
  for _, action in ipairs({ "open", "yank", "preview", "locator" }) do
    local key = picker.key(action)
    if key then
      mappings["ream_" .. action] = {
        char = key,
        func = function()
          local papers = chosen()
          MiniPick.stop()
          picker.finish(opts, papers, action)
        end,
      }
    end
  end

  local initial = opts.query or ""
  if initial ~= "" then
    -- start() blocks until the picker closes: put the query in from the
    -- event loop once it is open.
    vim.schedule(function()
      pcall(MiniPick.set_picker_query, vim.split(initial, ""))
    end)
  end
  MiniPick.start({
    source = {
      name = opts.prompt or "ream",
      items = items_of(picker.search(initial)),
      match = match,
      preview = function(buf, item)
        local win = vim.fn.bufwinid(buf)
        local width = win > 0 and vim.api.nvim_win_get_width(win) - 2 or 60
        local lines = picker.preview_lines(item.paper, width)
        vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
      end,
      choose = function(item)
        if item then
          picker.finish(opts, { item.paper }, "cite")
        end
      end,
      choose_marked = function(items)
        local papers = {}
        for _, item in ipairs(items or {}) do
          papers[#papers + 1] = item.paper
        end
        picker.finish(opts, papers, "cite")
      end,
    },
    mappings = mappings,
  })
end

return M
