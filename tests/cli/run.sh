#!/bin/sh
# tests/cli: the `ream` command as a user runs it (busted, TAP output).
cd "$(dirname "$0")/../.." || exit 1
exec busted --lua=lua5.1 -o TAP tests/cli
