-- ream.picker.select: the picker when no other is installed. Asks for the
-- query with vim.ui.input (unless given), runs the store's search, and
-- offers the papers with vim.ui.select; with ask_action, asks next what to
-- do with the chosen paper.
local M = {}
local picker = require("ream.picker")
local util = require("ream.util")
local unpack = unpack or table.unpack

local function choose_action(opts, paper)
  vim.ui.select(picker.actions, {
    prompt = "ream: " .. paper.key,
    kind = "ream_action",
    format_item = function(a)
      return a.label
    end,
  }, function(action)
    if action then
      picker.finish(opts, { paper }, action.id, true)
    end
  end)
end

local function summary(p)
  return util.summary(p, math.max(40, vim.o.columns - 8))
end

-- Picks several papers to cite, one choice at a time: the list comes back
-- without the papers picked so far, and with an item that cites them.
local function pick_several(opts, papers, picked)
  local items, keys, taken = {}, {}, {}
  for _, p in ipairs(picked) do
    keys[#keys + 1] = p.key
    taken[p.key] = true
  end
  if #picked > 0 then
    items[1] = { done = true }
  end
  for _, p in ipairs(papers) do
    if not taken[p.key] then
      items[#items + 1] = p
    end
  end
  vim.ui.select(items, {
    prompt = ("ream: %d picked; pick another, or cite them"):format(#picked),
    kind = "ream_paper",
    format_item = function(item)
      return item.done and ("Cite " .. table.concat(keys, ", ")) or summary(item)
    end,
  }, function(item)
    if item and item.done then
      picker.finish(opts, picked, "cite", true)
    elseif item then
      local more = { unpack(picked) }
      more[#more + 1] = item
      pick_several(opts, papers, more)
    end
  end)
end

local function show(opts, query)
  local papers = picker.search(query)
  if #papers == 0 then
    util.notify(query == "" and "ream: the store has no papers yet: import some with :Ream import {file}"
      or ("ream: no paper matches '%s'"):format(query))
    return
  end
  local items = { unpack(papers) }
  if not opts.ask_action and #papers > 1 then
    items[#items + 1] = { several = true }
  end
  vim.ui.select(items, {
    prompt = opts.prompt or "ream: pick a paper",
    kind = "ream_paper",
    format_item = function(item)
      return item.several and "Pick several papers..." or summary(item)
    end,
  }, function(paper)
    if not paper then
      return
    end
    if paper.several then
      pick_several(opts, papers, {})
    elseif opts.ask_action then
      choose_action(opts, paper)
    else
      picker.finish(opts, { paper }, "cite", true)
    end
  end)
end

function M.pick(opts)
  if opts.query ~= nil then
    show(opts, opts.query)
    return
  end
  vim.ui.input({ prompt = "ream search: " }, function(query)
    if query ~= nil then
      show(opts, query)
    end
  end)
end

return M
