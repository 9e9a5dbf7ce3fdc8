#!/bin/sh
# tests/e2e/run.sh: ream end to end in a real Neovim driven through tmux
# (tests/e2e/e2e.sh), under the host's Neovim and, when REAM_NVIM_CHROOT
# names a chroot with neovim and tmux (see tests/nvim/run.sh), under
# Neovim 0.12 too. TAP on stdout; non-zero exit when a test failed.
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

C=${REAM_NVIM_CHROOT:-}
if [ -z "$C" ]; then
	echo "# Neovim 0.12: not run (set REAM_NVIM_CHROOT to a chroot with neovim and tmux, see tests/nvim/run.sh)"
	exit $status
fi
guest=$(chroot "$C" nvim --version 2>/dev/null | sed -n '1s/^NVIM v//p')
echo "# chroot $C: Neovim $guest"
sh tests/nvim/chroot.sh "$C" sh /ream/tests/e2e/e2e.sh /ream "nvim $guest" || status=1
exit $status
