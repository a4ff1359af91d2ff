#!/bin/sh
# Install the Debian packages haven needs to build, test and benchmark, but
# only those that are missing: on a machine that has them all this does
# nothing and needs no network.  Uses sudo when not run as root.
#   scripts/install-deps.sh          build and unit/end-to-end test needs
#   scripts/install-deps.sh --bench  also the benchmark tools
set -eu

pkgs="build-essential pkg-config sqlite3 libsqlite3-dev libsodium-dev libmicrohttpd-dev
libjansson-dev libutf8proc-dev libstemmer-dev libzip-dev libkeyutils-dev libcmocka-dev clang
libclang-rt-14-dev tzdata curl chromium nodejs"
# What the end-to-end tests drive a terminal and read the manual page with;
# a test fails, not skips, when one is missing.
pkgs="$pkgs tmux bsdutils groff-base"
# The shells whose completion t-completion.sh tries (bash is always there).
pkgs="$pkgs zsh fish"
# keyctl, with which t-vault-unlock.sh gives its haven a session keyring of
# its own and reads the key's permissions.
pkgs="$pkgs keyutils"
# cairo and pango draw the report and the partner card as PDF; poppler's
# pdfinfo and pdftotext let t-report.sh and t-card.sh read them back.
pkgs="$pkgs libcairo2-dev libpango1.0-dev poppler-utils"
# Syncthing: t-syncthing.sh syncs two journals through two instances of it
# on 127.0.0.1, as people set up haven sync (docs/SYNC.md).
pkgs="$pkgs syncthing"
[ "${1:-}" = "--bench" ] && pkgs="$pkgs hyperfine time wrk"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# Debian's nodejs ships npm separately; some other builds of nodejs carry it.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0

echo "haven: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "haven: need root or sudo to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
