#!/bin/sh
# tests/nvim/run.sh: the plugin's specs in headless Neovim (busted, TAP).
#
# Runs them under the host's nvim (Neovim 0.7.2 on Debian 12) and, when
# REAM_NVIM_CHROOT names a Debian testing chroot with neovim installed
# (Neovim 0.12), under that one too:
#
#   debootstrap --variant=minbase \
#     --include=neovim,libsqlite3-0,libjansson4,libutf8proc3,tmux \
#     forky /work/forky http://deb.debian.org/debian
#   REAM_NVIM_CHROOT=/work/forky sh tests/nvim/run.sh
#
# tests/nvim/chroot.sh runs them there, with the repository bind-mounted in a
# private mount namespace.
set -u
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
status=0

if [ ! -f lua/ream/core.so ]; then
	echo "not ok - the C module lua/ream/core.so is not built: run make"
	exit 1
fi

host=$(nvim --version | sed -n '1s/^NVIM v//p')
echo "# host: Neovim $host"
sh tests/nvim/specs.sh "$ROOT" "nvim $host" || status=1

C=${REAM_NVIM_CHROOT:-}
if [ -z "$C" ]; then
	echo "# Neovim 0.12: not run (set REAM_NVIM_CHROOT to a chroot with neovim, see tests/nvim/run.sh)"
	exit $status
fi
if [ ! -x "$C/usr/bin/nvim" ]; then
	echo "not ok - REAM_NVIM_CHROOT=$C has no /usr/bin/nvim"
	exit 1
fi
if ! command -v unshare >/dev/null 2>&1; then
	echo "not ok - the 0.12 run needs unshare (util-linux) and root"
	exit 1
fi
guest=$(chroot "$C" nvim --version 2>/dev/null | sed -n '1s/^NVIM v//p')
echo "# chroot $C: Neovim $guest"

sh tests/nvim/chroot.sh "$C" sh /ream/tests/nvim/specs.sh /ream "nvim $guest" || status=1
exit $status
