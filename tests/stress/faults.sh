#!/bin/sh
# tests/stress/faults.sh: a full disk, a read-only store, files that are not
# stores, a store from a newer ream: each gives a clear message through the
# ream command and the Lua module, and the store is left intact. TAP.
#
#   sh tests/stress/faults.sh REAM GENLIB
#
# Needs root for its small tmpfs mounts (or unshare(1) and user namespaces,
# which it then uses); the read-only file case runs as nobody through
# setpriv(1) when it can. Run from the top of the repository.
set -u
REAM=$1
GENLIB=$2

if [ "$(id -u)" -ne 0 ] && [ -z "${REAM_FAULTS_NS:-}" ]; then
	if command -v unshare >/dev/null 2>&1 &&
	    unshare -rm true 2>/dev/null; then
		REAM_FAULTS_NS=1 exec unshare -rm sh "$0" "$@"
	fi
	echo "not ok 1 - the fault tests need root or user namespaces (unshare -rm) to mount a tmpfs"
	exit 1
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/ream-faults-XXXXXX") || exit 1
chmod 755 "$W"	# for the case run as nobody
MOUNTS=""
cleanup() {
	for m in $MOUNTS; do
		umount "$m" 2>/dev/null
	done
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

export LUA_CPATH="lua/?.so;;"
LUA=${REAM_FAULTS_LUA:-luajit}
n=0
failed=0

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[ -s "$W/err" ] && sed 's/^/# stderr: /' "$W/err" | head -5
		[ -s "$W/out" ] && sed 's/^/# stdout: /' "$W/out" | head -5
	fi
}

# run ARGS...: runs ream with its output in $W/out and $W/err; sets $code.
run() {
	"$REAM" "$@" >"$W/out" 2>"$W/err"
	code=$?
}

# A clear message: "ream: ..." on stderr, exit 1, no crash, and none of
# SQLite's own messages outside the parentheses ream quotes them in.
clear_failure() {
	[ "$code" -eq 1 ] && grep -q '^ream: ' "$W/err" &&
		! sed 's/([^)]*)//g' "$W/err" | grep -qiE \
		'database or disk is full|disk I/O error|SQL logic|database is locked|not a database|unable to open database|readonly database|malformed|no such (table|column)'
}

papers() {
	"$REAM" --db "$1" stats --json 2>/dev/null |
		sed -n 's/.*"papers":\([0-9]*\).*/\1/p'
}

sum() {
	cat "$@" 2>/dev/null | md5sum | cut -d' ' -f1
}

# lua_open PATH [OPTS]: what the Lua module says opening PATH, in $W/out.
lua_try() {
	"$LUA" -e "$1" >"$W/out" 2>"$W/err"
	code=$?
}

mount_tmpfs() {
	mkdir -p "$1"
	mount -t tmpfs -o "size=$2" tmpfs "$1" || {
		echo "not ok - cannot mount a tmpfs on $1"
		exit 1
	}
	MOUNTS="$1 $MOUNTS"
}

"$GENLIB" "$W/small.jsonl" 2301 1 200
"$GENLIB" "$W/big.jsonl" 2302 1 10000
"$GENLIB" "$W/more.jsonl" 2303 1 1000

# ---- A full disk --------------------------------------------------------
F=$W/full
mount_tmpfs "$F" 6m
S=$F/store.sqlite3
run --db "$S" import "$W/small.jsonl"
ok $code "a store of 200 papers fits on a 6 MB disk"
run --db "$S" import "$W/big.jsonl"
clear_failure && grep -q 'is full' "$W/err" && grep -q 'nothing was lost' "$W/err"
ok $? "importing 10,000 papers onto the full disk says the disk is full and nothing was lost"
saved=$(sed -n 's/.*: \([0-9]*\) records were saved.*/\1/p' "$W/err")
run --db "$S" search model
ok $code "the store can still be searched on the full disk"
run --db "$S" check
[ "$code" -eq 0 ] || { clear_failure && grep -q 'is full' "$W/err"; }
ok $? "checking it on the full disk passes, or says the disk is full"
have=$(papers "$S")
[ -n "$have" ] && [ "$have" -ge 200 ] && [ "$have" -ge $((200 + ${saved:-0})) ]
ok $? "it holds the first 200 papers and the ${saved:-0} reported saved ($have)"
lua_try "local s = assert(require('ream.core').open('$S'))
local ok, err = s:import('$W/big.jsonl')
io.write(tostring(ok), ' ', tostring(err)) s:close()"
grep -q '^nil ream: .*is full' "$W/out"
ok $? "store:import in Lua returns nil and the disk-is-full message"
# Fill what is left to the last byte: reading must still work.
dd if=/dev/zero of="$F/filler" bs=64k >/dev/null 2>&1
run --db "$S" search model
[ "$code" -eq 0 ] || clear_failure
ok $? "with not a byte free, a search works or fails clearly"
run --db "$S" import "$W/more.jsonl"
clear_failure
ok $? "with not a byte free, an import fails clearly"
rm -f "$F/filler"
mount -o remount,size=64m "$F"
run --db "$S" check
ok $code "once there is room the store passes both integrity checks"
run --db "$S" import "$W/big.jsonl"
ok $code "and the next import finishes the job"
have=$(papers "$S")
[ "$have" = 10200 ]
ok $? "with every paper there once ($have of 10200)"

# ---- A read-only store ----------------------------------------------------
R=$W/ro
mount_tmpfs "$R" 64m
S=$R/store.sqlite3
"$REAM" --db "$S" import "$W/small.jsonl" >/dev/null 2>&1
mount -o remount,ro "$R"
before=$(sum "$S" "$S-wal")
run --db "$S" search model
[ "$code" -eq 0 ] && [ -s "$W/out" ]
ok $? "a store on a read-only mount can be searched"
run --db "$S" export
[ "$code" -eq 0 ] && grep -q '^@' "$W/out"
ok $? "and exported"
run --db "$S" import "$W/more.jsonl"
clear_failure && grep -q 'read-only' "$W/err"
ok $? "importing into it says the store is read-only"
run --db "$S" rm 2301.00001
clear_failure && grep -q 'read-only' "$W/err"
ok $? "removing from it says the store is read-only"
lua_try "local core = require('ream.core')
local s, err = core.open('$S')
io.write(tostring(s), ' ', tostring(err), '\n')
s = assert(core.open('$S', { readonly = true }))
io.write(#assert(s:search('model')), '\n') s:close()"
head -1 "$W/out" | grep -q '^nil ream: .*read-only' &&
	sed -n 2p "$W/out" | grep -q '^[1-9]'
ok $? "core.open in Lua returns nil and a read-only message, and opens it with readonly = true"
[ "$(sum "$S" "$S-wal")" = "$before" ]
ok $? "the read-only store is unchanged"
umount "$R"

if [ "$(id -u)" -eq 0 ] && [ -z "${REAM_FAULTS_NS:-}" ] &&
    command -v setpriv >/dev/null 2>&1; then
	P=$W/perm
	mkdir -p "$P"
	"$REAM" --db "$P/store.sqlite3" import "$W/small.jsonl" >/dev/null 2>&1
	chown -R nobody "$P"
	chmod 444 "$P/store.sqlite3"
	before=$(sum "$P/store.sqlite3")
	AS="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	$AS "$REAM" --db "$P/store.sqlite3" search model >"$W/out" 2>"$W/err"
	code=$?
	[ "$code" -eq 0 ] && [ -s "$W/out" ]
	ok $? "a store file without write permission can be searched"
	$AS "$REAM" --db "$P/store.sqlite3" import "$W/more.jsonl" >"$W/out" 2>"$W/err"
	code=$?
	clear_failure && grep -q 'read-only' "$W/err"
	ok $? "importing into it says the store is read-only"
	[ "$(sum "$P/store.sqlite3")" = "$before" ]
	ok $? "and it is unchanged"
else
	n=$((n + 1))
	echo "ok $n # SKIP a store file without write permission: needs root and setpriv"
fi

# ---- Files that are not stores --------------------------------------------
N=$W/notdb
mkdir -p "$N"
printf 'These are my notes, not a database.\n' >"$N/text"
head -c 65536 /dev/urandom >"$N/random"
sqlite3 "$N/other" 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
"$REAM" --db "$N/good" import "$W/big.jsonl" >/dev/null 2>&1
head -c 100000 "$N/good" >"$N/truncated"
cp "$N/good" "$N/damaged"
# A run of garbage over pages in the middle of the file.
dd if=/dev/urandom of="$N/damaged" bs=16384 seek=40 count=8 conv=notrunc \
	>/dev/null 2>&1
rm -f "$N/good"
for f in text random other truncated damaged; do
	before=$(sum "$N/$f")
	bad=0
	for cmd in "search model" "stats" "show 2302.00001" "export" \
	    "import $W/more.jsonl" "check"; do
		# shellcheck disable=SC2086
		run --db "$N/$f" $cmd
		if [ "$code" -ge 128 ]; then
			bad=1
			echo "# ream $cmd on $f: killed by signal $((code - 128))"
		elif [ "$code" -ne 0 ] && ! clear_failure; then
			bad=1
			echo "# ream $cmd on $f: exit $code"
			sed 's/^/#   /' "$W/err" | head -3
		fi
		case "$f:$cmd" in
		text:* | random:* | other:* | truncated:* | damaged:check)
			if [ "$code" -eq 0 ]; then
				bad=1
				echo "# ream $cmd on $f: succeeded"
			fi
			grep -qE 'not a ream store|damaged|another program' "$W/err" || {
				bad=1
				echo "# ream $cmd on $f says: $(head -1 "$W/err")"
			}
			;;
		esac
	done
	case $f in
	damaged) ok $bad "a store with damaged pages: no crash, clear messages, and check says it is damaged" ;;
	*) ok $bad "a file that is not a store ($f): every command says so clearly" ;;
	esac
	[ "$f" = damaged ] || {
		[ "$(sum "$N/$f")" = "$before" ] && [ ! -e "$N/$f-wal" ]
		ok $? "and the file ($f) is unchanged"
	}
done
lua_try "local s, err = require('ream.core').open('$N/text')
io.write(tostring(s), ' ', tostring(err))"
grep -q '^nil ream: .*not a ream store' "$W/out"
ok $? "core.open in Lua returns nil and the same message for a text file"

# ---- A store from a newer ream --------------------------------------------
V=$W/newer
mkdir -p "$V"
"$REAM" --db "$V/store.sqlite3" import "$W/small.jsonl" >/dev/null 2>&1
sqlite3 "$V/store.sqlite3" 'PRAGMA user_version = 99;' >/dev/null
before=$(sum "$V/store.sqlite3")
bad=0
for cmd in "search model" "stats" "import $W/more.jsonl" "check" "export"; do
	# shellcheck disable=SC2086
	run --db "$V/store.sqlite3" $cmd
	if ! clear_failure || ! grep -q 'newer ream' "$W/err"; then
		bad=1
		echo "# ream $cmd: exit $code: $(head -1 "$W/err")"
	fi
done
ok $bad "every command on a store from a newer ream says to update ream"
[ "$(sum "$V/store.sqlite3")" = "$before" ] && [ ! -s "$V/store.sqlite3-wal" ]
ok $? "and leaves it as it is"
lua_try "local s, err = require('ream.core').open('$V/store.sqlite3')
io.write(tostring(s), ' ', tostring(err))"
grep -q '^nil ream: .*newer ream' "$W/out"
ok $? "core.open in Lua returns nil and the same message"

echo "1..$n"
[ "$failed" -eq 0 ]
