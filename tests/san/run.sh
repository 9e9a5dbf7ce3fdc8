#!/bin/sh
# tests/san/run.sh: the C tests (tests/c) and the Lua module's specs
# (tests/lua) again, built with ASan and UBSan (-fno-sanitize-recover=all,
# leaks detected) and run under valgrind (--error-exitcode, no definite
# leaks). TAP; each line names its run: "ok 3 - [asan] test_paper ...".
#
# Two lanes run side by side (CI has two cores):
#   asan      build/san/tests/test_* (make san), then the specs under
#             luajit with build/san/lua/ream/core.so and the sanitizer
#             runtime preloaded
#   valgrind  build/tests/test_* (make tests), then the specs under lua5.1
#             with lua/ream/core.so
# The specs that measure memory by RSS are left out of both (a sanitizer
# or valgrind owns the heap there; leaks are what they check instead), and
# the slowest garbage-collector specs run under ASan only.
#
#   SAN_LANES="asan"    only these lanes
set -u
cd "$(dirname "$0")/../.." || exit 1

LANES=${SAN_LANES:-"asan valgrind"}
L=build/san/logs
rm -rf "$L"
mkdir -p "$L"

missing=""
command -v "${SAN_CC:-clang}" >/dev/null 2>&1 || missing="$missing clang"
command -v valgrind >/dev/null 2>&1 || missing="$missing valgrind"
command -v busted >/dev/null 2>&1 || missing="$missing lua-busted"
if [ -n "$missing" ]; then
	echo "not ok 1 - missing:$missing (Debian: apt install clang llvm valgrind lua-busted)"
	exit 1
fi
if ! ${MAKE:-make} --no-print-directory -s san all tests >"$L/build.log" 2>&1; then
	echo "not ok 1 - the sanitizer build fails"
	sed 's/^/# /' "$L/build.log" | tail -30
	exit 1
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-}"
ASAN_RT=$(${SAN_CC:-clang} -print-file-name=libclang_rt.asan-x86_64.so)
VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --track-origins=no"

# Everything the specs write goes to a temporary folder.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ream-san-XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

# result LANE NAME LOG STATUS: the TAP lines of LOG named for the lane,
# and one "not ok" when the run failed without saying so in TAP, or a
# sanitizer or valgrind reported an error.
result() {
	# cmocka writes a skipped test as "not ok N # SKIP": it is no failure.
	sed -n -e "/^not ok [0-9]* *# *SKIP/{s//ok - [$1] $2: # SKIP/p;d;}" \
		-e "s/^\(\(not \)\{0,1\}ok\) [0-9]* *-* */\1 - [$1] $2: /p" "$3"
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|==[0-9]+== (Invalid|Conditional|Use of|Syscall param|Mismatched)|definitely lost in|Source and destination overlap' "$3"; then
		echo "not ok - [$1] $2: a memory error was reported"
		grep -E -A14 'ERROR: (Address|Leak)Sanitizer|runtime error:|==[0-9]+== (Invalid|Conditional|Use of|Syscall param|Mismatched)|definitely lost in' \
			"$3" | head -40 | sed 's/^/#   /'
	elif [ "$4" -ne 0 ] && ! grep -q '^not ok' "$3"; then
		echo "not ok - [$1] $2: exited with status $4"
		tail -15 "$3" | sed 's/^/#   /'
	elif ! grep -q '^ok' "$3"; then
		echo "not ok - [$1] $2: ran no test"
		tail -15 "$3" | sed 's/^/#   /'
	fi
}

# The C tests of a lane: $1 lane, $2 folder of binaries, $3 runner prefix.
c_tests() {
	for t in "$2"/test_*; do
		case $t in *.d) continue ;; esac
		[ -x "$t" ] || continue
		name=$(basename "$t")
		# shellcheck disable=SC2086
		CMOCKA_MESSAGE_OUTPUT=TAP $3 "$t" >"$L/$1.$name.log" 2>&1
		result "$1" "$name" "$L/$1.$name.log" $?
	done
}

# The Lua specs of a lane: $1 lane, $2 interpreter, $3 module folder,
# $4 runner prefix (may be empty), then busted's filters.
lua_specs() {
	lane=$1 lua=$2 cpath=$3 prefix=$4
	shift 4
	log=$L/$lane.lua.log
	(
		export TMPDIR="$TMP/$lane"
		mkdir -p "$TMPDIR"
		export REAM_DB="$TMPDIR/default/ream.sqlite3"
		export XDG_DATA_HOME="$TMPDIR/xdg"
		export LUA_PATH="tests/lua/?.lua;;"
		export LUA_CPATH="$cpath/?.so;;"
		# shellcheck disable=SC2086
		$prefix "$(command -v "$lua")" "$(command -v busted)" -o TAP \
			--pattern=_spec "$@" tests/lua
	) >"$log" 2>&1
	result "$lane" "$lua" "$log" $?
}

lane_asan() {
	c_tests asan build/san/tests ""
	lua_specs asan luajit build/san/lua "env LD_PRELOAD=$ASAN_RT" \
		--filter-out=memory.flat
}

lane_valgrind() {
	c_tests valgrind build/tests "$VALGRIND"
	lua_specs valgrind lua5.1 lua "$VALGRIND" --filter-out=memory.flat \
		--filter-out=collection.forced --filter-out=collector.stepping \
		--filter-out=finalizers.that --filter-out=10.MB
}

for lane in $LANES; do
	( "lane_$lane" >"$L/$lane.tap" ) &
done
wait

n=0
status=0
for lane in $LANES; do
	while IFS= read -r line; do
		case $line in
		"ok "*) n=$((n + 1)); echo "ok $n ${line#ok }" ;;
		"not ok "*) n=$((n + 1)); status=1; echo "not ok $n ${line#not ok }" ;;
		*) echo "$line" ;;
		esac
	done <"$L/$lane.tap"
done
echo "1..$n"
exit $status
