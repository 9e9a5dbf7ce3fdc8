#!/bin/sh
# tests/nvim/chroot.sh CHROOT COMMAND [ARG...]: runs COMMAND inside CHROOT
# (a Debian testing chroot with neovim and tmux: Neovim 0.12), with
#   /ream            the repository (bind mount)
#   /shared          ../shared next to it, when there is one (the seeds)
#   /opt/ream-lua    busted and its C modules, copied from the host
#   /opt/ream-compat shared libraries the host-built core.so and build/ream
#                    need that the chroot lacks (Debian 12's libutf8proc.so.2;
#                    forky has .so.3), copied from the host
# The mounts live in a private mount namespace (unshare -m): nothing stays
# mounted afterwards. Needs root. Used by tests/nvim/run.sh and
# tests/e2e/run.sh.
set -u
C=$1
shift
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
SHARED=$(cd "$ROOT/.." && pwd)/shared
export C ROOT SHARED
exec unshare --mount sh -c '
	set -e
	mount --make-rprivate / 2>/dev/null || true
	mkdir -p "$C/ream" "$C/shared" "$C/opt/ream-lua/share" "$C/opt/ream-lua/lib" "$C/opt/ream-compat"
	mount --bind "$ROOT" "$C/ream"
	if [ -d "$SHARED" ]; then mount --bind "$SHARED" "$C/shared"; fi
	mount --rbind /dev "$C/dev"
	mount -t proc proc "$C/proc" 2>/dev/null || true
	# busted (symbolic links resolved: they point outside the folder).
	cp -rL /usr/share/lua/5.1/. "$C/opt/ream-lua/share/"
	cp -rL /usr/lib/x86_64-linux-gnu/lua/5.1/. "$C/opt/ream-lua/lib/"
	for bin in /ream/lua/ream/core.so /ream/build/ream; do
		[ -e "$C$bin" ] || continue
		chroot "$C" ldd "$bin" 2>/dev/null | awk "/not found/ {print \$1}" |
		while read -r so; do
			src=$(ldconfig -p | awk -v so="$so" "\$1 == so {print \$NF; exit}")
			if [ -n "$src" ]; then cp -L "$src" "$C/opt/ream-compat/$so"; fi
		done
	done
	set +e
	exec chroot "$C" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp \
		TERM="${TERM:-xterm-256color}" LANG=C.UTF-8 \
		LD_LIBRARY_PATH=/opt/ream-compat \
		REAM_LUA_SHARE=/opt/ream-lua/share REAM_LUA_LIB=/opt/ream-lua/lib \
		"$@"
' sh "$@"
