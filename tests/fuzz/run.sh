#!/bin/sh
# tests/fuzz/run.sh: the libFuzzer targets (tests/fuzz/fuzz_*.c), in TAP.
#
#   sh tests/fuzz/run.sh                   what make test runs: replay every
#                                          seed and regression input, then
#                                          fuzz each target a few seconds
#   sh tests/fuzz/run.sh --seconds 1800    fuzz each target that long, one
#                                          after the other (make fuzz)
#   sh tests/fuzz/run.sh --merge           fold what the long runs learned
#                                          into the seed corpora, minimised
#
#   FUZZ_TARGETS="query id"   only these targets
#   FUZZ_SHORT=3              seconds a target in make test
#   FUZZ_TIMEOUT=1            seconds an input may take (the issue's limit)
#
# Inputs live in tests/fuzz/corpus/<target>/ (seeds, replayed by CI),
# build/fuzz/seeds/<target>/ (seeds gathered at each run from the
# repository's test data and from real files other tools install: TeX
# Live's .bib files, the arXiv listing samples in $REAM_SEEDS or
# ../shared/seeds; never copied into the repository),
# tests/fuzz/regress/<target>/ (inputs that found a bug: each must pass),
# and build/fuzz/corpus/<target>/ (what long runs learn, kept between
# runs). A crash, leak, timeout or out-of-memory (> 2 GB) leaves its input
# in build/fuzz/crashes/<target>/; copy it to tests/fuzz/regress/<target>/
# once the bug is fixed.
set -u
cd "$(dirname "$0")/../.." || exit 1

mode=ci
seconds=${FUZZ_SHORT:-3}
case "${1:-}" in
--seconds) mode=long; seconds=${2:?--seconds needs a number} ;;
--merge) mode=merge ;;
"") ;;
*) echo "usage: tests/fuzz/run.sh [--seconds N | --merge]" >&2; exit 2 ;;
esac
timeout=${FUZZ_TIMEOUT:-1}
[ "$mode" = ci ] && timeout=${FUZZ_TIMEOUT:-5}

T=tests/fuzz
FB=build/fuzz
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

if ! command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1; then
	echo "not ok - clang is not installed (Debian: apt install clang llvm libclang-rt-14-dev)"
	exit 1
fi
if ! ${MAKE:-make} --no-print-directory -s fuzz-build >"$FB.build.log" 2>&1; then
	echo "not ok - the fuzz targets do not build"
	sed 's/^/# /' "$FB.build.log" | tail -30
	exit 1
fi

targets=${FUZZ_TARGETS:-$(ls $T/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')}

# The longest input a target is given, by what it parses.
max_len() {
	case "$1" in
	id) echo 256 ;;
	cite | text) echo 4096 ;;
	doc_keys) echo 8192 ;;
	query) echo 12288 ;;
	*) echo 16384 ;;
	esac
}

n=0
status=0
# report OK DESCRIPTION LOG: one TAP line; on failure the log's end as
# comments, the sanitizer's report first.
report() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		status=1
		grep -E -A8 'ERROR: |runtime error|fuzz: |^==[0-9]+== ?ERROR|Test unit written' \
			"$3" | head -40 | sed 's/^/# /'
		tail -5 "$3" | sed 's/^/# /'
	fi
}

# gather: fills $FB/seeds/<target>/ with the inputs found outside
# tests/fuzz (see above); what is not installed is left out.
gather() {
	rm -rf "$FB/seeds"
	mkdir -p "$FB/seeds/bibtex" "$FB/seeds/arxiv_listing" \
		"$FB/seeds/arxiv_json" "$FB/seeds/csl"
	cp tests/data/bib/*.bib "$FB/seeds/bibtex/" 2>/dev/null
	for f in xampl.bib biblatex-examples.bib tugboat.bib texgraph.bib \
		font.bib serif.bib; do
		p=$(kpsewhich "$f" 2>/dev/null) || continue
		[ -n "$p" ] || continue
		# Its first 8 pieces of 12 KB (the targets' max_len is 16 KB).
		head -c 98304 "$p" |
			split -b 12288 -a 2 -d - "$FB/seeds/bibtex/${f%.bib}-"
	done
	cp tests/data/listings/*.txt tests/data/arxiv/*.txt \
		"$FB/seeds/arxiv_listing/" 2>/dev/null
	for p in "${REAM_SEEDS:-../shared/seeds}"/*.txt; do
		[ -f "$p" ] && head -c 98304 "$p" | split -b 12288 -a 2 -d - \
			"$FB/seeds/arxiv_listing/$(basename "$p" .txt)-"
	done
	cp tests/data/arxiv/*.jsonl "$FB/seeds/arxiv_json/" 2>/dev/null
	head -n 20 tests/data/sample/library.jsonl \
		>"$FB/seeds/arxiv_json/library-head.jsonl"
	cp tests/data/bib/*.json "$FB/seeds/csl/" 2>/dev/null
	return 0
}

# Counts the inputs in the folders given.
count() {
	c=0
	for d in "$@"; do
		[ -d "$d" ] && c=$((c + $(ls "$d" | wc -l)))
	done
	echo $c
}

# replay TARGET: runs every seed and regression input once.
replay() {
	t=$1
	bin=$FB/fuzz_$t
	dirs=""
	for d in $T/corpus/$t $FB/seeds/$t $T/regress/$t; do
		[ -d "$d" ] && [ -n "$(ls "$d")" ] && dirs="$dirs $d"
	done
	log=$FB/logs/$t.replay.log
	if [ -z "$dirs" ]; then
		echo "no inputs" >"$log"
		report 1 "fuzz_$t has seed inputs in $T/corpus/$t" "$log"
		return
	fi
	# Each input on its own (not a corpus run) so that every one is
	# executed, whatever its length.
	# shellcheck disable=SC2086
	find $dirs -type f | sort | xargs "$bin" -timeout="$timeout" \
		-rss_limit_mb=2048 >"$log" 2>&1
	report $? "fuzz_$t replays its $(count $dirs) seed and regression inputs" "$log"
}

# fuzz TARGET SECONDS CORPUS: fuzzes for SECONDS into CORPUS (made first,
# then the seeds are read from the committed corpus).
fuzz() {
	t=$1
	secs=$2
	work=$3
	bin=$FB/fuzz_$t
	log=$FB/logs/$t.fuzz.log
	dict=""
	[ -f $T/dict/$t.dict ] && dict="-dict=$T/dict/$t.dict"
	mkdir -p "$work" "$FB/crashes/$t"
	# shellcheck disable=SC2086
	seeds=""
	for d in $T/corpus/$t $FB/seeds/$t; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	# shellcheck disable=SC2086
	"$bin" "$work" $seeds $dict -max_len="$(max_len "$t")" \
		-timeout="$timeout" -rss_limit_mb=2048 -max_total_time="$secs" \
		-print_final_stats=1 -artifact_prefix="$FB/crashes/$t/" \
		>"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	report $rc "fuzz_$t runs $secs s: ${execs:-?} inputs, coverage ${cov:-?}, no crash, leak or timeout" "$log"
	[ "$mode" = long ] && grep -E '^#[0-9]+' "$log" | tail -1 | sed 's/^/# /'
}

mkdir -p $FB/logs
gather
case $mode in
ci)
	for t in $targets; do
		replay "$t"
	done
	# Two targets at a time: CI has two cores.
	set -- $targets
	while [ $# -gt 0 ]; do
		a=$1; shift
		b=${1:-}; [ $# -gt 0 ] && shift
		rm -rf "$FB/ci/$a" "$FB/ci/$b"
		( n=0; fuzz "$a" "$seconds" "$FB/ci/$a" >"$FB/logs/$a.tap" ) &
		if [ -n "$b" ]; then
			( n=0; fuzz "$b" "$seconds" "$FB/ci/$b" >"$FB/logs/$b.tap" ) &
		fi
		wait
		for x in $a $b; do
			n=$((n + 1))
			sed "s/^\(\(not \)\{0,1\}ok\) 1 /\1 $n /" "$FB/logs/$x.tap"
			grep -q '^not ok' "$FB/logs/$x.tap" && status=1
		done
	done
	;;
long)
	for t in $targets; do
		replay "$t"
		fuzz "$t" "$seconds" "$FB/corpus/$t"
	done
	;;
merge)
	for t in $targets; do
		[ -d "$FB/corpus/$t" ] || continue
		log=$FB/logs/$t.merge.log
		before=$(count $T/corpus/$t)
		"$FB/fuzz_$t" -merge=1 -max_len="$(max_len "$t")" \
			-timeout="$timeout" $T/corpus/$t "$FB/corpus/$t" >"$log" 2>&1
		report $? "fuzz_$t corpus merged: $before -> $(count $T/corpus/$t) inputs" "$log"
	done
	;;
esac
echo "1..$n"
exit $status
