#!/bin/sh
# tests/nvim/run.sh: the plugin's specs in headless Neovim (busted, TAP).
#
# Runs them under the host's nvim (Neovim 0.7.2 on Debian 12) and under
# Neovim 0.12 in a Debian testing chroot (tests/nvim/forky.sh makes one in
# build/forky on first use, or set REAM_NVIM_CHROOT to one). A chroot that
# cannot be made is a failed test, not a skipped one.
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

why=$(mktemp "${TMPDIR:-/tmp}/ream-forky.XXXXXX")
if ! C=$(sh tests/nvim/forky.sh 2>"$why"); then
	echo "not ok - [nvim 0.12] the Neovim 0.12 chroot is there: $(tr '\n' ' ' <"$why")"
	rm -f "$why"
	exit 1
fi
rm -f "$why"
if ! command -v unshare >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
	echo "not ok - [nvim 0.12] the 0.12 run needs unshare (util-linux) and root"
	exit 1
fi
guest=$(chroot "$C" nvim --version 2>/dev/null | sed -n '1s/^NVIM v//p')
echo "# chroot $C: Neovim $guest"

sh tests/nvim/chroot.sh "$C" sh /ream/tests/nvim/specs.sh /ream "nvim $guest" || status=1
exit $status
