#!/bin/sh
# tests/stress/run.sh: crashes, faults, failed allocations, hostile queries,
# misuse of the Lua module, and concurrency. TAP.
#
# Two lanes side by side (CI has two cores), then the concurrency test
# alone (it measures latency):
#   1. crash.c: SIGKILL at REAM_CRASH_KILLS (50) moments of a
#      REAM_CRASH_PAPERS (10,000) paper import; faults.sh: a full disk, a
#      read-only store, files that are not stores, a newer store
#   2. hostile.c + hostile.lua: REAM_HOSTILE_N (100,000) generated queries
#      through the Lua module, the first REAM_HOSTILE_CLI (500) of them
#      through `ream search`; oom.c: failed allocations (REAM_OOM_STEPS);
#      misuse.lua: the Lua module misused, built with ASan
#   3. concurrency.c: REAM_CONC_WRITERS (4) importers, REAM_CONC_CLI (4)
#      command readers and REAM_CONC_NVIM (4) Neovim readers for
#      REAM_CONC_SECONDS (60)
#
#   STRESS_ONLY="crash faults"   only these (crash faults hostile oom
#                                misuse concurrency)
set -u
cd "$(dirname "$0")/../.." || exit 1

ONLY=${STRESS_ONLY:-"crash faults hostile oom misuse concurrency"}
L=build/stress/logs
mkdir -p "$L"
rm -f "$L"/*.tap

if ! ${MAKE:-make} --no-print-directory -s all stress \
    build/san/lua/ream/core.so >"$L/build.log" 2>&1; then
	echo "not ok 1 - the stress drivers do not build"
	sed 's/^/# /' "$L/build.log" | tail -30
	exit 1
fi
for tool in luajit nvim; do
	command -v $tool >/dev/null 2>&1 || {
		echo "not ok 1 - $tool is not installed (Debian: apt install luajit neovim)"
		exit 1
	}
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/ream-stress-XXXXXX") || exit 1
# The allocation test rewrites its store hundreds of times: in memory.
SHM=$(mktemp -d /dev/shm/ream-stress-XXXXXX 2>/dev/null || mktemp -d "$TMP/shm-XXXXXX")
trap 'rm -rf "$TMP" "$SHM"' EXIT INT TERM
# The user's own store is never touched, whatever a test opens.
export REAM_DB="$TMP/default/ream.sqlite3"
export XDG_DATA_HOME="$TMP/xdg"
REAM=build/ream
ASAN_RT=$(${SAN_CC:-clang} -print-file-name=libclang_rt.asan-x86_64.so 2>/dev/null)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export REAM_OOM_STEPS="${REAM_OOM_STEPS:-100}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

wants() {
	case " $ONLY " in *" $1 "*) return 0 ;; esac
	return 1
}

# step NAME COMMAND...: runs a step with its output in $L/NAME.log, and
# adds a "not ok" when it failed without saying so in TAP.
step() {
	name=$1
	shift
	t0=$(date +%s)
	"$@" >"$L/$name.log" 2>&1
	rc=$?
	cat "$L/$name.log"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$L/$name.log"; then
		echo "not ok - $name exited with status $rc"
		tail -15 "$L/$name.log" | sed 's/^/# /'
	elif ! grep -q '^ok' "$L/$name.log" && ! grep -q '^not ok' "$L/$name.log"; then
		echo "not ok - $name ran no test"
	fi
	echo "# $name took $(($(date +%s) - t0)) s"
}

lane1() {
	if wants crash; then
		mkdir -p "$TMP/crash"
		step crash build/stress/crash "$REAM" "$TMP/crash"
	fi
	if wants faults; then
		step faults sh tests/stress/faults.sh "$REAM" build/stress/genlib
	fi
}

hostile() {
	mkdir -p "$TMP/hostile"
	S=$TMP/hostile/store.sqlite3
	build/stress/genlib "$TMP/hostile/lib.jsonl" 2301 1 2000 &&
		"$REAM" --db "$S" import tests/data/sample/library.jsonl \
			"$TMP/hostile/lib.jsonl" >/dev/null || return 1
	REAM_HOSTILE_CLI=${REAM_HOSTILE_CLI:-500} \
		build/stress/hostile "$REAM" "$S" "$TMP/hostile/queries" ||
		return 1
	LUA_CPATH="lua/?.so;;" luajit tests/stress/hostile.lua "$S" \
		"$TMP/hostile/queries"
}

# The misused functions may make stores where they are told: in $TMP.
misuse() {
	S=$TMP/misuse/store.sqlite3
	mkdir -p "$TMP/misuse"
	"$REAM" --db "$S" import tests/data/sample/library.jsonl >/dev/null &&
		(top=$(pwd) && cd "$TMP/misuse" &&
		LUA_CPATH="$top/build/san/lua/?.so;;" LD_PRELOAD="$ASAN_RT" \
		luajit "$top/tests/stress/misuse.lua" "$S")
}

lane2() {
	wants hostile && step hostile hostile
	wants oom && step oom build/stress/oom "$SHM"
	wants misuse && step misuse misuse
}

( lane1 >"$L/lane1.tap" ) &
( lane2 >"$L/lane2.tap" ) &
wait
if wants concurrency; then
	mkdir -p "$TMP/conc"
	step concurrency build/stress/concurrency "$REAM" "$(command -v nvim)" \
		"$TMP/conc" >"$L/lane3.tap"
fi

# One TAP stream, numbered again.
for f in "$L"/lane1.tap "$L"/lane2.tap "$L"/lane3.tap; do
	[ -f "$f" ] && cat "$f"
done | awk '
/^ok / { n++; sub(/^ok [0-9]* */, ""); print "ok " n " " $0; next }
/^not ok / { n++; bad = 1; sub(/^not ok [0-9]* */, ""); print "not ok " n " " $0; next }
/^1\.\./ || /^# [0-9]+ passed, [0-9]+ failed$/ { next }
{ print }
END { print "1.." n; exit bad }'
