-- reader.lua: a reader of the concurrency test (concurrency.c), run by
-- `nvim --headless -u NONE -c "luafile tests/stress/reader.lua"`.
--
-- Opens the store as the plugin does (read-write, kept open, waiting at
-- most 250 ms for another program's lock: lua/ream/store.lua) through the
-- Lua module and searches until the time is up, timing each call, with a
-- random pause between searches ($REAM_STRESS_THINK seconds on average),
-- as between the keys a person types. Writes
-- "t SECONDS" a search and "fail MESSAGE" a failure to $REAM_STRESS_OUT,
-- then quits Neovim, whatever happens.
local out = assert(io.open(os.getenv("REAM_STRESS_OUT"), "w"))

local QUERIES = {
	"attention", "model", "quantum field", "graph network", "sparse",
	"linear state space", "transformer", "diffusion", "lattice gauge",
	"kernel", "bayesian inference", "protein folding", "galaxy cluster",
	"spectral", "operator algebra", "manifold", "random matrix",
	"optimal transport", "robust control", "stochastic gradient",
	"convex", "Müller", "Erdős", "Schrödinger", "теория", "模型",
	"author:muller", "year:2024", "cat:cs.LG model", "number 12",
	"att", "gra", "\"random matrix\"", "-graph network", "paper",
	"title:entropy", "year:2020..2024 sparse", "key:", "",
}

local function run()
	package.cpath = (os.getenv("REAM_STRESS_CPATH") or "lua/?.so;") .. package.cpath
	local core = require("ream.core")
	local store, err = core.open(os.getenv("REAM_STRESS_STORE"), { nowait = true })
	if not store then
		out:write("fail open: ", tostring(err), "\n")
		return
	end
	math.randomseed(tonumber(os.getenv("REAM_STRESS_SEED")) or 1)
	local hr = vim.loop.hrtime
	local stop = hr() + tonumber(os.getenv("REAM_STRESS_SECONDS")) * 1e9
	local think = tonumber(os.getenv("REAM_STRESS_THINK")) or 0
	while hr() < stop do
		local q = QUERIES[math.random(#QUERIES)]
		local t0 = hr()
		local ok, res, msg = pcall(store.search, store, q, { limit = 20 })
		local t = (hr() - t0) / 1e9
		if ok and type(res) == "table" then
			out:write(("t %.6f\n"):format(t))
			-- A user reads a paper now and then.
			if #res > 0 and math.random(4) == 1 then
				local p, gerr = store:get(res[1].key)
				if not p then
					out:write("fail get: ", tostring(gerr), "\n")
				end
			end
		else
			out:write("fail search ", q, ": ", tostring(ok and msg or res), "\n")
		end
		-- A pause, as between the keys a person types.
		local pause = math.floor(math.random() * 2 * think * 1000)
		if pause > 0 then
			vim.loop.sleep(pause)
		end
	end
	store:close()
end

local ok, err = pcall(run)
if not ok then
	out:write("fail ", tostring(err):gsub("\n", " "), "\n")
end
out:close()
vim.cmd("qa!")
