#!/bin/sh
# tests/e2e/run.sh: ream end to end in a real Neovim driven through tmux
# (tests/e2e/e2e.sh), under the host's Neovim and under Neovim 0.12 in the
# Debian testing chroot of tests/nvim/forky.sh. TAP on stdout; non-zero exit
# when a test failed (a chroot that cannot be made is one).
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
status=0

for need in tmux nvim; do
	if ! command -v "$need" >/dev/null 2>&1; then
		echo "not ok - $need is not installed"
		exit 1
	fi
done
if [ ! -f lua/ream/core.so ] || [ ! -x build/ream ]; then
	echo "not ok - ream is not built (lua/ream/core.so, build/ream): run make"
	exit 1
fi

host=$(nvim --version | sed -n '1s/^NVIM v//p')
echo "# host: Neovim $host"
sh tests/e2e/e2e.sh "$ROOT" "nvim $host" || status=1

why=$(mktemp "${TMPDIR:-/tmp}/ream-forky.XXXXXX")
if ! C=$(sh tests/nvim/forky.sh 2>"$why"); then
	echo "not ok - [nvim 0.12] the Neovim 0.12 chroot is there: $(tr '\n' ' ' <"$why")"
	rm -f "$why"
	exit 1
fi
rm -f "$why"
guest=$(chroot "$C" nvim --version 2>/dev/null | sed -n '1s/^NVIM v//p')
echo "# chroot $C: Neovim $guest"
sh tests/nvim/chroot.sh "$C" sh /ream/tests/e2e/e2e.sh /ream "nvim $guest" || status=1
exit $status
