#!/bin/sh
# tests/lua/run.sh: the Lua module's specs (tests/lua/*_spec.lua) under busted,
# once under plain lua5.1 and once under luajit, in TAP. Each result line
# names its interpreter: "ok 3 - [luajit] core.open creates a store...".
# Exits non-zero when a spec fails, an interpreter or busted is missing, or
# lua/ream/core.so is not built (run make).
#
#   sh tests/lua/run.sh                 both interpreters
#   LUAS="luajit" sh tests/lua/run.sh   only these
# The specs import the listing pair in tests/data/listings.
set -u
cd "$(dirname "$0")/../.." || exit 1

LUAS=${LUAS:-"lua5.1 luajit"}
MODULE=lua/ream/core.so
status=0

if [ ! -f "$MODULE" ]; then
	echo "not ok - $MODULE is not built (run make)"
	exit 1
fi
if ! command -v busted >/dev/null 2>&1; then
	echo "not ok - busted is not installed (Debian: apt install lua-busted)"
	exit 1
fi

# Everything the specs write goes to a temporary folder, the default store
# included: the user's real store is never touched.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ream-lua-run-XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
export TMPDIR="$TMP"
export REAM_DB="$TMP/default/ream.sqlite3"
export XDG_DATA_HOME="$TMP/xdg"
export LUA_PATH="tests/lua/?.lua;;"
export LUA_CPATH="lua/?.so;;"

for lua in $LUAS; do
	if ! command -v "$lua" >/dev/null 2>&1; then
		echo "not ok - $lua is not installed"
		status=1
		continue
	fi
	busted --lua="$lua" -o TAP --pattern=_spec tests/lua \
		>"$TMP/$lua.tap" 2>&1
	rc=$?
	sed -e "s/^\(\(not \)\{0,1\}ok [0-9][0-9]* - \)/\1[$lua] /" \
		"$TMP/$lua.tap"
	if [ "$rc" -ne 0 ]; then
		grep -q '^not ok ' "$TMP/$lua.tap" ||
			echo "not ok - [$lua] busted exited with status $rc"
		status=1
	fi
done
exit $status
