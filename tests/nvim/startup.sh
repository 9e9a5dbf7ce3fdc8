#!/bin/sh
# tests/nvim/startup.sh ROOT LABEL [RUNS]: what ream's plugin/ file costs at
# start-up, measured with `nvim --startuptime` (RUNS times, 10 by default,
# medians): the time sourcing plugin/ream.lua, and the whole start-up with
# and without ream on 'runtimepath', on an empty buffer and on a .tex file.
# Prints the numbers as TAP comments and one test: plugin/ream.lua takes at
# most 1 ms and loads no ream module.
#
#   sh tests/nvim/startup.sh "$PWD" host
set -u
ROOT=$1
LABEL=$2
RUNS=${3:-10}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ream-startup.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" \
	XDG_STATE_HOME="$TMP/state" XDG_CACHE_HOME="$TMP/cache" REAM_DB="$TMP/ream.sqlite3"
printf '\\documentclass{article}\n\\begin{document}\n\\cite{x}\n\\end{document}\n' >"$TMP/paper.tex"

median() {
	sort -n | awk '{v[NR] = $1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# run RTP FILE TAG: one start-up; appends the total to $TMP/total.TAG and
# plugin/ream.lua's time to $TMP/self.TAG. -u NORC: no init file, but
# plugins load.
run() {
	log="$TMP/st.log"
	rm -f "$log"
	(cd "$TMP" && nvim --headless -u NORC -i NONE -n --cmd "set rtp^=$1" \
		--startuptime "$log" $2 +qall! </dev/null >/dev/null 2>&1)
	awk '/NVIM STARTED|editing files in windows/ {t = $1} END {print t + 0}' "$log" >>"$TMP/total.$3"
	awk '/sourcing .*\/plugin\/ream\.lua$/ {print $2 + 0}' "$log" >>"$TMP/self.$3"
}

# measure FILE: RUNS start-ups without ream and RUNS with, taken in turns so
# that the machine's load weighs on both alike; prints the medians
# "total-without total-with ream.lua".
measure() {
	rm -f "$TMP"/total.* "$TMP"/self.*
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		run "$TMP/nothing" "$1" none
		run "$ROOT" "$1" ream
		i=$((i + 1))
	done
	echo "$(median <"$TMP/total.none") $(median <"$TMP/total.ream") $(median <"$TMP/self.ream")"
}

# Warm the file cache first.
run "$ROOT" "" warm
set -- $(measure "")
without=$1 with=$2 self=$3
set -- $(measure paper.tex)
tex_without=$1 tex_with=$2
echo "# [$LABEL] medians of $RUNS runs of nvim --headless -u NORC --startuptime (ms):"
echo "#   plugin/ream.lua sourced in $self"
echo "#   empty buffer: $without without ream, $with with"
echo "#   paper.tex:    $tex_without without ream, $tex_with with"

# Nothing of ream is loaded by start-up on an empty buffer.
loaded=$(cd "$TMP" && nvim --headless -u NORC -i NONE -n --cmd "set rtp^=$ROOT" \
	-c 'lua local t = {} for k in pairs(package.loaded) do if k:match("^ream") then t[#t + 1] = k end end io.stdout:write(table.concat(t, " "))' \
	+qall! </dev/null 2>/dev/null)

if awk -v s="$self" 'BEGIN {exit !(s != "nan" && s + 0 <= 1.0)}' && [ -z "$loaded" ]; then
	echo "ok - [$LABEL] startup: plugin/ream.lua adds $self ms (at most 1 ms) and loads no ream module"
else
	echo "not ok - [$LABEL] startup: plugin/ream.lua adds $self ms (at most 1 ms) and loads no ream module"
	echo "# modules loaded at start-up: ${loaded:-none}"
	exit 1
fi
