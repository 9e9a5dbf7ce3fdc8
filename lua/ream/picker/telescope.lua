-- ream.picker.telescope: a dynamic finder that runs the store's search on
-- every prompt change, a buffer previewer with the paper, <Tab> to pick
-- several, and the ream actions on the configured keys.
local M = {}
local picker = require("ream.picker")

function M.pick(opts)
  local pickers = require("telescope.pickers")
  local finders = require("telescope.finders")
  local previewers = require("telescope.previewers")
  local sorters = require("telescope.sorters")
  local actions = require("telescope.actions")
  local action_state = require("telescope.actions.state")

  local function entry_maker(paper)
    local line = picker.display(paper)
    return { value = paper, display = line, ordinal = line }
  end

  local finder = finders.new_dynamic({
    fn = function(prompt)
      return picker.search(prompt or "")
    end,
    entry_maker = entry_maker,
  })

  local previewer = previewers.new_buffer_previewer({
    title = "Paper",
    define_preview = function(self, entry)
      local width = self.state.winid and vim.api.nvim_win_is_valid(self.state.winid)
          and vim.api.nvim_win_get_width(self.state.winid) - 2
        or 60
      local lines, hls = picker.preview_lines(entry.value, width)
      vim.api.nvim_buf_set_lines(self.state.bufnr, 0, -1, false, lines)
      local ns = require("ream.preview").ns
      for _, h in ipairs(hls) do
        pcall(vim.api.nvim_buf_add_highlight, self.state.bufnr, ns, h[4], h[1], h[2], h[3])
      end
    end,
  })

  -- The selected papers (the multi-selection, else the current one), after
  -- closing the picker.
  local function take(prompt_bufnr)
    local current = action_state.get_current_picker(prompt_bufnr)
    local papers = {}
    for _, e in ipairs(current:get_multi_selection() or {}) do
      papers[#papers + 1] = e.value
    end
    if #papers == 0 then
      local e = action_state.get_selected_entry()
      if e then
        papers[1] = e.value
      end
    end
    actions.close(prompt_bufnr)
    return papers
  end

  local sorter
  local ok, s = pcall(sorters.highlighter_only, {})
  sorter = ok and s or sorters.empty()

  pickers
    .new({}, {
      prompt_title = opts.prompt or "ream",
      default_text = opts.query or "",
      finder = finder,
      sorter = sorter,
      previewer = previewer,
      attach_mappings = function(prompt_bufnr, map)
        actions.select_default:replace(function()
          picker.finish(opts, take(prompt_bufnr), "cite")
        end)
        for _, action in ipairs({ "open", "yank", "preview", "locator" }) do
          local key = picker.key(action)
          if key then
            local fn = function()
              picker.finish(opts, take(prompt_bufnr), action)
            end
            map("i", key, fn)
            map("n", key, fn)
          end
        end
        return true
      end,
    })
    :find()
end

return M
