#!/usr/bin/env bash
# CI (issue 6): build the onedir executable on Linux and run --self-test on the built binary,
# offscreen, with a real Secret Service. Fails on any error, so a module, Qt plugin or keyring
# backend lost to PyInstaller's import graph fails the run. Called from .ci/run after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

# PyInstaller strips symbols with binutils' strip (see STRIP in the spec).
if ! command -v strip >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends binutils
fi

started=$(date +%s)
uv run --locked --group build python packaging/build.py --clean
echo "build + dependency install: $(( $(date +%s) - started )) s"

bundle=packaging/dist/PortOneDesk
program="$PWD/$bundle/PortOneDesk"

# What must never ship: development tools, other Qt translations.
if find "$bundle" \( -name 'pytest*' -o -name 'PyInstaller' -o -name 'hypothesis' \) | grep -q .; then
  echo "development tools found in the bundle" >&2
  exit 1
fi
if find "$bundle" -path '*/translations/*.qm' ! -name '*_ko.qm' | grep -q .; then
  echo "non-Korean Qt translations found in the bundle" >&2
  exit 1
fi

# The self-test runs from another folder (nothing may come from the source tree), offscreen, in a
# D-Bus session of its own with a fresh, unlocked gnome-keyring in a private folder, so the
# keyring step must really pass (PORTONE_DESK_SELFTEST_REQUIRE_KEYRING=1).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export QT_QPA_PLATFORM=offscreen
export PORTONE_DESK_HOME="$scratch/home"
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  export XDG_DATA_HOME="$scratch/data" PORTONE_DESK_SELFTEST_REQUIRE_KEYRING=1
  mkdir -p "$XDG_DATA_HOME"
  (cd "$scratch" && timeout 300 dbus-run-session -- sh -c '
    echo "portone-desk-selftest" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    "$0" --self-test
  ' "$program")
else
  echo "no dbus-run-session/gnome-keyring here: the keyring step may be skipped" >&2
  (cd "$scratch" && timeout 300 "$program" --self-test)
fi
