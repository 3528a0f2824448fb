#!/usr/bin/env sh
# Installs Debian's headless-capable Chromium for the Web Chat browser tests (test/channels/webchat*.browser.test.ts).
# Idempotent: does nothing when the browser is already there. Never downloads Playwright's own browsers.
set -eu

BROWSER="${MADOGUCHI_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$BROWSER" ]; then
  echo "install-browser: $BROWSER is already installed ($("$BROWSER" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: apt-get not found; install Chromium with your system's package manager and set MADOGUCHI_CHROMIUM to its path" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-browser: not root and sudo is missing; run as root: apt-get update && apt-get install -y chromium" >&2
    exit 1
  fi
fi

echo "install-browser: installing chromium with apt-get"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-noto-cjk

if [ ! -x "$BROWSER" ]; then
  echo "install-browser: apt-get finished but $BROWSER is still missing" >&2
  exit 1
fi
echo "install-browser: installed $("$BROWSER" --version 2>/dev/null || echo chromium)"
