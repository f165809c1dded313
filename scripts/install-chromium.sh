#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the console's browser tests (playwright-core
# drives it; Playwright's own browser downloads are never used). A no-op when it is already there;
# otherwise installs the `chromium` package with apt-get, which needs root (as on CI) or sudo.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
say() { echo "install-chromium: $*" >&2; }

if [ -x "$CHROMIUM" ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  say "$CHROMIUM is missing and this is not a Debian-like system: install Chromium so that $CHROMIUM runs it."
  exit 1
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    say "$CHROMIUM is missing; run 'apt-get install -y chromium' as root (or install sudo)."
    exit 1
  fi
  SUDO=(sudo)
fi
say "installing Debian's chromium (once; about a minute)"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq chromium >/dev/null
if [ ! -x "$CHROMIUM" ]; then
  say "apt-get installed chromium but $CHROMIUM is still missing"
  exit 1
fi
say "$("$CHROMIUM" --version 2>/dev/null || echo installed)"
