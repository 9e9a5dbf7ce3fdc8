#!/bin/sh
# tests/nvim/specs.sh ROOT LABEL: runs every tests/nvim/*_spec.lua under the
# `nvim` on $PATH, each in its own headless Neovim, then the start-up
# measurement (tests/nvim/startup.sh), and prints TAP whose test names start
# with [LABEL]. Exits non-zero when a test failed.
# tests/nvim/run.sh calls it on the host and inside the 0.12 chroot.
set -u
ROOT=$1
LABEL=$2
status=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ream-specs.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
# No user configuration, plugins or state from this machine.
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" \
	XDG_STATE_HOME="$TMP/state" XDG_CACHE_HOME="$TMP/cache"
unset REAM_DB

# A store on a read-only mount for errors_spec (root ignores file modes, so
# only a read-only file system makes a store read-only for root).
RO=""
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1; then
	RO="$TMP/ro"
	mkdir -p "$RO"
	REAM_RO="$RO" REAM_LIB="$ROOT/tests/nvim/fixtures/library.jsonl" \
		nvim --headless -u NONE -i NONE -n --cmd "set rtp^=$ROOT" \
		-c 'lua local s = assert(require("ream.core").open(os.getenv("REAM_RO") .. "/ream.sqlite3")); assert(s:import(os.getenv("REAM_LIB"))); s:close()' \
		-c 'qall!' </dev/null >/dev/null 2>&1 || RO=""
fi

# run SPEC TAP: one spec file in its own Neovim (errors_spec with the read-only
# mount when there is one).
run() {
	if [ -n "$RO" ] && [ "$(basename "$1")" = errors_spec.lua ]; then
		REAM_TAP="$2" REAM_TEST_RO="$RO" unshare --mount --propagation unchanged sh -c \
			'mount --bind "$REAM_TEST_RO" "$REAM_TEST_RO" &&
			mount -o remount,bind,ro "$REAM_TEST_RO" && exec "$@"' sh \
			env REAM_ROOT="$ROOT" REAM_SPEC="$1" TMPDIR="$TMP" timeout 300 \
			nvim --headless -u "$ROOT/tests/nvim/init.lua" -i NONE -n \
			-c "luafile $ROOT/tests/nvim/runner.lua"
	else
		REAM_TAP="$2" REAM_ROOT="$ROOT" REAM_SPEC="$1" TMPDIR="$TMP" timeout 300 \
			nvim --headless -u "$ROOT/tests/nvim/init.lua" -i NONE -n \
			-c "luafile $ROOT/tests/nvim/runner.lua"
	fi
}

for spec in "$ROOT"/tests/nvim/*_spec.lua; do
	name=$(basename "$spec" .lua)
	log="$TMP/$name.log"
	tap="$TMP/$name.tap"
	: >"$tap"
	run "$spec" "$tap" </dev/null >"$log" 2>&1
	rc=$?
	# TAP lines get the label.
	sed -e "s/^ok \([0-9]*\) - /ok \1 - [$LABEL] $name: /" \
		-e "s/^not ok \([0-9]*\) - /not ok \1 - [$LABEL] $name: /" "$tap"
	if [ "$rc" -ne 0 ]; then
		status=1
		# What Neovim printed, as comments.
		tr '\r' '\n' <"$log" | awk 'NF {print "# nvim: " $0}' | head -40
		if ! grep -q '^not ok ' "$tap"; then
			if [ "$rc" -eq 124 ]; then
				echo "not ok - [$LABEL] $name: timed out"
			else
				echo "not ok - [$LABEL] $name: Neovim exited with status $rc"
			fi
		fi
	fi
done
sh "$ROOT/tests/nvim/startup.sh" "$ROOT" "$LABEL" || status=1
exit $status
