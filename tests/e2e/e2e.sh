#!/bin/sh
# tests/e2e/e2e.sh ROOT LABEL: ream as a user meets it. A real Neovim in a
# tmux session (its own server socket), driven with send-keys and read with
# capture-pane, on a real store imported by build/ream. Every wait polls the
# screen with a timeout. Prints TAP; exits non-zero when a test failed.
set -u
ROOT=$1
LABEL=$2
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ream-e2e.XXXXXX") || exit 1
SOCK="$TMP/tmux.sock"
T="tmux -S $SOCK"
n=0
failed=0

cleanup() {
	$T kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# ok NAME / fail NAME WHY: a TAP line (and the screen when failing).
# (printf, not echo: dash's echo eats the backslash of \cite.)
ok() {
	n=$((n + 1))
	printf 'ok %d - [%s] %s\n' "$n" "$LABEL" "$1"
}
fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	printf 'not ok %d - [%s] %s\n' "$n" "$LABEL" "$1"
	printf '# %s\n' "$2"
	screen | sed -e '/^~ *$/d' -e 's/^/#   | /'
}

screen() {
	$T capture-pane -p -t ream 2>/dev/null
}

# send KEYS...: tmux key names (Enter, Escape, C-x) or literal text with -l.
send() {
	$T send-keys -t ream "$@"
}
type_text() {
	$T send-keys -t ream -l "$1"
}

# wait_for TEXT [SECONDS]: until the screen shows TEXT (fixed string).
wait_for() {
	i=0
	limit=$(( ${2:-10} * 20 ))
	while [ $i -lt $limit ]; do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# wait_gone TEXT [SECONDS]: until the screen no longer shows TEXT.
wait_gone() {
	i=0
	limit=$(( ${2:-10} * 20 ))
	while [ $i -lt $limit ]; do
		if ! screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# check NAME TEXT: a test that passes when TEXT shows up.
check() {
	if wait_for "$2" "${3:-10}"; then ok "$1"; else fail "$1" "the screen never showed: $2"; fi
}

# ex CMD: an Ex command from Normal mode.
ex() {
	send Escape
	type_text ":$1"
	send Enter
}

# A store with the fixture library, imported with the command line tool.
if ! "$ROOT/build/ream" --db "$TMP/ream.sqlite3" import "$ROOT/tests/nvim/fixtures/library.jsonl" >"$TMP/import.log" 2>&1; then
	n=$((n + 1))
	printf 'not ok %d - [%s] build/ream imports the fixture library\n' "$n" "$LABEL"
	sed 's/^/# /' "$TMP/import.log"
	exit 1
fi

# No setup(): ream as installed, finding its store through $REAM_DB.
cat >"$TMP/init.lua" <<EOF
vim.opt.runtimepath:prepend("$ROOT")
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"
vim.cmd("filetype plugin indent on")
vim.cmd("syntax on")
EOF
mkdir -p "$TMP/doc"
cd "$TMP/doc" || exit 1
export XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data" XDG_STATE_HOME="$TMP/state" \
	REAM_DB="$TMP/ream.sqlite3"

$T new-session -d -s ream -x 110 -y 35 \
	"nvim -u $TMP/init.lua -i NONE -n paper.tex" || { echo "not ok 1 - [$LABEL] tmux starts"; exit 1; }
if ! wait_for "paper.tex" 10; then
	fail "Neovim starts in tmux" "no paper.tex on the screen"
	exit 1
fi

# cite_by_completion FILE OPEN TYPED KEY AUTHOR CLOSE EXPECTED: the menu
# opens by itself as the key is typed (no <C-x><C-o>, no completion
# plugin); <C-n> selects the best match and <C-y> accepts it.
cite_by_completion() {
	file=$1 open=$2 typed=$3 key=$4 author=$5 close=$6 expected=$7
	send Escape
	type_text ":e $file"
	send Enter
	wait_for "$file" 5
	send G o
	type_text "$open"
	if wait_for "$key" 10; then
		ok "$file: typing $open opens the menu of the store's papers"
	else
		fail "$file: typing $open opens the menu of the store's papers" "no menu"
	fi
	type_text "$typed"
	if wait_for "$key" 10 && screen | grep -F "$key" | grep -qF "$author" &&
		[ "$(screen | grep -c ' ream ')" -eq 1 ]; then
		ok "$file: typing $open$typed narrows the menu to $key, year, $author, title"
	else
		fail "$file: typing $open$typed narrows the menu to $key, year, $author, title" "no single candidate line"
	fi
	send C-n
	send C-y
	type_text "$close"
	send Escape
	check "$file: accepting the candidate gives $expected" "$expected"
	# Neovim 0.7's default 'completeopt' shows the documentation in the
	# preview window; it must not outlive the menu.
	sleep 0.3
	if screen | grep -qF "[Preview]"; then
		fail "$file: no preview window is left once the candidate is accepted" "a [Preview] window"
	else
		ok "$file: no preview window is left once the candidate is accepted"
	fi
}

# preview_key FILE KEY ABSTRACT_WORDS
preview_key() {
	file=$1 key=$2 words=$3
	ex "call search('$key', 'w')"
	ex "Ream preview"
	if wait_for "Abstract" 10 && wait_for "$words" 5; then
		ok "$file: :Ream preview on $key shows the abstract in a float"
	else
		fail "$file: :Ream preview on $key shows the abstract in a float" "no abstract"
	fi
	send l
	if wait_gone "Abstract" 5; then
		ok "$file: the preview closes when the cursor moves"
	else
		fail "$file: the preview closes when the cursor moves" "still open"
	fi
}

# search_cite FILE QUERY EXPECTED
search_cite() {
	file=$1 query=$2 expected=$3
	send Escape
	send G o
	send Escape
	ex "Ream search"
	if ! wait_for "ream search:" 10; then
		fail "$file: :Ream search asks for a query" "no prompt"
		return
	fi
	type_text "$query"
	send Enter
	if ! wait_for "1: " 10; then
		fail "$file: :Ream search lists the papers for '$query'" "no list"
		return
	fi
	ok "$file: :Ream search lists the papers for '$query'"
	type_text "1"
	send Enter
	if ! wait_for "Insert the citation" 10; then
		fail "$file: picking a paper offers the actions" "no actions"
		return
	fi
	type_text "1"
	send Enter
	check "$file: picking 'Insert the citation' inserts $expected" "$expected"
}

cite_by_completion paper.tex '\cite{' vasw vaswani2017attention "2017 Vaswani et al. Attention" '}' '\cite{vaswani2017attention}'
preview_key paper.tex vaswani2017attention "Transformer"
search_cite paper.tex mamba '\cite{gu2023mamba}'

cite_by_completion paper.md '[@' resid he2015deep "2015 He et al. Deep Residual" ']' '[@he2015deep]'
preview_key paper.md he2015deep "Residual connections"
search_cite paper.md adam '[@kingma2014adam]'

cite_by_completion paper.typ '@' adam kingma2014adam "2014 Kingma and Ba Adam" ' ' '@kingma2014adam'
preview_key paper.typ kingma2014adam "first-order optimiser"
search_cite paper.typ 'label smoothing' '@muller2019when'

# The files hold what the screen showed.
ex "wall"
sleep 0.3
for pair in 'paper.tex:\cite{gu2023mamba}' 'paper.md:[@kingma2014adam]' 'paper.typ:@muller2019when'; do
	f=${pair%%:*}
	want=${pair#*:}
	if [ -f "$f" ] && grep -qF -- "$want" "$f"; then
		ok "$f on disk holds $want"
	else
		fail "$f on disk holds $want" "$(cat "$f" 2>/dev/null | head -5)"
	fi
done

ex "qall!"
wait_gone "paper" 5

# make demo: off a terminal it finishes and says how to open the document;
# on one (this tmux) it opens Neovim there, where \cite{ completes and K
# previews.
if REAM_DEMO_DIR="$TMP/demo-off" timeout 60 sh "$ROOT/tests/demo" </dev/null >"$TMP/demo.log" 2>&1 &&
	grep -q "nvim -u" "$TMP/demo.log"; then
	ok "make demo off a terminal finishes and says how to open the sample document"
else
	fail "make demo off a terminal finishes and says how to open the sample document" "$(tail -3 "$TMP/demo.log")"
fi
$T kill-server 2>/dev/null
$T new-session -d -s ream -x 110 -y 35 "REAM_DEMO_DIR=$TMP/demo sh $ROOT/tests/demo"
check "make demo on a terminal opens Neovim on the sample document" "label smoothing here" 30
ex "call search('here: ', 'e')"
send a
type_text '\cite{smooth'
check "make demo: typing \cite{smooth offers muller2019when" "muller2019when"
send C-n C-y
type_text '}'
send Escape
check "make demo: accepting it cites \cite{muller2019when}" 'here: \cite{muller2019when}'
send h K
check "make demo: K previews the paper" "Abstract"
if wait_for "Abstract" 1 && grep -q "muller2019when" "$TMP/demo/refs.bib" 2>/dev/null; then
	ok "make demo: citing added the entry to the document's refs.bib"
else
	fail "make demo: citing added the entry to the document's refs.bib" "$(cat "$TMP/demo/refs.bib" 2>/dev/null | head -3)"
fi
ex "qall!"

echo "1..$n"
[ "$failed" -eq 0 ]
