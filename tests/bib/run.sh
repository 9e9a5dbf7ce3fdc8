#!/bin/sh
# tests/bib/run.sh: ream's .bib and CSL-JSON against the reference tools,
# in TAP. Run from anywhere after make (it uses build/ream and
# build/libream.a, and builds tests/bib/agree.c into build/bib/; B=DIR
# takes them from another build folder, as the Makefile's B).
#
#  (a) pandoc agreement: on TeX Live's .bib files, ream's keys, types,
#      titles, names, years and DOIs agree with pandoc -t csljson on at
#      least 99.5% of the entries; every other difference is listed in
#      tests/bib/known.txt with the reason pandoc is wrong.
#  (b) bibtex (plain, a hand-written .aux) and biber take `ream export` of
#      a store with every kind of paper without an error or a warning.
#  (c) a LaTeX document citing papers of the store compiles with pdflatex
#      and bibtex, every citation defined.
#  (d) round trip: pandoc reads ream's export of a .bib as it reads the
#      .bib (the variables ream keeps; differences listed in known.txt).
#  (e) `ream export --ascii` is ASCII.
#
# Needs pandoc, bibtex, biber, pdflatex and TeX Live's .bib files (Debian:
# pandoc texlive-base texlive-bibtex-extra biber texlive-latex-base
# texlive-latex-recommended); a missing one is a failed test. known.txt
# is for Debian 12's pandoc 2.17.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
B=${B:-build}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
OUT=$B/bib
KNOWN=$ROOT/tests/bib/known.txt
REAM=$B/ream
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
# say FILE: the lines of FILE as TAP comments
say() { sed 's/^/# /' "$1" | head -40; }
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit $?; }

rm -rf "$OUT"
mkdir -p "$OUT"
missing=""
for tool in pandoc bibtex biber pdflatex kpsewhich pkg-config; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	not_ok "tools are missing:$missing (Debian: apt install pandoc" \
		"texlive-base texlive-bibtex-extra biber texlive-latex-base" \
		"texlive-latex-recommended)"
	finish
fi
if [ ! -x "$REAM" ] || [ ! -f "$B/libream.a" ]; then
	not_ok "build/ream is not built (run make)"
	finish
fi
CC=${CC:-cc}
if ! $CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Icore \
	$(pkg-config --cflags jansson libutf8proc) -o "$OUT/agree" \
	tests/bib/agree.c "$B/libream.a" \
	$(pkg-config --libs sqlite3 jansson libutf8proc) -lm 2>"$OUT/cc.log"; then
	not_ok "tests/bib/agree.c builds"
	say "$OUT/cc.log"
	finish
fi

# texlive FILE: the path of one of TeX Live's .bib files, or nothing.
texlive() { kpsewhich "$1" 2>/dev/null; }

# listed CHECK FILE KEY FIELD: 0 when known.txt lists that difference.
listed() {
	awk -v c="$1" -v f="$2" -v k="$3" -v x="$4" \
		'$1 == c && $2 == f && $3 == k && $4 == x { found = 1 }
		 END { exit !found }' "$KNOWN"
}

# check_diffs CHECK FILE DIFFS: the differences in DIFFS ("diff KEY
# FIELD: ...") that known.txt does not list go to $OUT/unlisted, the
# listed ones to $OUT/seen. 0 when every one is listed.
check_diffs() {
	: >"$OUT/unlisted"
	grep '^diff ' "$3" | while read -r _ key field _; do
		field=${field%:}
		if listed "$1" "$2" "$key" "$field"; then
			echo "$1 $2 $key $field" >>"$OUT/seen"
		else
			grep -F -m1 "diff $key $field:" "$3" >>"$OUT/unlisted"
		fi
	done
	[ ! -s "$OUT/unlisted" ]
}
: >"$OUT/seen"

# ---- (a) pandoc agreement ----------------------------------------------

total=0
agreeing=0
for spec in xampl.bib:bibtex biblatex-examples.bib:biblatex \
	tugboat.bib:bibtex font.bib:bibtex texgraph.bib:bibtex \
	epodd.bib:bibtex serif.bib:bibtex texnique.bib:bibtex \
	archaeologie-bibancient.bib:biblatex oberdiek-bundle.bib:bibtex; do
	file=${spec%%:*}
	from=${spec#*:}
	path=$(texlive "$file")
	if [ -z "$path" ]; then
		not_ok "TeX Live's $file is installed (texlive-bibtex-extra)"
		continue
	fi
	if ! pandoc -f "$from" -t csljson "$path" >"$OUT/$file.json" \
		2>"$OUT/$file.pandoc.log"; then
		not_ok "pandoc reads $file"
		say "$OUT/$file.pandoc.log"
		continue
	fi
	if ! "$OUT/agree" "$path" "$OUT/$file.json" >"$OUT/$file.agree"; then
		not_ok "ream and pandoc read $file"
		continue
	fi
	set -- $(tail -n 1 "$OUT/$file.agree")
	entries=$3
	agree=$5
	total=$((total + entries))
	agreeing=$((agreeing + agree))
	if check_diffs agree "$file" "$OUT/$file.agree"; then
		ok "agrees with pandoc -f $from on $file: $agree of $entries" \
			"entries, the others listed in known.txt"
	else
		not_ok "agrees with pandoc -f $from on $file: $agree of" \
			"$entries entries; these differences are not in known.txt"
		say "$OUT/unlisted"
	fi
done
if [ "$total" -gt 0 ] &&
	[ $((agreeing * 1000)) -ge $((total * 995)) ]; then
	ok "agrees with pandoc on $agreeing of $total entries (at least 99.5%)"
else
	not_ok "agrees with pandoc on $agreeing of $total entries (less than" \
		"99.5%)"
fi

# ---- (b) bibtex and biber take the export of every kind of paper --------

DB=$OUT/all.sqlite3
export REAM_DB="$DB"
imported=1
for f in tests/data/arxiv/listing-mixed.txt tests/data/arxiv/snapshot.jsonl \
	tests/data/sample/library.jsonl tests/data/bib/pandoc.bib \
	tests/data/bib/reading.bib tests/data/bib/pandoc.json \
	"$(texlive xampl.bib)"; do
	"$REAM" import "$f" >>"$OUT/import.log" 2>&1 || imported=0
done
papers=$("$REAM" stats --json 2>/dev/null | sed -n 's/.*"papers": *\([0-9]*\).*/\1/p')
if [ "$imported" -eq 1 ] && [ "${papers:-0}" -gt 80 ]; then
	ok "imports arXiv listings, arXiv JSON, .bib and CSL-JSON into one" \
		"store ($papers papers)"
else
	not_ok "imports arXiv listings, arXiv JSON, .bib and CSL-JSON"
	say "$OUT/import.log"
fi

# bibtex_takes DIR NAME: 0 when bibtex with plain.bst reads DIR/NAME.bib
# (every entry, from a hand-written .aux) without a warning or an error.
bibtex_takes() {
	printf '\\relax\n\\citation{*}\n\\bibstyle{plain}\n\\bibdata{%s}\n' \
		"$2" >"$1/all.aux"
	(cd "$1" && bibtex all >bibtex.out 2>&1) || return 1
	! grep -q -e 'Warning--' -e 'error message' -e '---line' "$1/all.blg"
}

# biber_takes DIR NAME: 0 when biber reads DIR/NAME.bib without a warning
# or an error.
biber_takes() {
	(cd "$1" && biber --tool --output-file=tool.bib "$2.bib" \
		>biber.out 2>&1) || return 1
	! grep -q -e 'WARN' -e 'ERROR' "$1/$2.bib.blg"
}

for mode in utf8 ascii; do
	dir=$OUT/export-$mode
	mkdir -p "$dir"
	flag=""
	[ "$mode" = ascii ] && flag=" --ascii"
	if ! "$REAM" export $flag -o "$dir/export.bib" >"$dir/export.log" 2>&1; then
		not_ok "ream export$flag writes the store"
		say "$dir/export.log"
		continue
	fi
	if bibtex_takes "$dir" export; then
		ok "bibtex (plain) takes ream export$flag without a warning"
	else
		not_ok "bibtex (plain) takes ream export$flag without a warning"
		grep -e 'Warning--' -e 'error' "$dir/all.blg" | say /dev/stdin
	fi
	if biber_takes "$dir" export; then
		ok "biber takes ream export$flag without a warning"
	else
		not_ok "biber takes ream export$flag without a warning"
		grep -e 'WARN' -e 'ERROR' "$dir/export.bib.blg" | say /dev/stdin
	fi
done

# ---- (c) a LaTeX document citing papers of the store -------------------

dir=$OUT/latex
mkdir -p "$dir"
# papers from each source: an arXiv listing, arXiv JSON, .bib, CSL-JSON
cites=$("$REAM" search --tsv --limit 1 'Mamba' 2>/dev/null | cut -f1)
for q in 'title:"attention is all you need"' 'author:lecun' \
	'title:texbook' 'author:shannon' 'title:"gnats and gnus"'; do
	k=$("$REAM" search --tsv --limit 1 "$q" 2>/dev/null | cut -f1)
	[ -n "$k" ] && cites="$cites,$k"
done
cites=${cites#,}
cat >"$dir/paper.tex" <<EOF
\\documentclass{article}
\\usepackage[T1]{fontenc}
\\usepackage[utf8]{inputenc}
\\begin{document}
Sequence models \\cite{$cites} and the rest.
\\bibliographystyle{plain}
\\bibliography{refs}
\\end{document}
EOF
if "$REAM" export --cited-in "$dir/paper.tex" -o "$dir/refs.bib" \
	>"$dir/export.log" 2>&1 &&
	(cd "$dir" && pdflatex -interaction=nonstopmode -halt-on-error paper &&
	 bibtex paper && pdflatex -interaction=nonstopmode -halt-on-error paper &&
	 pdflatex -interaction=nonstopmode -halt-on-error paper) \
	>"$dir/latex.log" 2>&1 &&
	! grep -q -e 'Warning--' -e 'error message' "$dir/paper.blg" &&
	! grep -q -e '^!' -e 'Citation .* undefined' "$dir/paper.log" &&
	[ "$(echo "$cites" | tr ',' '\n' | wc -l)" -ge 5 ]; then
	ok "a LaTeX document citing $cites compiles with pdflatex and bibtex"
else
	not_ok "a LaTeX document citing ${cites:-nothing} compiles with" \
		"pdflatex and bibtex"
	grep -h -e '^!' -e 'undefined' -e 'Warning--' "$dir/paper.log" \
		"$dir/paper.blg" "$dir/export.log" 2>/dev/null | say /dev/stdin
fi

# ---- (d) round trip through ream and pandoc ----------------------------

for spec in "$ROOT/tests/data/bib/pandoc.bib:bibtex" \
	"$(texlive biblatex-examples.bib):biblatex" \
	"$(texlive serif.bib):bibtex" \
	"$(texlive texgraph.bib):bibtex" "$(texlive oberdiek-bundle.bib):bibtex"; do
	path=${spec%:*}
	from=${spec##*:}
	file=$(basename "$path")
	rt=$OUT/round-$file
	mkdir -p "$rt"
	if REAM_DB="$rt/store.sqlite3" "$REAM" import "$path" >"$rt/log" 2>&1 &&
		REAM_DB="$rt/store.sqlite3" "$REAM" export -o "$rt/export.bib" \
			>>"$rt/log" 2>&1 &&
		pandoc -f "$from" -t csljson "$path" >"$rt/before.json" \
			2>>"$rt/log" &&
		pandoc -f "$from" -t csljson "$rt/export.bib" >"$rt/after.json" \
			2>>"$rt/log" &&
		"$OUT/agree" --csl "$rt/before.json" "$rt/after.json" \
			>"$rt/diff"; then
		set -- $(tail -n 1 "$rt/diff")
		if check_diffs round "$file" "$rt/diff"; then
			ok "pandoc reads ream's export of $file as $file: $5 of" \
				"$3 items the same, the others listed in known.txt"
		else
			not_ok "pandoc reads ream's export of $file as $file;" \
				"these differences are not in known.txt"
			say "$OUT/unlisted"
		fi
	else
		not_ok "round trip of $file through ream and pandoc"
		say "$rt/log"
	fi
done

# known.txt lists nothing that no longer differs
sort -u "$OUT/seen" >"$OUT/seen.sorted"
grep -v -e '^#' -e '^[[:space:]]*$' "$KNOWN" | awk '{ print $1, $2, $3, $4 }' |
	sort -u >"$OUT/known.sorted"
comm -23 "$OUT/known.sorted" "$OUT/seen.sorted" >"$OUT/stale"
if [ -s "$OUT/stale" ]; then
	not_ok "every difference known.txt lists still happens"
	say "$OUT/stale"
else
	ok "every difference known.txt lists still happens"
fi

# ---- (e) --ascii is ASCII ----------------------------------------------

f=$OUT/export-ascii/export.bib
if [ -s "$f" ] && [ "$(LC_ALL=C tr -d '\000-\177' <"$f" | wc -c)" -eq 0 ]; then
	ok "ream export --ascii writes only ASCII"
else
	not_ok "ream export --ascii writes only ASCII"
	LC_ALL=C grep -n '[^ -~	]' "$f" 2>/dev/null | head -5 | say /dev/stdin
fi

finish
