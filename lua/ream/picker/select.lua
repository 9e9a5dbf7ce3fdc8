-- ream.picker.select: the picker when no other is installed. Asks for the
-- query with vim.ui.input (unless given), runs the store's search, and
-- offers the papers with vim.ui.select; with ask_action, asks next what to
-- do with the chosen paper.
local M = {}
local picker = require("ream.picker")
local util = require("ream.util")

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

local function show(opts, query)
  local papers = picker.search(query)
  if #papers == 0 then
    util.notify(query == "" and "ream: the store has no papers yet: import some with :Ream import {file}"
      or ("ream: no paper matches '%s'"):format(query))
    return
  end
  vim.ui.select(papers, {
    prompt = opts.prompt or "ream: pick a paper",
    kind = "ream_paper",
    format_item = function(p)
      return util.summary(p, math.max(40, vim.o.columns - 8))
    end,
  }, function(paper)
    if not paper then
      return
    end
    if opts.ask_action then
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
