#!/bin/sh
# tests/nvim/forky.sh: prints the path of a Debian testing ("forky") chroot
# with Neovim 0.12 and tmux, for tests/nvim/run.sh and tests/e2e/run.sh.
#
#   $REAM_NVIM_CHROOT   a chroot to use as it is (it must hold /usr/bin/nvim)
#   else build/forky    made here on first use with debootstrap (about a
#                       minute and 300 MB), then reused; `make clean` drops it
#
# When there is no chroot and none can be made (not root, no debootstrap, no
# network), prints why on standard error and exits 1: the caller reports
# that as a failed test, never as a skip.
set -u
cd "$(dirname "$0")/../.." || exit 1

C=${REAM_NVIM_CHROOT:-}
if [ -n "$C" ]; then
	if [ ! -x "$C/usr/bin/nvim" ]; then
		echo "REAM_NVIM_CHROOT=$C has no /usr/bin/nvim" >&2
		exit 1
	fi
	echo "$C"
	exit 0
fi

# What the tests use there; a chroot made before a package joined this list
# gets it with apt-get.
PACKAGES="neovim tmux sqlite3 libsqlite3-0 libjansson4 libutf8proc3"

# complete DIR: true when DIR holds every package (after installing the
# missing ones into an existing chroot).
complete() {
	[ -x "$1/usr/bin/nvim" ] || return 1
	missing=""
	for p in $PACKAGES; do
		chroot "$1" dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" -eq 0 ] || return 1
	echo "# installing$missing into $1" >&2
	chroot "$1" env DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		sh -c "apt-get -o Acquire::Check-Valid-Until=false update -qq && apt-get install -y -qq $missing" >>build/forky.log 2>&1
}

C=$(pwd)/build/forky
if [ -d "$C" ] && complete "$C"; then
	echo "$C"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "the Neovim 0.12 chroot needs root to be made (debootstrap, chroot);" \
		"or set REAM_NVIM_CHROOT to one that exists" >&2
	exit 1
fi
for need in debootstrap unshare flock; do
	if ! command -v "$need" >/dev/null 2>&1; then
		echo "the Neovim 0.12 chroot needs $need: apt-get install debootstrap util-linux" >&2
		exit 1
	fi
done

# One builder at a time (two `make test` in the same tree wait for each
# other); the chroot appears under its name only once it is complete.
mkdir -p build
exec 9>build/forky.lock
flock 9
if [ -d "$C" ] && complete "$C"; then
	echo "$C"
	exit 0
fi
tmp=$C.tmp
# An interrupted build may have left file systems mounted in its tree
# (debootstrap mounts /proc and, in a container, binds device nodes):
# unmount them before removing it, so rm never walks into the host's.
unmount_under() {
	awk -v d="$1/" 'index($2 "/", d) == 1 {print $2}' /proc/mounts | sort -r |
	while read -r m; do umount -l "$m" 2>/dev/null; done
}
unmount_under "$tmp"
unmount_under "$C"
rm -rf "$tmp" "$C"
# forky has no debootstrap script of its own in Debian 12's debootstrap:
# sid's works for every current suite.
script=/usr/share/debootstrap/scripts/sid
echo "# making the Neovim 0.12 chroot in $C (debootstrap forky, about a minute)" >&2
if ! debootstrap --variant=minbase \
	--include="$(echo $PACKAGES | tr ' ' ,)" \
	forky "$tmp" http://deb.debian.org/debian "$script" >build/forky.log 2>&1; then
	echo "debootstrap failed (see build/forky.log):" >&2
	tail -5 build/forky.log >&2
	rm -rf "$tmp"
	exit 1
fi
# Only what the tests need: no package caches.
rm -rf "$tmp/var/cache/apt/archives"/*.deb
if [ ! -x "$tmp/usr/bin/nvim" ]; then
	echo "the chroot has no /usr/bin/nvim (see build/forky.log)" >&2
	exit 1
fi
mv "$tmp" "$C"
echo "$C"
