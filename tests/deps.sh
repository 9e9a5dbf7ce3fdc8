#!/bin/sh
# tests/deps.sh build|test|demo: makes sure the Debian packages that step
# needs are installed. Installs the missing ones with apt-get when run as
# root (or through sudo without a password); otherwise prints the exact
# command to run and fails.
set -u
build="build-essential pkg-config libsqlite3-dev libjansson-dev libutf8proc-dev libluajit-5.1-dev"
case "${1:-build}" in
build) want="$build" ;;
demo) want="$build neovim" ;;
test) want="$build libcmocka-dev sqlite3 lua5.1 luajit lua-busted neovim tmux debootstrap pandoc texlive-base texlive-bibtex-extra biber texlive-latex-base texlive-latex-recommended clang llvm libclang-rt-14-dev valgrind" ;;
*) echo "usage: tests/deps.sh build|test|demo" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "ream: these packages are missing:$missing" >&2
	echo "ream: install them with your system's package manager" >&2
	exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "ream: these Debian packages are missing:$missing" >&2
	echo "ream: install them with:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "ream: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq $missing >/dev/null
